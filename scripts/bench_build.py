#!/usr/bin/env python3
"""Whole-build benchmark: sotay against Hugo (where installed) on the generated handbook.

Generates ../shared/bench/gen_corpus.py corpora (1,000 and 10,000 pages by default) in the
plain (sotay) and Hugo layouts, builds sotay in release mode, then times whole builds in
alternating runs (sotay, hugo, sotay, hugo, ...) and prints the median wall time, the median
peak memory and the ratio sotay/hugo:

  - steady: the previous output is present, as after any earlier build;
  - first: into an empty folder (the output is removed before each run).

  - statistics (with --statistics): sotay on the same corpus with and without the
    1,000-unit statistics of scripts/gen_statistics.py, alternating; the ratio is what the
    statistics add to the build.

Then, for steady and first builds, the search index's share of the build: sotay's own
`--timings` table, its "search index" stage against all stages, in wall time and in CPU
time (median of the runs). With --pagefind PATH, the Pagefind binary at PATH indexes the
HTML pages sotay wrote (its own search/ and print views left out), as a Hugo site would
add search: its wall time against the whole sotay build.

Usage: scripts/bench_build.py [--sizes 1000,10000] [--runs 5] [--corpus-dir DIR] [--statistics]
                              [--pagefind PATH]
Only the Python standard library and /usr/bin/time are used.
"""

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
GEN = os.path.join(ROOT, "..", "shared", "bench", "gen_corpus.py")


def run_timed(cmd, cwd):
    """Runs cmd; returns (wall seconds, peak RSS in MiB)."""
    with tempfile.NamedTemporaryFile("r", suffix=".time") as tf:
        full = ["/usr/bin/time", "-f", "%e %M", "-o", tf.name] + cmd
        r = subprocess.run(full, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        if r.returncode != 0:
            sys.exit(f"command failed: {' '.join(cmd)}\n{r.stderr[-2000:]}")
        wall, kb = tf.read().split()[-2:]
        return float(wall), int(kb) / 1024


def corpus(n, tool, base):
    d = os.path.join(base, f"{tool}-{n}")
    if not os.path.exists(os.path.join(d, "corpus.json")):
        subprocess.run([sys.executable, GEN, str(n), d, "--tool", tool], check=True, stderr=subprocess.DEVNULL)
    return d


def bench(label, a, b, runs, prepare):
    """Alternates a and b (each (name, cmd, cwd)); prepare(name) runs before each run."""
    res = {a[0]: [], b[0]: []} if b else {a[0]: []}
    for _ in range(runs):
        for name, cmd, cwd in [x for x in (a, b) if x]:
            prepare(name)
            res[name].append(run_timed(cmd, cwd))
    out = {}
    for name, vals in res.items():
        wall = statistics.median(v[0] for v in vals)
        mem = statistics.median(v[1] for v in vals)
        out[name] = (wall, mem, min(v[0] for v in vals), max(v[0] for v in vals))
        print(f"  {label:<7} {name:<6} median {wall:6.2f} s  (min {out[name][2]:.2f}, max {out[name][3]:.2f})  peak {mem:7.1f} MiB")
    if b:
        ratios = sorted(ra[0] / rb[0] for ra, rb in zip(res[a[0]], res[b[0]]))
        print(f"  {label:<7} ratio {a[0]}/{b[0]}: median {statistics.median(ratios):.2f} (pairwise, min {ratios[0]:.2f}, max {ratios[-1]:.2f})")
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", default="1000,10000")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--corpus-dir", default=os.path.join(ROOT, "target", "bench-corpus"))
    ap.add_argument("--statistics", action="store_true", help="also time the build with 1,000 units of statistics")
    ap.add_argument("--pagefind", help="a Pagefind binary: also time it indexing the same pages")
    a = ap.parse_args()
    subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)
    sotay = os.path.join(ROOT, "target", "release", "sotay")
    hugo = shutil.which("hugo")
    if not hugo:
        print("hugo not installed: timing sotay alone (apt-get install hugo to compare)")
    os.makedirs(a.corpus_dir, exist_ok=True)
    for n in [int(s) for s in a.sizes.split(",")]:
        plain = corpus(n, "plain", a.corpus_dir)
        hdir = corpus(n, "hugo", a.corpus_dir) if hugo else None
        print(f"{n} pages ({a.runs} runs each, alternating)")
        s_cmd = ("sotay", [sotay, "build", "--root", plain, "--out", os.path.join(plain, "public")], plain)
        h_cmd = ("hugo", [hugo, "--quiet", "-d", "out"], hdir) if hugo else None
        # warm-up: also leaves the previous output in place for the steady runs
        for _ in range(2):
            run_timed(s_cmd[1], plain)
            if h_cmd:
                run_timed(h_cmd[1], hdir)
        bench("steady", s_cmd, h_cmd, a.runs, lambda name: None)

        def clean(name):
            if name == "sotay":
                for d in (os.path.join(plain, "public"), os.path.join(plain, ".public.sotay-shadow")):
                    shutil.rmtree(d, ignore_errors=True)
            else:
                shutil.rmtree(os.path.join(hdir, "out"), ignore_errors=True)

        bench("first", s_cmd, h_cmd, a.runs, clean)
        index_share("steady", s_cmd, a.runs, lambda: None)
        index_share("first", s_cmd, a.runs, lambda: clean("sotay"))
        if a.pagefind:
            pagefind(a.pagefind, s_cmd, a.runs)

        if a.statistics:
            stats = with_statistics(plain)
            st_cmd = ("+stats", [sotay, "build", "--root", stats], stats)
            for _ in range(2):
                run_timed(st_cmd[1], stats)
            bench("stats", st_cmd, s_cmd, a.runs, lambda name: None)


