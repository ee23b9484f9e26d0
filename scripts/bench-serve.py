#!/usr/bin/env python3
"""Edit-to-served latency of `sotay serve`, measured the way ../shared/bench/PEERS.md
measured Hugo, Zola and mdBook: start the preview, change a source file, poll the page
over HTTP every few milliseconds until the change is served; random pauses between
edits; report the median (and every value).

Edits measured:
  body    append a line to one page (the everyday edit: only that page is rendered)
  title   change that page's title (every page's navigation may show it: the tree)
  add     add a new page (the tree)
  rename  rename that new page (the tree; a page nobody links to, so the build succeeds)

Usage:
  scripts/bench-serve.py bundled            # the example handbook of this repository
  scripts/bench-serve.py corpus 10000       # gen_corpus.py 10000 pages (--tool plain)
Options: --sotay PATH (default target/release/sotay), --edits N (default 12),
         --poll-ms MS (default 2), --keep (keep the temporary handbook).

Only the Python standard library is used. The handbook is copied or generated into a
temporary folder; nothing in the repository is changed.
"""

import argparse
import http.client
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
GEN = os.path.join(REPO, "..", "shared", "bench", "gen_corpus.py")


def output_path(source_rel):
    """sotay's output path of content/<source_rel>: a/b.md -> /a/b.html."""
    if source_rel == "_index.md":
        return "/index.html"
    if source_rel.endswith("/_index.md"):
        return "/" + source_rel[: -len("_index.md")] + "index.html"
    return "/" + source_rel[: -len(".md")] + ".html"


class Server:
    def __init__(self, sotay, root, log):
        self.log = open(log, "w")
        t0 = time.perf_counter()
        self.proc = subprocess.Popen(
            [sotay, "serve", "--root", root, "--port", "0"],
            stdout=subprocess.PIPE, stderr=self.log, text=True)
        while True:
            line = self.proc.stdout.readline()
            if not line:
                sys.exit("sotay serve stopped; see " + log)
            if "http://" in line:
                hostport = line.split("http://")[1].split("/")[0]
                self.host, port = hostport.rsplit(":", 1)
                self.port = int(port)
                break
        self.startup = time.perf_counter() - t0

    def get(self, path):
        conn = http.client.HTTPConnection(self.host, self.port, timeout=10)
        try:
            conn.request("GET", path)
            r = conn.getresponse()
            return r.status, r.read()
        finally:
            conn.close()

    def stop(self):
        self.proc.terminate()
        self.proc.wait()
        self.log.close()


def served_after(server, change, path, needle, poll, timeout=60.0):
    """Seconds from just before `change()` until `path` is served containing `needle`."""
    needle = needle.encode()
    t0 = time.perf_counter()
    change()
    while True:
        status, body = server.get(path)
        if status == 200 and needle in body:
            return time.perf_counter() - t0
        if time.perf_counter() - t0 > timeout:
            raise SystemExit(f"timed out waiting for {path} to show {needle!r}")
        time.sleep(poll)


def append(path, text):
    with open(path, "a", encoding="utf-8") as f:
        f.write(text)


def replace_title(path, title):
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    for i, line in enumerate(lines):
        if line.startswith("title:"):
            lines[i] = f'title: "{title}"'
            break
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(lines))


def report(name, values):
    ms = sorted(v * 1000 for v in values)
    print(f"  {name:<7} median {statistics.median(ms):8.1f} ms   min {ms[0]:7.1f}   max {ms[-1]:7.1f}"
          f"   n={len(ms)}   all: {', '.join(f'{v:.0f}' for v in ms)}")
    return statistics.median(ms)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("which", choices=["bundled", "corpus"])
    ap.add_argument("pages", nargs="?", type=int, default=10000)
    ap.add_argument("--sotay", default=os.path.join(REPO, "target", "release", "sotay"))
    ap.add_argument("--edits", type=int, default=12)
    ap.add_argument("--poll-ms", type=float, default=2.0)
    ap.add_argument("--keep", action="store_true")
    args = ap.parse_args()
    poll = args.poll_ms / 1000
    rng = random.Random(4)

    tmp = tempfile.mkdtemp(prefix="sotay-bench-")
    root = os.path.join(tmp, "handbook")
    if args.which == "bundled":
        shutil.copytree(os.path.join(REPO, "content"), os.path.join(root, "content"))
        shutil.copytree(os.path.join(REPO, "statistics"), os.path.join(root, "statistics"))
        shutil.copy(os.path.join(REPO, "sotay.yaml"), root)
        sample = "quy-trinh/sinh-hoat-diem.md"
        label = "bundled handbook"
    else:
        subprocess.run([sys.executable, GEN, str(args.pages), root, "--tool", "plain"],
                       check=True, stdout=subprocess.DEVNULL)
        with open(os.path.join(root, "corpus.json"), encoding="utf-8") as f:
            sample = json.load(f)["sample_source"][len("content/"):]
        label = f"gen_corpus.py {args.pages} pages"
    n_md = sum(1 for d, _, fs in os.walk(os.path.join(root, "content")) for f in fs if f.endswith(".md"))
    src = os.path.join(root, "content", sample)
    url = output_path(sample)
    section = os.path.dirname(sample)

    server = Server(args.sotay, root, os.path.join(tmp, "serve.log"))
    print(f"{label}: {n_md} Markdown files; first build and start {server.startup * 1000:.0f} ms")
    status, _ = server.get(url)
    assert status == 200, f"{url}: {status}"

    results = {}
    body = []
    for i in range(args.edits):
        time.sleep(rng.uniform(0.2, 0.6))
        marker = f"Dòng thêm số {i} {rng.randrange(10**9)}."
        body.append(served_after(server, lambda: append(src, f"\n{marker}\n"), url, marker, poll))
    results["body"] = body

    titles = []
    for i in range(max(3, args.edits // 2)):
        time.sleep(rng.uniform(0.2, 0.6))
        title = f"Tiêu đề mới {i} {rng.randrange(10**6)}"
        titles.append(served_after(server, lambda: replace_title(src, title), url, title, poll))
    results["title"] = titles

    adds, renames = [], []
    for i in range(max(3, args.edits // 2)):
        time.sleep(rng.uniform(0.2, 0.6))
        rel = f"{section}/bench-them-{i}.md"
        path = os.path.join(root, "content", rel)
        text = f"---\ntitle: \"Trang thêm {i}\"\n---\nNội dung thêm {i}.\n"

        def add(path=path, text=text):
            with open(path, "w", encoding="utf-8") as f:
                f.write(text)
        adds.append(served_after(server, add, output_path(rel), f"Nội dung thêm {i}.", poll))
        time.sleep(rng.uniform(0.2, 0.6))
        new_rel = f"{section}/bench-doi-ten-{i}.md"
        new_path = os.path.join(root, "content", new_rel)
        renames.append(served_after(server, lambda: os.rename(path, new_path), output_path(new_rel),
                                    f"Nội dung thêm {i}.", poll))
    results["add"] = adds
    results["rename"] = renames

    print(f"edit-to-served latency, polling every {args.poll_ms:g} ms:")
    for name, values in results.items():
        report(name, values)
    server.stop()
    if args.keep:
        print("kept", tmp)
    else:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
