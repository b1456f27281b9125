"""Throughput of the local engine and of Ray Data with 1 and 2 workers, and Ray's start-up
cost, on the same rows (`stance predict --input ... --output x.parquet [--engine ray]`).

    python benchmarks/engines.py [--rows 20000] [--model DIR]

Each run is a fresh `stance predict` process, timed end to end (model loading included);
Ray's start-up is the wall time of starting a local Ray and running an empty job.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from streaming import SENTENCES  # noqa: E402


def timed(cmd: list[str]) -> float:
    start = time.perf_counter()
    done = subprocess.run(cmd, capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(done.stderr)
    return time.perf_counter() - start


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=20000)
    ap.add_argument("--model", help="model folder (default: the shipped model)")
    args = ap.parse_args()
    flags = open("/proc/cpuinfo").read()
    cpu = [f for f in ("avx512_bf16", "avx512_vnni", "amx_bf16", "avx2") if f in flags]
    with tempfile.TemporaryDirectory(prefix="stance-engines-") as tmp:
        src = Path(tmp) / "rows.jsonl"
        with open(src, "w", encoding="utf-8") as f:
            for i in range(args.rows):
                text, actor = SENTENCES[i % len(SENTENCES)]
                f.write(json.dumps({"id": i, "text": f"{text} ({i})", "actor": actor}) + "\n")
        base = [sys.executable, "-m", "stance", "predict", "--input", str(src), "--quiet"]
        base += ["--model", args.model] if args.model else []
        startup = timed([sys.executable, "-c", "import ray; ray.init(include_dashboard=False); "
                         "ray.data.range(1).materialize(); ray.shutdown()"])
        runs = [("local", base + ["--output", f"{tmp}/local.parquet"])]
        for n in (1, 2):
            runs.append((f"ray, {n} worker{'s' if n > 1 else ''}",
                         base + ["--output", f"{tmp}/ray{n}", "--engine", "ray", "--workers", str(n)]))
        print(f"{args.rows} rows; CPU flags: {', '.join(cpu)}; {len(open('/proc/cpuinfo').read().split('processor')) - 1} cores")
        print("| engine | seconds | pairs/s |\n|---|---|---|")
        for name, cmd in runs:
            seconds = timed(cmd)
            print(f"| {name} | {seconds:.1f} | {args.rows / seconds:.0f} |")
        print(f"Ray start-up (local Ray, an empty job): {startup:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
