"""Pairs per second and peak memory of each inference path, on the NewsMTSC test pairs.

    python benchmarks/throughput.py [--model models/newsmtsc-minilm] [--data ../shared/data/newsmtsc] [--batch-size 32]

Each path runs in its own process (so its peak RSS is its own), end to end from
(sentence, mention offsets) to probabilities, tokenisation included:
  default              stance.load(MODEL) with no options: what users get (its backend is printed)
  torch-fp32-unsorted  batches in file order        torch-fp32   batches sorted by length
  torch-bf16           sorted, bf16 autocast        onnx-fp32 / onnx-int8   ONNX Runtime copies
  roberta-base-fp32    a RoBERTa-base-size classifier with random weights on the same
                       inputs, torch fp32, sorted: the encoder cost of RoBERTa-base peers.
ONNX paths need onnxruntime and are skipped without it; their copies are exported to a
temporary folder.
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PATHS = ["default", "torch-fp32-unsorted", "torch-fp32", "torch-bf16", "onnx-fp32", "onnx-int8", "roberta-base-fp32"]


def _pairs(data: Path):
    from stance.data import load_rows

    rows = load_rows(data / "rw" / "test.jsonl") + load_rows(data / "mt" / "test.jsonl")
    return [(r.text, r.start, r.end) for r in rows]


def _model_for(path: str, model_dir: Path, onnx_dir: Path | None):
    import stance

    if path == "default":
        return stance.load(model_dir)
    if path.startswith("onnx"):
        return stance.load(onnx_dir / path, backend="onnx")
    if path == "roberta-base-fp32":
        from transformers import AutoModelForSequenceClassification, RobertaConfig

        base = stance.load(model_dir, precision="fp32")
        # RoBERTa-base sizes (12 layers x 768, 50265-token vocabulary); two token types so that
        # the same (pair-encoded) inputs can be fed
        config = RobertaConfig(vocab_size=50265, max_position_embeddings=514, type_vocab_size=2, num_labels=3)
        model = AutoModelForSequenceClassification.from_config(config)
        return stance.StanceModel(model, base.tokenizer, base.settings, precision="fp32")
    return stance.load(model_dir, precision="bf16" if path == "torch-bf16" else "fp32")


def run_one(path: str, model_dir: Path, data: Path, batch_size: int, onnx_dir: Path | None, repeats: int = 2) -> dict:
    pairs = _pairs(data)
    model = _model_for(path, model_dir, onnx_dir)
    model.predict_proba(pairs[:batch_size], batch_size)  # warm-up
    seconds = float("inf")
    for _ in range(repeats):  # the best of a few passes: the machine is shared and noisy
        start = time.perf_counter()
        if path == "torch-fp32-unsorted":
            probs = []
            for lo in range(0, len(pairs), batch_size):
                probs += model.predict_proba(pairs[lo:lo + batch_size], batch_size)
        else:
            probs = model.predict_proba(pairs, batch_size)
        seconds = min(seconds, time.perf_counter() - start)
    assert len(probs) == len(pairs)
    return {"path": path, "backend": model.backend, "bf16": model.use_bf16 and model.backend == "torch",
            "pairs": len(pairs), "seconds": seconds, "pairs_per_s": len(pairs) / seconds,
            "peak_rss_mb": _peak_rss_mb()}


def _peak_rss_mb() -> float:
    """This process's peak resident memory (VmHWM; unlike ru_maxrss it is not carried over exec)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--model", type=Path, default=Path("models/newsmtsc-minilm"))
    ap.add_argument("--data", type=Path, default=Path("../shared/data/newsmtsc"))
    ap.add_argument("--batch-size", type=int, default=32, help="32: the default of stance.predict")
    ap.add_argument("--paths", default=",".join(PATHS))
    ap.add_argument("--repeats", type=int, default=2, help="passes over the pairs per path; the best is reported")
    ap.add_argument("--one", help=argparse.SUPPRESS)
    ap.add_argument("--onnx-dir", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.one:
        print(json.dumps(run_one(args.one, args.model, args.data, args.batch_size, args.onnx_dir, args.repeats)))
        return
    paths = args.paths.split(",")
    tmp = Path(tempfile.mkdtemp(prefix="stance-bench-"))
    try:
        wanted_onnx = [p for p in paths if p.startswith("onnx")]
        if wanted_onnx:
            try:
                import onnxruntime  # noqa: F401
            except ImportError:
                print("onnxruntime is not installed: skipping the ONNX paths", file=sys.stderr)
                paths = [p for p in paths if not p.startswith("onnx")]
            else:
                from stance.export import export_onnx

                for p in wanted_onnx:
                    shutil.copytree(args.model, tmp / p, ignore=shutil.ignore_patterns("onnx"))
                    export_onnx(tmp / p, int8=p == "onnx-int8")
                    if p == "onnx-int8":
                        (tmp / p / "onnx" / "model.onnx").unlink()
        results = []
        for p in paths:
            out = subprocess.run([sys.executable, __file__, "--one", p, "--model", str(args.model), "--data",
                                  str(args.data), "--batch-size", str(args.batch_size), "--onnx-dir", str(tmp), "--repeats", str(args.repeats)],
                                 check=True, capture_output=True, text=True).stdout
            results.append(json.loads(out.strip().splitlines()[-1]))
            r = results[-1]
            how = r["backend"] + (" bf16" if r["bf16"] else "")
            print(f"{p:<22} {r['pairs_per_s']:>8.1f} pairs/s   peak RSS {r['peak_rss_mb']:>7.0f} MB   ({how})", flush=True)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    base = next((r for r in results if r["path"] == "roberta-base-fp32"), None)
    if base:
        print(f"\nratios to roberta-base-fp32 ({base['pairs_per_s']:.1f} pairs/s), {results[0]['pairs']} pairs, "
              f"batch size {args.batch_size}:")
        for r in results:
            print(f"  {r['path']:<22} {r['pairs_per_s'] / base['pairs_per_s']:>6.1f}x")


if __name__ == "__main__":
    main()
