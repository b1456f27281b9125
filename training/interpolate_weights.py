"""Interpolate the weights of two stance models of the same architecture (WiSE-FT).

    python training/interpolate_weights.py runs/distilled/student-s42 runs/minilm-nonperson \\
        --weight 0.3 --output runs/minilm-nonperson-wise

writes (1 - weight) x FIRST + weight x SECOND, with SECOND's tokenizer, input format and training
record (plus an "interpolated" entry naming both and the weight). Fine-tuning a model further on
new data (here: non-person actors) and then moving only part of the way toward the fine-tuned
weights keeps more of what the first model knew (Wortsman et al., "Robust fine-tuning of
zero-shot models", 2022). The two models must share their input format and parameter names.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from stance.interpolation import interpolate  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("first", help="model folder with weight 1 - WEIGHT (e.g. the model before fine-tuning)")
    ap.add_argument("second", help="model folder with weight WEIGHT (e.g. the fine-tuned model)")
    ap.add_argument("--weight", type=float, required=True, help="weight of the second model, 0 to 1")
    ap.add_argument("--output", required=True)
    ap.add_argument("--overwrite", action="store_true")
    args = ap.parse_args()
    if not 0 <= args.weight <= 1:  # before loading either model
        print(f"error: --weight must be between 0 and 1, got {args.weight}", file=sys.stderr)
        return 2
    try:
        path = interpolate(args.first, args.second, args.weight, args.output, args.overwrite)
    except (ValueError, FileExistsError) as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
