#!/usr/bin/env python3
"""Loads `pressoir extract --explain --html` previews in headless Chromium (issue 17, item 1).

For each fixture page of a rule site (tests/fixtures/<site>/*.html with sites/<site>.yaml), the
test writes the preview, has Chromium load it (--dump-dom), and checks on the DOM Chromium
rendered that:
  - the marks are there: a body container and kept blocks, a selector or heuristic on every
    removed block, a title/date/author mark wherever the panel says a rule selector supplied it;
  - the panel's text is the text `pressoir extract` prints for the page (the preview shows what
    extraction really did), and its selector table lists the rule's selectors;
  - no script is left, and no request was attempted: Chromium's network log (--log-net-log)
    holds no request made by the page (the browser's own background requests, whose initiator
    is "not an origin", are not the page's). A proxy on a closed local port is set so that
    nothing could leave the machine anyway.
A control page (an <img> from the network, no CSP) must show up in the log, so that the check
can fail.

Usage: preview_browser_test.py --pressoir PATH [--source DIR] [--jobs N]
Exit codes: 0 pass, 1 failure (Chromium missing included: the message says how to install it),
77 skipped, only when PRESSOIR_SKIP_BROWSER_TESTS=1 is set.
"""
import argparse
import concurrent.futures
import html.parser
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--no-default-browser-check",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-default-apps", "--disable-extensions", "--disable-breakpad",
    "--disable-client-side-phishing-detection", "--disable-domain-reliability",
    # A proxy on a port nothing listens on: a request that got out of the page goes nowhere.
    "--proxy-server=http://127.0.0.1:9",
]
NETWORK_SCHEMES = ("http:", "https:", "ws:", "wss:", "ftp:")


class Dom(html.parser.HTMLParser):
    """The elements of a dumped DOM: (tag, attributes, text inside) for marked elements and the panel."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.elements = []  # [tag, attrs dict, text parts]
        self.open = []  # indexes into elements of the open elements
        self.scripts = 0

    def handle_starttag(self, tag, attrs):
        if tag == "script":
            self.scripts += 1
        self.elements.append([tag, dict(attrs), []])
        if tag not in ("area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
                       "track", "wbr"):
            self.open.append(len(self.elements) - 1)

    def handle_endtag(self, tag):
        for i in range(len(self.open) - 1, -1, -1):
            if self.elements[self.open[i]][0] == tag:
                del self.open[i:]
                return

    def handle_data(self, data):
        for index in self.open:
            self.elements[index][2].append(data)

    def text(self, element):
        return "".join(element[2])


def page_requests(net_log):
    """URLs of network requests the page made, from a Chromium net log.

    Every event that names a network URL counts, except the browser's own background requests
    (update checks, account probes), which Chromium starts with no origin: their URL is
    logged with initiator "not an origin", and a page's requests (subresources, navigations,
    WebSockets) always have their page's origin."""
    data = json.loads(Path(net_log).read_text(encoding="utf-8", errors="replace") or "{}")
    seen = set()
    browser_own = set()
    for event in data.get("events", []):
        params = event.get("params") or {}
        url = params.get("url", "")
        if not isinstance(url, str) or not url.lower().startswith(NETWORK_SCHEMES):
            continue
        seen.add(url)
        if params.get("initiator") == "not an origin":
            browser_own.add(url)
    return sorted(seen - browser_own)


def load(chromium, html_path, scratch):
    """Chromium's DOM of `html_path` after load, and the page's network requests."""
    profile = tempfile.mkdtemp(dir=scratch)
    net_log = os.path.join(profile, "net.json")
    result = subprocess.run(
        [chromium, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", f"--log-net-log={net_log}", "--dump-dom",
         Path(html_path).resolve().as_uri()],
        capture_output=True, text=True, timeout=60)
    if result.returncode != 0 or not result.stdout.strip():
        raise RuntimeError(f"chromium failed on {html_path} (exit {result.returncode}): {result.stderr[-500:]}")
    return result.stdout, page_requests(net_log)


def check_page(args, chromium, site, page, scratch):
    """(failures, summary) for one fixture page; a list of failures when it could not be checked."""
    try:
        return check_loaded_page(args, chromium, site, page, scratch)
    except (RuntimeError, OSError, subprocess.TimeoutExpired, ValueError) as error:
        return [f"{site}/{Path(page).name}: {error}"]


