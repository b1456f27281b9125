"""Would ONNX Runtime's transformer fusion make the int8 default faster? (issue 5, an experiment)

    python benchmarks/onnx_fusion.py [--model models/newsmtsc-minilm] [--data ../shared/data/newsmtsc]

Exports the model's float32 ONNX graph to a temporary folder, fuses it with
onnxruntime.transformers.optimizer (Attention, SkipLayerNormalization, BiasGelu and
EmbedLayerNormalization nodes), quantises that to int8 as `stance export --int8` does, and prints
pairs/s of the shipped int8 copy and the fused int8 copy on the NewsMTSC test pairs (alternating,
two rounds each), the share of pairs whose label agrees and the largest probability difference.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> int:
    import numpy as np
    from onnxruntime.quantization import QuantType, quantize_dynamic
    from onnxruntime.transformers import optimizer
    from transformers import AutoConfig

    import stance
    from stance.data import load_rows
    from stance.export import export_onnx

    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--model", type=Path, default=ROOT / "models" / "newsmtsc-minilm")
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data" / "newsmtsc")
    ap.add_argument("--batch-size", type=int, default=32)
    args = ap.parse_args()
    config = AutoConfig.from_pretrained(args.model)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp) / "fused"
        shutil.copytree(args.model, work, ignore=shutil.ignore_patterns("onnx"))
        fp32 = export_onnx(work, int8=False)
        fused = optimizer.optimize_model(str(fp32), model_type="bert", num_heads=config.num_attention_heads,
                                         hidden_size=config.hidden_size, opt_level=0)
        print("fused nodes:", {k: v for k, v in fused.get_fused_operator_statistics().items() if v})
        fused.save_model_to_file(str(Path(tmp) / "fused.onnx"))
        fp32.unlink()
        quantize_dynamic(str(Path(tmp) / "fused.onnx"), str(work / "onnx" / "model.int8.onnx"),
                         weight_type=QuantType.QInt8, per_channel=True, extra_options={"DefaultTensorType": 1})
        rows = load_rows(args.data / "rw" / "test.jsonl") + load_rows(args.data / "mt" / "test.jsonl")
        pairs = [(r.text, r.start, r.end) for r in rows]
        models = {"shipped int8": stance.load(args.model, backend="onnx"), "fused int8": stance.load(work, backend="onnx")}
        probs = {}
        for _ in range(2):
            for name, model in models.items():
                model.predict_proba(pairs[:64], args.batch_size)
                start = time.perf_counter()
                probs[name] = np.asarray(model.predict_proba(pairs, args.batch_size))
                print(f"{name:13s} {len(pairs) / (time.perf_counter() - start):6.1f} pairs/s")
    a, b = probs["shipped int8"], probs["fused int8"]
    print(f"label agreement {100 * (a.argmax(1) == b.argmax(1)).mean():.1f}%, "
          f"largest probability difference {abs(a - b).max():.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
