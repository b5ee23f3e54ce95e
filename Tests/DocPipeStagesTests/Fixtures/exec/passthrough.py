#!/usr/bin/env python3
"""The smallest docpipe-exec/1 stage: every document comes back unchanged."""
import json
import sys

out = sys.stdout
hello = json.loads(sys.stdin.readline())
out.write('{"type":"ready","protocol":1,"name":"passthrough","version":"1.0","wants_raw":false}\n')
out.flush()
for line in sys.stdin:
    message = json.loads(line)
    if message["type"] == "end":
        break
    seq = message["seq"]
    out.write('{"type":"document","seq":%d,"document":%s}\n{"type":"done","seq":%d}\n'
              % (seq, json.dumps(message["document"], ensure_ascii=False, separators=(",", ":")), seq))
    out.flush()