def check_loaded_page(args, chromium, site, page, scratch):
    failures = []
    out_html = os.path.join(scratch, f"{site}-{Path(page).stem}.preview.html")
    sites = str(Path(args.source) / "sites")
    made = subprocess.run([args.pressoir, "extract", "--explain", "--html", out_html, "--sites", sites, "--site", site,
                           str(page)], capture_output=True, text=True)
    if made.returncode != 0:
        return [f"{page}: extract --html exited {made.returncode}: {made.stderr.strip()}"]
    expected = subprocess.run([args.pressoir, "extract", "--sites", sites, "--site", site, str(page)],
                              capture_output=True, text=True).stdout
    dom_text, requests = load(chromium, out_html, scratch)
    dom = Dom()
    dom.feed(dom_text)
    name = f"{site}/{Path(page).name}"
    if dom.scripts:
        failures.append(f"{name}: {dom.scripts} <script> element(s) in the rendered DOM")
    if requests:
        failures.append(f"{name}: the page attempted network requests: {requests[:5]}")
    marked = [e for e in dom.elements if "data-pressoir-mark" in e[1]]
    kinds = {}
    for element in marked:
        for kind in element[1]["data-pressoir-mark"].split():
            kinds.setdefault(kind, []).append(element)
    if len(kinds.get("body", [])) < 1:
        failures.append(f"{name}: no body mark")
    if len(kinds.get("kept", [])) < 1:
        failures.append(f"{name}: no kept block marked")
    for element in kinds.get("removed", []):
        if not element[1].get("data-pressoir-by", "").strip():
            failures.append(f"{name}: a removed <{element[0]}> says nothing of what removed it")
    fields = {e[1]["data-pressoir-field"]: dom.text(e) for e in dom.elements if "data-pressoir-field" in e[1]}
    for field, kind in (("title from", "title"), ("date from", "date"), ("authors from", "author")):
        if fields.get(field, "").startswith("selector ") and not kinds.get(kind):
            failures.append(f"{name}: the {field.split()[0]} came from a rule selector but nothing is marked {kind}")
    selectors = [e for e in dom.elements if "data-pressoir-selector" in e[1]]
    if not selectors:
        failures.append(f"{name}: the panel lists no selector")
    removing = sum(int(e[1].get("data-pressoir-count", "0")) for e in selectors if e[1].get("data-pressoir-key") == "remove")
    if removing and not any(b.startswith("remove: ") for e in kinds.get("removed", [])
                            for b in e[1].get("data-pressoir-by", "").split(" | ")):
        failures.append(f"{name}: remove selectors matched {removing} element(s) but no removal is marked")
    panel_text = [dom.text(e) for e in dom.elements if "data-pressoir-text" in e[1]]
    if not panel_text or panel_text[0].strip() != expected.strip():
        failures.append(f"{name}: the panel's text is not what `pressoir extract` prints")
    summary = f"{name}: " + ", ".join(f"{k} {len(v)}" for k, v in sorted(kinds.items()))
    return failures, summary


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--pressoir", required=True)
    parser.add_argument("--source", default=str(Path(__file__).resolve().parents[2]))
    # Chromium spends most of a load waiting, not computing: several at once.
    parser.add_argument("--jobs", type=int, default=6)
    args = parser.parse_args()
    if os.environ.get("PRESSOIR_SKIP_BROWSER_TESTS") == "1":
        print("skipped: PRESSOIR_SKIP_BROWSER_TESTS=1")
        return 77
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        print("FAIL: chromium is not installed; the preview's browser test needs it: run scripts/setup.sh "
              "(apt-get install chromium), or set PRESSOIR_SKIP_BROWSER_TESTS=1 to skip this test on purpose",
              file=sys.stderr)
        return 1
    source = Path(args.source)
    pages = [(fixture.parent.name, fixture) for fixture in sorted((source / "tests" / "fixtures").glob("*/*.html"))
             if (source / "sites" / f"{fixture.parent.name}.yaml").is_file()]
    if not pages:
        print("FAIL: no fixture page of a rule site under tests/fixtures", file=sys.stderr)
        return 1
    started = time.monotonic()
    failures = []
    with tempfile.TemporaryDirectory() as scratch:
        # The control: a page that loads an image from the network must show in the log.
        control = os.path.join(scratch, "control.html")
        Path(control).write_text('<p>control</p><img src="http://control.invalid/pixel.png">', encoding="utf-8")
        _, requests = load(chromium, control, scratch)
        if not any("control.invalid" in url for url in requests):
            failures.append(f"control: the net log check did not see the control page's request ({requests})")
        with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
            results = list(pool.map(lambda item: check_page(args, chromium, item[0], item[1], scratch), pages))
        for result in results:
            if isinstance(result, list):
                failures += result
                continue
            page_failures, summary = result
            failures += page_failures
            print(summary)
    elapsed = time.monotonic() - started
    print(f"{len(pages)} preview(s) loaded in Chromium in {elapsed:.1f} s")
    for failure in failures:
        print("FAIL: " + failure, file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
