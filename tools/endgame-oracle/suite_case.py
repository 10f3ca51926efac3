#!/usr/bin/env python3
"""Prints conformance case(s) for tests/Vigil.Conformance.Tests/Endgame/python-eql-dialect.toml with the ids the
Python EQL engine gives, in both case modes: one unflagged case when both agree, else a case_insensitive and a
case_sensitive one. Set up as for oracle.py (EQL_PY, EQL_DATA).

  python3 suite_case.py NAME SOURCE QUERY [DEFINITIONS]

DEFINITIONS (macro/const text) are handed to the engine's preprocessor (eql.get_preprocessor) and written before the
query in the case, where Vigil's Endgame parser reads them.
"""
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))


def run(query, definitions, sensitive):
    env = dict(os.environ)
    if sensitive:
        env["SENSITIVE"] = "1"
    else:
        env.pop("SENSITIVE", None)
    if definitions:
        env["EQL_DEFINITIONS"] = definitions
    out = subprocess.run([sys.executable, os.path.join(HERE, "oracle.py"), query], env=env,
                         capture_output=True, text=True)
    if out.returncode != 0:
        sys.exit("oracle failed on %r:\n%s" % (query, out.stderr[-2000:]))
    return [int(line) for line in out.stdout.split()]


def case(name, source, text, ids, flag=None):
    lines = ["[[queries]]", 'name = "%s"' % name, 'source = "%s"' % source]
    if flag:
        lines.append("%s = true" % flag)
    lines += ["query = '''", text, "'''", "expected_event_ids = %s" % ids, ""]
    return "\n".join(lines)


def main():
    name, source, query = sys.argv[1:4]
    definitions = sys.argv[4] if len(sys.argv) > 4 else ""
    text = (definitions.strip() + "\n" + query) if definitions else query
    folded, exact = run(query, definitions, False), run(query, definitions, True)
    if folded == exact:
        print(case(name, source, text, folded))
    else:
        print(case(name + " (case-insensitive)", source, text, folded, "case_insensitive"))
        print(case(name + " (case-sensitive)", source, text, exact, "case_sensitive"))


main()
