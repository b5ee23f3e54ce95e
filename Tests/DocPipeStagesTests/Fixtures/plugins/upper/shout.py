import json
import sys

options = json.loads(sys.stdin.readline())["options"]
print(json.dumps({"type": "ready", "protocol": 1, "name": "shout", "version": "2.1.0"}), flush=True)
for line in sys.stdin:
    message = json.loads(line)
    if message["type"] == "end":
        break
    document = message["document"]
    document["text"] = document["text"].upper() + options["suffix"] * options["times"]
    print(json.dumps({"type": "document", "seq": message["seq"], "document": document}, ensure_ascii=False))
    print(json.dumps({"type": "done", "seq": message["seq"]}), flush=True)