STAGE = re.compile(r"^\s*(.+?)\s+([0-9.]+) ms\s+[0-9.]+ %\s+([0-9.]+) ms")


def stages(stderr):
    """The stages of a `--timings` table: name -> (wall ms, CPU ms)."""
    out = {}
    for line in stderr.splitlines():
        m = STAGE.match(line)
        if m:
            out[m.group(1)] = (float(m.group(2)), float(m.group(3)))
    return out


def index_share(label, s_cmd, runs, prepare):
    """The "search index" stage's share of all stages of sotay's `--timings`, median."""
    _, cmd, cwd = s_cmd
    wall, cpu = [], []
    for _ in range(runs):
        prepare()
        r = subprocess.run(cmd + ["--timings"], cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        if r.returncode != 0:
            sys.exit(f"command failed: {' '.join(cmd)}\n{r.stderr[-2000:]}")
        st = stages(r.stderr)
        if "search index" not in st:
            sys.exit(f"no search index stage in the timings:\n{r.stderr[-2000:]}")
        wall.append(st["search index"][0] / sum(w for w, _ in st.values()))
        cpu.append(st["search index"][1] / sum(c for _, c in st.values()))
    print(f"  {label:<7} search index: median {100 * statistics.median(wall):.1f} % of the wall time "
          f"(min {100 * min(wall):.1f}, max {100 * max(wall):.1f}), "
          f"{100 * statistics.median(cpu):.1f} % of the CPU time")


def pagefind(binary, s_cmd, runs):
    """Pagefind indexing the pages sotay wrote, alternating with whole sotay builds."""
    _, cmd, cwd = s_cmd
    out = cmd[cmd.index("--out") + 1]
    site = tempfile.mkdtemp(prefix="pagefind-site-")
    try:
        # the pages only: sotay's own index, its print views (ban-in.html) and the 404 page
        # are not pages to index
        skip = ("search", "ban-in.html", "404.html")
        shutil.copytree(out, site, dirs_exist_ok=True,
                        ignore=lambda d, names: [n for n in names if n in skip or n.startswith(".")])
        pf = ("pagefind", [binary, "--site", site, "--output-path", os.path.join(site, "pagefind")], cwd)
        print("  (sotay: the whole build, its index included; pagefind: indexing those pages only)")
        bench("search", ("sotay", cmd, cwd), pf, runs,
              lambda name: shutil.rmtree(os.path.join(site, "pagefind"), ignore_errors=True))
    finally:
        shutil.rmtree(site, ignore_errors=True)


def with_statistics(plain):
    """The corpus `plain` (its content/ linked, not copied) with the statistics at scale."""
    d = plain + "-statistics"
    os.makedirs(d, exist_ok=True)
    # (each part made if missing: a folder left by an earlier run, or by an older version
    # of the statistics generator without its statistics/, is completed, not refused)
    if not os.path.lexists(os.path.join(d, "content")):
        os.symlink(os.path.join(plain, "content"), os.path.join(d, "content"))
    if not os.path.exists(os.path.join(d, "sotay.yaml")):
        shutil.copy(os.path.join(plain, "sotay.yaml"), d)
    if not os.path.isdir(os.path.join(d, "statistics")):
        subprocess.run([sys.executable, os.path.join(ROOT, "scripts", "gen_statistics.py"), d], check=True)
    return d


if __name__ == "__main__":
    main()
