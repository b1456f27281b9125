"""Apply issue 18's selection rule (docs/experiments.md) to a metrics folder of dev figures.

    python training/select_candidate.py runs/rsne/metrics --baseline shipped

Reads RUN.SPLIT.json files (`stance evaluate --json`) for the splits rw-dev, mt-dev,
nonperson-dev and rsne-dev-nonperson. Eligible: rw dev and mt dev each at most 0.5 below the
baseline's. Winner: the eligible run with the highest unweighted mean of the four, and only if
that mean beats the baseline's. Prints the table and the decision; test figures are not read.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from summarize_runs import read_scores  # noqa: E402

DEV = ["rw-dev", "mt-dev", "nonperson-dev", "rsne-dev-nonperson"]
FLOOR = 0.5


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("metrics", type=Path)
    parser.add_argument("--baseline", default="shipped")
    parser.add_argument("--exclude", default="teacher", help="runs whose name contains this are not candidates "
                        "(the teachers: too large to ship)")
    args = parser.parse_args()
    scores = {run: s for run, s in read_scores(args.metrics).items() if all(d in s for d in DEV)}
    if args.baseline not in scores:
        print(f"error: {args.metrics}: no complete dev figures for the baseline {args.baseline!r}", file=sys.stderr)
        return 2
    base = scores[args.baseline]
    mean = {run: sum(s[d] for d in DEV) / len(DEV) for run, s in scores.items()}
    print(f"{'run':<28}" + "".join(f"{d:>20}" for d in DEV) + f"{'mean':>8}  eligible")
    for run, s in sorted(scores.items(), key=lambda kv: -mean[kv[0]]):
        ok = run == args.baseline or (not (args.exclude and args.exclude in run)
                                      and all(s[d] >= base[d] - FLOOR for d in ("rw-dev", "mt-dev")))
        print(f"{run:<28}" + "".join(f"{s[d]:>20.1f}" for d in DEV) + f"{mean[run]:>8.1f}  {'yes' if ok else 'no'}")
    eligible = [r for r, s in scores.items() if r != args.baseline and not (args.exclude and args.exclude in r)
                and all(s[d] >= base[d] - FLOOR for d in ("rw-dev", "mt-dev"))]
    best = max(eligible, key=mean.get, default=None)
    if best is None or mean[best] <= mean[args.baseline]:
        print(f"decision: keep {args.baseline} (no eligible candidate beats its dev mean {mean[args.baseline]:.1f})")
    else:
        print(f"decision: {best} (dev mean {mean[best]:.1f} against {mean[args.baseline]:.1f}); "
              "now compute its test figures against the test floor")
    return 0


if __name__ == "__main__":
    sys.exit(main())
