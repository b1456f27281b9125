"""fp32 versus bf16 autocast on this CPU: seconds per training step (batch 32 x 64 tokens)
and inference pairs/s (batch 64 x 60 tokens) of a model folder. Decides what bf16: auto means.

    python benchmarks/train_step.py [--model models/newsmtsc-minilm]
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path


def main() -> None:
    import torch
    from transformers import AutoModelForSequenceClassification

    from stance.model import bf16_supported

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--model", type=Path, default=Path("models/newsmtsc-minilm"))
    args = ap.parse_args()
    torch.manual_seed(0)
    model = AutoModelForSequenceClassification.from_pretrained(args.model, num_labels=3, dtype=torch.float32)
    x = torch.randint(1000, 2000, (32, 64))
    y = torch.randint(0, 3, (32,))
    opt = torch.optim.AdamW(model.parameters(), lr=1e-6)
    print(f"torch {torch.__version__}, {torch.get_num_threads()} threads, CPU capability "
          f"{torch.backends.cpu.get_cpu_capability()}, stance bf16 auto -> {bf16_supported()}")
    for mode in ("fp32", "bf16", "fp32", "bf16"):
        model.train()
        times = []
        for _ in range(4):
            start = time.perf_counter()
            with torch.autocast("cpu", dtype=torch.bfloat16, enabled=mode == "bf16"):
                loss = model(input_ids=x, attention_mask=torch.ones_like(x), labels=y).loss
            loss.backward()
            opt.step()
            opt.zero_grad()
            times.append(time.perf_counter() - start)
        model.eval()
        xi = torch.randint(1000, 2000, (64, 60))
        with torch.inference_mode(), torch.autocast("cpu", dtype=torch.bfloat16, enabled=mode == "bf16"):
            model(input_ids=xi, attention_mask=torch.ones_like(xi))
            start = time.perf_counter()
            for _ in range(5):
                model(input_ids=xi, attention_mask=torch.ones_like(xi))
            per_s = 5 * 64 / (time.perf_counter() - start)
        print(f"{mode}: training {min(times[1:]):.2f} s/step, inference {per_s:.0f} pairs/s")


if __name__ == "__main__":
    main()
