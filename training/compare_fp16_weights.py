"""What storing a model's weights as float16 (`stance export DIR --fp16`) changes: the torch
backend (float32 compute) on the original folder against a float16-stored copy, row for row.
The ONNX copy is not touched by the conversion, so the default backend gives the same rows.

    python training/compare_fp16_weights.py models/newsmtsc-minilm DATA.jsonl [DATA.jsonl ...]
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
import stance  # noqa: E402
from stance.data import load_rows  # noqa: E402
from stance.evaluation import classification_metrics, predict_rows  # noqa: E402
from stance.export import half_weights  # noqa: E402
from stance.labels import top_label  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("model")
    ap.add_argument("data", nargs="+")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / Path(args.model).name
        shutil.copytree(args.model, copy, ignore=shutil.ignore_patterns("onnx"))
        half_weights(copy)
        sizes = [(Path(args.model) / "model.safetensors").stat().st_size, (copy / "model.safetensors").stat().st_size]
        print(f"{args.model}: model.safetensors {sizes[0] / 1e6:.1f} MB as stored, {sizes[1] / 1e6:.1f} MB as float16")
        original = stance.load(args.model, precision="fp32", backend="torch")
        halved = stance.load(copy, precision="fp32", backend="torch")
        for data in args.data:
            rows = load_rows(data)
            a, b = predict_rows(original, rows), predict_rows(halved, rows)
            gold = [r.label for r in rows]
            fa = classification_metrics(gold, [top_label(p) for p in a], bootstrap=0)["macro_f1"]
            fb = classification_metrics(gold, [top_label(p) for p in b], bootstrap=0)["macro_f1"]
            same = sum(top_label(p) == top_label(q) for p, q in zip(a, b))
            diff = max(abs(x - y) for p, q in zip(a, b) for x, y in zip(p, q))
            print(f"  {data}: {len(rows)} rows; macro-F1 {fa * 100:.2f} as stored, {fb * 100:.2f} float16; "
                  f"labels unchanged {same}/{len(rows)}; largest probability change {diff:.5f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
