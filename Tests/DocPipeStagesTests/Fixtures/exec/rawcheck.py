#!/usr/bin/env python3
"""Asks for raw bytes (wants_raw) and reports their length and first byte in metadata."""
import base64
import json
import sys

json.loads(sys.stdin.readline())
print(json.dumps({"type": "ready", "protocol": 1, "name": "rawcheck", "version": "1", "wants_raw": True}), flush=True)
for line in sys.stdin:
    message = json.loads(line)
    if message["type"] == "end":
        break
    document = message["document"]
    raw = base64.b64decode(document.get("raw", ""))
    document["metadata"] = {"raw_bytes": len(raw), "raw_text": raw.decode("utf-8", "replace")}
    document["raw"] = base64.b64encode(raw + b"!").decode("ascii")
    print(json.dumps({"type": "document", "seq": message["seq"], "document": document}, ensure_ascii=False))
    print(json.dumps({"type": "done", "seq": message["seq"]}), flush=True)
