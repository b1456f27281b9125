"""Why one temperature does not calibrate every domain (issue 18): for a model, the temperature
that each dev set would want on its own, one per actor kind as the gazetteer tells it at
prediction time (a known state, capital or organisation, or not), and the dev ECE (15 bins) of
each choice. Dev sets only: no test rows are read.

    python training/build_nonperson_set.py   # runs/nonperson/dev.jsonl
    python training/compare_temperatures.py [--model models/newsmtsc-minilm]
"""

from __future__ import annotations

import argparse
import sys
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
NEWSMTSC = ROOT.parent / "shared" / "data" / "newsmtsc"
DEV = {"rw-dev": NEWSMTSC / "rw" / "dev.jsonl", "mt-dev": NEWSMTSC / "mt" / "dev.jsonl",
       "nonperson-dev": ROOT / "runs" / "nonperson" / "dev.jsonl", "rsne-dev": ROOT / "data" / "rusentne-en" / "dev.jsonl"}


def main() -> int:
    from stance.actors import known_names
    from stance.calibration import expected_calibration_error as ece
    from stance.calibration import fit_temperature, softmax
    from stance.data import load_rows
    from stance.model import StanceModel

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--model", default=str(ROOT / "models" / "newsmtsc-minilm"))
    args = ap.parse_args()
    missing = [str(p) for p in DEV.values() if not p.is_file()]
    if missing:
        sys.exit(f"error: missing {', '.join(missing)} (../shared/data/ and training/build_nonperson_set.py)")
    model = StanceModel.load(args.model, precision="fp32", backend="torch")
    sets = {}
    for name, path in DEV.items():
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # duplicate rows of mt dev are scored as they are
            rows = load_rows(path)
        logits = model.predict_logits([(r.text, r.start, r.end) for r in rows], batch_size=64)
        kinds = ["known" if known_names(r.text[r.start:r.end]) else "other" for r in rows]
        sets[name] = (logits, [r.label for r in rows], kinds)
    pooled = [x for s in sets.values() for x in zip(*s)]
    t_all = fit_temperature([x[0] for x in pooled], [x[1] for x in pooled])
    t_kind = {k: fit_temperature([x[0] for x in pooled if x[2] == k], [x[1] for x in pooled if x[2] == k])
              for k in ("known", "other")}
    print(f"{args.model}, torch float32; temperatures fitted by NLL")
    print(f"pooled dev ({len(pooled)} rows): T {t_all:.2f}; by kind: gazetteer actor {t_kind['known']:.2f} "
          f"({sum(x[2] == 'known' for x in pooled)} rows), other {t_kind['other']:.2f}")
    print(f"{'dev set':<14} {'rows':>5} {'own T':>6}   ECE: {'T=1':>6} {'own T':>6} {'pooled':>6} {'by kind':>7}")
    for name, (logits, labels, kinds) in sets.items():
        own = fit_temperature(logits, labels)
        by_kind = [softmax([z], t_kind[k])[0] for z, k in zip(logits, kinds)]
        print(f"{name:<14} {len(labels):>5} {own:>6.2f}        {ece(softmax(logits, 1.0), labels):>6.3f} "
              f"{ece(softmax(logits, own), labels):>6.3f} {ece(softmax(logits, t_all), labels):>6.3f} "
              f"{ece(by_kind, labels):>7.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
