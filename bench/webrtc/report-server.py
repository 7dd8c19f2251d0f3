#!/usr/bin/env python3
"""Serves the bench's pages on 127.0.0.1:<port> and appends every POST /report body to <file>, one line each:
/ is latency.html (the viewer), /publish clock-publisher.html (the browser publisher), /webrtc-offer.js the WHIP and
WHEP offer helper the e2e pages use (e2e/players)."""
import http.server, sys, pathlib

HERE = pathlib.Path(__file__).parent
FILES = {'/': (HERE / 'latency.html', 'text/html'), '/publish': (HERE / 'clock-publisher.html', 'text/html'),
         '/webrtc-offer.js': (HERE.parent.parent / 'e2e' / 'players' / 'webrtc-offer.js', 'text/javascript')}
PORT, LOG = int(sys.argv[1]), sys.argv[2]

class Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        found = FILES.get(self.path.split('?')[0])
        if not found:
            self.send_error(404)
            return
        self.send_response(200)
        self.send_header('Content-Type', found[1])
        self.end_headers()
        self.wfile.write(found[0].read_bytes())

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get('Content-Length', 0)))
        with open(LOG, 'ab') as f:
            f.write(body + b'\n')
        self.send_response(204)
        self.end_headers()

    def log_message(self, *args):
        pass

http.server.ThreadingHTTPServer(('127.0.0.1', PORT), Handler).serve_forever()
