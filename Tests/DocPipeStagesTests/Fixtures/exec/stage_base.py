"""Shared loop for the broken exec-check test programs: each overrides one behaviour."""
import json
import sys


def serve(protocol=1, answer_seq=None, exit_code=0, encoding="utf-8", line_limit=None):
    stdin = sys.stdin.buffer
    out = sys.stdout.buffer

    def send(message):
        out.write((json.dumps(message, ensure_ascii=False) + "\n").encode(encoding, "replace"))

    json.loads(stdin.readline())
    send({"type": "ready", "protocol": protocol, "name": "broken", "version": "0"})
    out.flush()
    while True:
        line = stdin.readline(line_limit) if line_limit else stdin.readline()
        if not line:
            break
        message = json.loads(line)
        if message["type"] == "end":
            break
        seq = answer_seq if answer_seq is not None else message["seq"]
        send({"type": "document", "seq": seq, "document": message["document"]})
        send({"type": "done", "seq": seq})
        out.flush()
    return exit_code
