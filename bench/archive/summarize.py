#!/usr/bin/env python3
"""Medians per tool and medians of per-round ratios from run-archive-bench.sh's CSV."""
import csv, statistics, sys
from collections import defaultdict

rows = list(csv.DictReader(open(sys.argv[1])))
by = defaultdict(dict)  # (phase, tool) -> run -> row
for r in rows:
    by[(r["phase"], r["tool"])][r["run"]] = r

def med(key, field):
    return statistics.median(float(r[field]) for r in by[key].values())

def jvm(key, field="jvm_s"):
    vals = [float(r[field]) for r in by[key].values() if r.get(field)]
    return f"{statistics.median(vals):.2f}" if vals else "-"

def cpu(r):
    return float(r["user_s"]) + float(r["sys_s"])

def ratio(a, b, f=lambda r: float(r["wall_s"]), g=None):
    runs = sorted(set(by[a]) & set(by[b]))
    if not runs:
        return None
    g = g or f
    return statistics.median(f(by[a][n]) / g(by[b][n]) for n in runs)

runs = max(len(v) for v in by.values())
print(f"\n{sys.argv[1]}: medians of {runs} runs")
print("(wall/cpu: whole process; last-run: the last run timed inside the JVM, the warm one for *-warm)")
print(f"{'phase':8} {'tool':22} {'runs':>4} {'load':>5} {'wall s':>8} {'cpu s':>8} {'rss MB':>7} {'size MB':>9} {'last-run wall':>13} {'cpu':>6}")
for key in by:
    size = med(key, "bytes")
    print(f"{key[0]:8} {key[1]:22} {len(by[key]):4} {med(key, 'load1'):5.1f} {med(key, 'wall_s'):8.2f} "
          f"{statistics.median(cpu(r) for r in by[key].values()):8.2f} {med(key, 'maxrss_kb') / 1024:7.0f} "
          f"{size / 1e6 if size else float('nan'):9.2f} {jvm(key):>13} {jvm(key, 'jvm_cpu_s'):>6}")

print("\nratios (median of per-round ratios)")
checks = [
    ("create", "ours-gz", "pigz", "wall", 0.80),
    ("create", "ours-gz", "gzip", "size", 1.03),
    ("create", "ours-gz", "pigz", "size", None),
    ("create", "ours-gz", "pigz", "cpu", None),
    ("create", "ours-gz-l5", "pigz", "wall", 0.80),
    ("create", "ours-gz-l5", "gzip", "size", 1.03),
    ("create", "ours-gz-l5", "pigz", "cpu", None),
    ("create", "ours-zst", "zstd", "wall", 1.00),
    ("create", "ours-zst", "zstd", "size", None),
    ("restore", "ours-gz:ours", "tar-xzf:ours", "wall", 1.00),
    ("restore", "ours-gz:ours", "tar-xzf:gzip", "wall", None),
    ("restore", "ours-gz:ours", "pigz-dc:ours", "wall", None),
    ("restore", "ours-gz-noindex:ours", "tar-xzf:ours", "wall", None),
    ("restore", "ours-zst:ours", "tar-zstd:zstd", "wall", None),
    ("create", "ours-gz-warm", "pigz", "warm", 0.80),
    ("create", "ours-gz-warm", "pigz", "warmcpu", None),
    ("create", "ours-zst-warm", "zstd", "warm", 1.00),
    ("restore", "ours-gz-warm:ours", "tar-xzf:ours", "warm", 1.00),
    ("restore", "ours-zst-warm:ours", "tar-zstd:zstd", "warm", None),
]
fields = {"wall": lambda r: float(r["wall_s"]), "cpu": cpu, "size": lambda r: float(r["bytes"]),
          # warm: our second run inside one JVM against the peer's whole process
          "warm": lambda r: float(r["jvm_s"]) if r.get("jvm_s") else float(r["wall_s"]),
          "warmcpu": lambda r: float(r["jvm_cpu_s"]) if r.get("jvm_cpu_s") else cpu(r)}
for phase, a, b, what, target in checks:
    peer = {"warm": fields["wall"], "warmcpu": fields["cpu"]}.get(what)
    r = ratio((phase, a), (phase, b), fields[what], peer)
    if r is None:
        continue
    verdict = "" if target is None else ("  target <= %.2f: %s" % (target, "met" if r <= target else "MISSED"))
    print(f"{phase:8} {what:5} {a:22} / {b:14} = {r:5.3f}{verdict}")
