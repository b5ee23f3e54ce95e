#!/usr/bin/env python3
"""passthrough: the smallest useful docpipe-exec/1 stage — every document comes back unchanged.

It shows batch-friendly I/O: docpipe writes several documents before it reads the answers
(pipelining), so this stage reads whatever stdin has (up to 1 MiB at a time), answers every
complete line, and writes all the answers with one write — one system call per batch instead
of one per line. Answers go out in the order the documents came in, as the protocol requires.
"""
import json
import os
import sys


def write_all(data):
    view = memoryview(data)
    while view:
        written = os.write(1, view)
        view = view[written:]


def main():
    loads = json.loads
    dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
    pending = b""
    greeted = False
    while True:
        chunk = os.read(0, 1 << 20)
        if not chunk:
            return 0
        lines = (pending + chunk).split(b"\n")
        pending = lines.pop()
        out = []
        for line in lines:
            if not line.strip():
                continue
            message = loads(line)
            kind = message.get("type")
            if kind == "hello" and not greeted:
                greeted = True
                out.append(b'{"type":"ready","protocol":1,"name":"passthrough","version":"1.0.0","wants_raw":false}\n')
            elif kind == "document":
                seq = message["seq"]
                out.append(('{"type":"document","seq":%d,"document":%s}\n{"type":"done","seq":%d}\n'
                            % (seq, dumps(message["document"]), seq)).encode("utf-8"))
            elif kind == "end":
                write_all(b"".join(out))
                return 0
        if out:
            write_all(b"".join(out))


if __name__ == "__main__":
    sys.exit(main())
