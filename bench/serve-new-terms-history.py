#!/usr/bin/env python3
"""
One serve execution of a new_terms rule (history now-7d) beside a KQL query rule with the same query, side by side
in one run over one store: N history events spread over the 6 days before the window (event.ingested set to their
time), then 5,000 window events (half of their users known from the history). Prints each rule's search time from
its last execution record. Usage: bench/serve-new-terms-history.py N [VIGIL] (from the repository root, after
dotnet build src/Vigil.Cli -c Release); works in a temporary folder.
"""
import json, os, subprocess, sys, tempfile, time, urllib.request, datetime
N = int(sys.argv[1]) if len(sys.argv) > 1 else 100000
VIGIL = os.path.abspath(sys.argv[2] if len(sys.argv) > 2 else "artifacts/bin/Vigil.Cli/release/vigil")
os.chdir(tempfile.mkdtemp(prefix="vigil-nt-bench-"))
RULES = [
    {"rule_id": "nt", "name": "nt", "description": "bench", "type": "new_terms", "language": "kuery", "query": "event.action:\"logged-in\"",
     "index": ["logs-system.auth-*"], "severity": "low", "risk_score": 21, "from": "now-10m", "interval": "5m", "max_signals": 100,
     "version": 1, "new_terms_fields": ["user.name"], "history_window_start": "now-7d"},
    # now-11m: another window, so each rule's search time is its own pass.
    {"rule_id": "q", "name": "q", "description": "bench", "type": "query", "language": "kuery", "query": "event.action:\"logged-in\"",
     "index": ["logs-system.auth-*"], "severity": "low", "risk_score": 21, "from": "now-11m", "interval": "5m", "max_signals": 100, "version": 1},
]
with open("rules.ndjson", "w") as f:
    f.write("".join(json.dumps(r) + "\n" for r in RULES))
base = "http://127.0.0.1:19213"
start = datetime.datetime(2026, 11, 27, 10, 0, tzinfo=datetime.timezone.utc)
p = subprocess.Popen([VIGIL, "serve", "--rules", "rules.ndjson", "--data", "data",
    "--listen", "127.0.0.1:19213", "--clock", "2026-11-27T10:00:00Z"], stderr=open("serve.log", "w"))
def req(method, path, body=None, ctype="application/json"):
    r = urllib.request.Request(base + path, data=body, method=method, headers={"Content-Type": ctype, "kbn-xsrf": "m"})
    return json.loads(urllib.request.urlopen(r, timeout=600).read())
for _ in range(100):
    try:
        req("GET", "/"); break
    except Exception: time.sleep(0.2)
req("GET", "/_vigil/scheduler/idle?timeout=60s")
def iso(t): return t.strftime("%Y-%m-%dT%H:%M:%S.%fZ")
def bulk(events):
    lines = []
    for i, (t, user) in enumerate(events):
        lines.append('{"create":{"_index":"logs-system.auth-default"}}')
        lines.append(json.dumps({"@timestamp": iso(t), "event": {"action": "logged-in", "ingested": iso(t)}, "user": {"name": user}, "message": "x" * 200}))
    req("POST", "/_bulk", ("\n".join(lines) + "\n").encode(), "application/x-ndjson")
hist = [(start - datetime.timedelta(days=6) + datetime.timedelta(seconds=i * 6 * 86400 / N), "u%d" % (i % 5000)) for i in range(N)]
for k in range(0, N, 5000): bulk(hist[k:k+5000])
bulk([(start + datetime.timedelta(minutes=2), "u%d" % i) for i in range(0, 10000, 2)])  # half known, half new
req("POST", "/_vigil/clock", json.dumps({"now": "2026-11-27T10:05:00Z"}).encode())
req("GET", "/_vigil/scheduler/idle?timeout=600s")
for rid in ["nt", "q"]:
    r = req("GET", "/api/detection_engine/rules?rule_id=" + rid)
    le = r["execution_summary"]["last_execution"]
    print(rid, le["status"], le["metrics"], flush=True)
a = req("POST", "/api/detection_engine/signals/search", json.dumps({"size": 0, "query": {"match_all": {}}, "aggs": {"r": {"terms": {"field": "kibana.alert.rule.rule_id"}}}}).encode())
print(a["aggregations"])
p.terminate(); p.wait()
import shutil
shutil.rmtree(os.getcwd(), ignore_errors=True)
