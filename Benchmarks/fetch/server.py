#!/usr/bin/env python3
"""A threaded HTTP/1.1 (keep-alive) static file server for the fetch benchmark.

Usage: server.py DIRECTORY PORTFILE  -- binds 127.0.0.1 on a free port and writes it to PORTFILE.
"""
import functools
import http.server
import sys


class Handler(http.server.SimpleHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # Headers and body go out in separate writes; without TCP_NODELAY, Nagle's algorithm and the
    # client's delayed ACK stall every keep-alive response by ~40 ms and the server is all we measure.
    disable_nagle_algorithm = True

    def log_message(self, format, *args):
        pass


def main():
    directory, port_file = sys.argv[1], sys.argv[2]
    handler = functools.partial(Handler, directory=directory)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    with open(port_file, "w") as f:
        f.write(str(server.server_address[1]))
    server.serve_forever()


if __name__ == "__main__":
    main()
