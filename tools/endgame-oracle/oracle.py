#!/usr/bin/env python3
"""Runs one EQL query through the Python EQL engine (endgameinc/eql) and prints what it outputs, one per line:
an event's serial_event_id, or a whole record (count's aggregates) as JSON.

This is the independent oracle the Endgame-dialect conformance cases were checked against. Set up:
  apt-get install python3-lark            # the engine's one dependency
  git clone <endgameinc/eql> /tmp/eqlpy   # or unpack a snapshot there; tested at 7d8a09c
Run:
  python3 oracle.py 'process where child of [process where process_name == "services.exe"]'
  SENSITIVE=1 python3 oracle.py ...       # the engine with case folding off (eql.utils.CASE_INSENSITIVE = False)
Environment: EQL_PY (engine folder, default /tmp/eqlpy), EQL_DATA (events, default its eql/etc/test_data.json),
EQL_DEFINITIONS (macro/const definitions for the engine's preprocessor, eql.get_preprocessor),
EQL_DOLLAR=1 (parse as the engine's elastic_endpoint_syntax, where $name is an arraySearch variable).
"""
import json
import os
import sys

ENGINE = os.environ.get("EQL_PY", "/tmp/eqlpy")
sys.path.insert(0, ENGINE)

import eql.utils  # noqa: E402
from eql.engine import PythonEngine  # noqa: E402
from eql.events import Event  # noqa: E402
from eql.parser import elastic_endpoint_syntax, get_preprocessor, parse_query  # noqa: E402
from eql.ast import PreProcessor  # noqa: E402

if os.environ.get("SENSITIVE"):
    eql.utils.CASE_INSENSITIVE = False

data_file = os.environ.get("EQL_DATA", os.path.join(ENGINE, "eql", "etc", "test_data.json"))
with open(data_file) as handle:
    events = [Event.from_data(item) for item in json.load(handle)]

outputs = []
engine = PythonEngine({"flatten": True, "data_source": "endgame"})
engine.add_output_hook(outputs.append)
definitions = os.environ.get("EQL_DEFINITIONS")
preprocessor = get_preprocessor(definitions) if definitions else PreProcessor()
if os.environ.get("EQL_DOLLAR"):
    with elastic_endpoint_syntax, preprocessor:
        query = parse_query(sys.argv[1])
else:
    with preprocessor:
        query = parse_query(sys.argv[1])
engine.add_query(query)
engine.stream_events(events)
for event in outputs:
    if "serial_event_id" in event.data:
        print(event.data["serial_event_id"])
    else:
        print(json.dumps(event.data, sort_keys=True))
