"""Print the macro-F1 table of a folder of `stance evaluate --json` results.

    python training/summarize_runs.py runs/distilled/metrics

The folder holds RUN.SPLIT.json files, as training/build_distilled.sh writes them
(e.g. student-s42.rw-test.json). Prints one line per run and, for runs that differ only in
their seed (NAME-s42, NAME-s43, ...), the mean ± sample standard deviation over those seeds.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
from pathlib import Path

SPLITS = ["rw-dev", "mt-dev", "rw-test", "mt-test", "rw-test-heldout", "mt-test-heldout",
          "nonperson-dev", "nonperson-test"]


def read_scores(folder: Path) -> dict[str, dict[str, float]]:
    """{run: {split: macro-F1 in %}} from RUN.SPLIT.json files; ValueError on a file without macro_f1."""
    scores: dict[str, dict[str, float]] = {}
    for path in sorted(folder.glob("*.json")):
        run, _, split = path.stem.partition(".")
        if not split:
            continue
        try:
            value = json.loads(path.read_text())["macro_f1"]
        except (json.JSONDecodeError, KeyError, TypeError) as err:
            raise ValueError(f"{path}: not a `stance evaluate --json` result ({err})") from None
        scores.setdefault(run, {})[split] = 100 * value
    return scores


def seed_groups(runs: list[str]) -> dict[str, list[str]]:
    """{NAME: [NAME-s42, NAME-s43, ...]} for names that occur with two seeds or more."""
    groups: dict[str, list[str]] = {}
    for run in runs:
        match = re.fullmatch(r"(.+)-s\d+", run)
        if match:
            groups.setdefault(match.group(1), []).append(run)
    return {name: members for name, members in groups.items() if len(members) > 1}


def table(scores: dict[str, dict[str, float]]) -> str:
    splits = [s for s in SPLITS if any(s in by_split for by_split in scores.values())]
    splits += sorted({s for by_split in scores.values() for s in by_split} - set(splits))
    groups = {f"{name} mean ± sd": members for name, members in seed_groups(list(scores)).items()}
    width = max(len(label) for label in [*scores, *groups, "run"]) + 2
    col = max([17] + [len(s) + 2 for s in splits])
    lines = [f"{'run':<{width}}" + "".join(f"{s:>{col}}" for s in splits) + "   (macro-F1 %)"]
    for run, by_split in scores.items():
        lines.append(f"{run:<{width}}" + "".join(
            f"{by_split[s]:>{col}.1f}" if s in by_split else f"{'-':>{col}}" for s in splits))
    for label, members in groups.items():
        cells = []
        for s in splits:
            values = [scores[m][s] for m in members if s in scores[m]]
            if len(values) > 1:
                cells.append(f"{statistics.mean(values):.1f} ± {statistics.stdev(values):.1f} ({len(values)})")
            elif values:
                cells.append(f"{values[0]:.1f} (1)")
            else:
                cells.append("-")
        lines.append(f"{label:<{width}}" + "".join(f"{c:>{col}}" for c in cells))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path, help="folder of RUN.SPLIT.json files")
    args = parser.parse_args(argv)
    if not args.folder.is_dir():
        parser.error(f"{args.folder}: no such folder")
    try:
        scores = read_scores(args.folder)
    except ValueError as err:
        parser.error(str(err))
    if not scores:
        parser.error(f"{args.folder}: no RUN.SPLIT.json files")
    print(table(scores))
    return 0


if __name__ == "__main__":
    sys.exit(main())
