#!/usr/bin/env python3
"""A docpipe-exec/1 test stage whose behaviour per document is chosen by a marker in its text.

CRASH: raises (exit status 1); HANG: sleeps forever; BADJSON: writes a line that is not JSON;
WRONGSEQ: answers for another seq; EXIT: exits 0 without answering; DROP: no output;
SPLIT:n: n output documents; ERROR: an error message. Anything else passes through, with
metadata.seen_by = "faulty" and metadata.hello = the hello options.
"""
import json
import sys
import time


def send(message):
    sys.stdout.write(json.dumps(message, ensure_ascii=False) + "\n")


def main():
    hello = json.loads(sys.stdin.readline())
    assert hello["type"] == "hello" and hello["protocol"] == 1
    send({"type": "ready", "protocol": 1, "name": "faulty", "version": "1.0", "wants_raw": False})
    sys.stdout.flush()
    for line in sys.stdin:
        message = json.loads(line)
        if message["type"] == "end":
            return 0
        seq = message["seq"]
        document = message["document"]
        text = document.get("text", "")
        if "CRASH" in text:
            print("about to crash on", document["id"], file=sys.stderr, flush=True)
            raise RuntimeError("crash requested")
        if "HANG" in text:
            time.sleep(3600)
        if "BADJSON" in text:
            sys.stdout.write("{this is not json\n")
            sys.stdout.flush()
            continue
        if "WRONGSEQ" in text:
            send({"type": "done", "seq": seq + 1000})
            sys.stdout.flush()
            continue
        if "EXIT" in text:
            sys.stdout.flush()
            sys.exit(0)
        if "ERROR" in text:
            send({"type": "error", "seq": seq, "message": "refused: " + document["id"]})
        elif "DROP" in text:
            send({"type": "done", "seq": seq})
        elif "SPLIT:" in text:
            count = int(text.split("SPLIT:")[1].split()[0])
            for part in range(1, count + 1):
                piece = dict(document)
                piece["id"] = "%s-%d" % (document["id"], part)
                piece["text"] = "part %d" % part
                send({"type": "document", "seq": seq, "document": piece})
            send({"type": "done", "seq": seq})
        else:
            document.setdefault("metadata", {})["seen_by"] = "faulty"
            document["metadata"]["hello"] = hello.get("options", {})
            send({"type": "document", "seq": seq, "document": document})
            send({"type": "done", "seq": seq})
        sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
