#!/usr/bin/env python3
"""Tables for bench-fedavg.sh from the JSON reports under OUT/runs.

A report is named NAME[-muMU]-lrLR-sSEED.json. Rounds to target are the report's `rounds` when
`reached_target` is true, else infinite (shown as "> rounds run"). With --chosen NAME, prints the
step size chosen on the tuning seed (for fedprox-*: the step size and mu) and exits; otherwise
prints the tuning table and the result table (median and range over the seeds).
"""
import argparse
import glob
import json
import math
import os
import re
import sys

INF = math.inf
LABELS = {"iid": "IID", "shards": "2-shard non-IID"}


def load(out):
    runs = []
    for path in glob.glob(os.path.join(out, "runs", "*.json")):
        m = re.match(r"^(?P<name>.+?)(-mu(?P<mu>[^-]+))?-lr(?P<lr>[^-]+)-s(?P<seed>\d+)\.json$",
                     os.path.basename(path))
        if not m or path.endswith(".tmp.json"):
            continue
        r = json.load(open(path))
        accs = [h["test"]["accuracy"] for h in r["history"] if "test" in h]
        curve = [(h["round"], h["test"]["accuracy"], h["seconds"]) for h in r["history"] if "test" in h]
        runs.append({"curve": curve,
            "name": m["name"], "mu": m["mu"], "lr": m["lr"], "seed": int(m["seed"]),
            "to_target": r["rounds"] if r["reached_target"] else INF, "rounds": r["rounds"],
            "best": max(accs) if accs else 0.0, "final": r["test"]["accuracy"],
            "seconds": r["wall_clock_seconds"]})
    return runs


def key(run):
    return (run["to_target"], -run["best"])


def chosen(runs, name, tune_seed):
    """The tuning run that wins for NAME: fewest rounds to target, then the best accuracy."""
    cands = [r for r in runs if r["name"] == name and r["seed"] == tune_seed]
    if not cands:
        sys.exit(f"no tuning runs for {name} on seed {tune_seed}")
    return min(cands, key=key)


def median(xs):
    xs = sorted(xs)
    n = len(xs)
    return xs[n // 2] if n % 2 else (xs[n // 2 - 1] + xs[n // 2]) / 2


def rounds_text(x, run_len):
    return f"> {run_len}" if x == INF else f"{x:g}"


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--out", required=True)
    p.add_argument("--target", type=float, required=True)
    p.add_argument("--tune-seed", type=int, required=True)
    p.add_argument("--seeds", required=True)
    p.add_argument("--chosen")
    p.add_argument("--configs", nargs="*", default=[])
    p.add_argument("--also-target", type=float, action="append", default=[],
                   help="a lower target read from the same runs' histories (step sizes stay those chosen for --target)")
    a = p.parse_args()
    runs = load(a.out)
    if a.chosen:
        c = chosen(runs, a.chosen, a.tune_seed)
        print(c["lr"] if c["mu"] is None else f"{c['lr']} {c['mu']}")
        return
    seeds = [int(s) for s in a.seeds.split()]

    print(f"Tuning on seed {a.tune_seed} (rounds to {a.target:.2f}; * = chosen):\n")
    print("| configuration | step size | mu | rounds to target | best test accuracy | rounds run |")
    print("|---|---|---|---|---|---|")
    for name in a.configs:
        cands = sorted((r for r in runs if r["name"] == name and r["seed"] == a.tune_seed),
                       key=lambda r: (float(r["mu"] or 0), float(r["lr"])))
        if not cands:
            continue
        best = min(cands, key=key)
        for r in cands:
            star = " *" if r is best else ""
            print(f"| {name}{star} | {r['lr']} | {r['mu'] or ''} | {rounds_text(r['to_target'], r['rounds'])} "
                  f"| {r['best']:.4f} | {r['rounds']} |")

    for t in [a.target] + a.also_target:
        results(runs, a, seeds, t)


def at_target(run, target):
    """The run with to_target and seconds (training seconds to that round, else of the whole run)
    read from its evaluated rounds: exact for any target up to the one the run stopped at."""
    for rnd, acc, secs in run["curve"]:
        if acc >= target:
            return dict(run, to_target=rnd, seconds=secs)
    return dict(run, to_target=INF)


def results(runs, a, seeds, target):
    print(f"\nTarget {target:.2f}, chosen settings over seeds {a.seeds} (median [min, max]; speed-up per seed "
          f"against FedSGD on the same split and seed):\n")
    print(f"| configuration | step size | seeds | rounds to {target:.2f} | speed-up vs FedSGD "
          f"| best test accuracy | training s to target |")
    print("|---|---|---|---|---|---|---|")
    tuned = runs  # the step sizes stay those chosen for --target
    runs = [at_target(r, target) for r in runs]
    per_seed = {}
    for name in a.configs:
        runs_of = [r for r in runs if r["name"] == name]
        if not runs_of:
            continue
        c = chosen(tuned, name, a.tune_seed)
        rows = {r["seed"]: r for r in runs_of if r["lr"] == c["lr"] and r["mu"] == c["mu"] and r["seed"] in seeds}
        per_seed[name] = rows
    for name, rows in per_seed.items():
        c = chosen(tuned, name, a.tune_seed)
        split = "shards" if "shards" in name else "iid"
        base = per_seed.get(f"fedsgd-{split}", {})
        t = [rows[s]["to_target"] for s in sorted(rows)]
        run_len = max(rows[s]["rounds"] for s in rows)
        rounds = f"{rounds_text(median(t), run_len)} [{rounds_text(min(t), run_len)}, {rounds_text(max(t), run_len)}]"
        speed = ""
        if not name.startswith("fedsgd") and base:
            pairs = [(base[s], rows[s]) for s in sorted(rows) if s in base]
            if pairs:
                # a run that missed the target counts with its rounds run: a bound, marked > or <
                ratios = [(b["to_target"] if b["to_target"] != INF else b["rounds"])
                          / (r["to_target"] if r["to_target"] != INF else r["rounds"]) for b, r in pairs]
                mark = ">" if any(b["to_target"] == INF for b, _ in pairs) else ""
                mark = "<" if any(r["to_target"] == INF for _, r in pairs) else mark
                speed = f"{mark}{median(ratios):.1f}x [{min(ratios):.1f}x, {max(ratios):.1f}x]"
        label = c["lr"] + (f", mu {c['mu']}" if c["mu"] else "")
        best = median([rows[s]["best"] for s in rows])
        secs = median([rows[s]["seconds"] for s in rows])
        print(f"| {name} | {label} | {len(rows)} | {rounds} | {speed} | {best:.4f} | {secs:.1f} |")


if __name__ == "__main__":
    main()
