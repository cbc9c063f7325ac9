#!/usr/bin/env python3
"""Serves the bundled demo site (tests/fixtures/demo-site) on 127.0.0.1 for scripts/demo.sh.

Each top-level folder of the site is a virtual host chosen by the request's Host header, so
that the crawler sees real host names (www.lesoir.be, ...) mapped to 127.0.0.1 with
`pressoir crawl --resolve`; it holds the host's index page and robots.txt. The articles are
the real pages of tests/fixtures, served at their original paths as listed in routes.tsv.
Prints the port it listens on, then serves until killed.
"""
import http.server
import os
import sys
import urllib.parse

ROOT = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else "tests/fixtures/demo-site")
FIXTURES = os.path.dirname(ROOT)
ROUTES = {}
with open(os.path.join(ROOT, "routes.tsv"), encoding="utf-8") as routes:
    for line in routes:
        if line.strip() and not line.startswith("#"):
            host, path, page = line.rstrip("\n").split("\t")
            ROUTES[(host, path)] = os.path.join(FIXTURES, page)


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as real news sites

    def do_GET(self):
        host = (self.headers.get("Host") or "").split(":")[0].lower()
        path = urllib.parse.unquote(urllib.parse.urlsplit(self.path).path)
        if (host, path) in ROUTES:
            with open(ROUTES[(host, path)], "rb") as f:
                return self.send(200, f.read(), "text/html")
        if path.endswith("/"):
            path += "index.html"
        file = os.path.normpath(os.path.join(ROOT, host, path.lstrip("/")))
        if not file.startswith(os.path.join(ROOT, host) + os.sep) or not os.path.isfile(file):
            return self.send(404, b"not found\n", "text/plain")
        with open(file, "rb") as f:
            body = f.read()
        kind = "text/plain" if file.endswith(".txt") else "application/rss+xml" if file.endswith(".xml") else "text/html"
        self.send(200, body, kind)

    def send(self, status, body, content_type):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
print(server.server_address[1], flush=True)
server.serve_forever()
