#!/usr/bin/env python3
"""Serves latency.html on 127.0.0.1:<port> and appends every POST /report body to <file>, one line each."""
import http.server, sys, pathlib

PAGE = pathlib.Path(__file__).with_name('latency.html').read_bytes()
PORT, LOG = int(sys.argv[1]), sys.argv[2]

class Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        self.send_response(200)
        self.send_header('Content-Type', 'text/html')
        self.end_headers()
        self.wfile.write(PAGE)

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get('Content-Length', 0)))
        with open(LOG, 'ab') as f:
            f.write(body + b'\n')
        self.send_response(204)
        self.end_headers()

    def log_message(self, *args):
        pass

http.server.ThreadingHTTPServer(('127.0.0.1', PORT), Handler).serve_forever()
