"""Memory of `stance predict --input --output` on a large generated JSONL file: it must stay
flat however many rows there are. Samples the process's resident memory once a second and
prints it at each tenth of the run, the peak, and the throughput.

    python benchmarks/streaming.py [--rows 1000000] [--model DIR | --tiny] [--engine local|ray] [--workers 2]

--tiny scores with a 2-layer, 32-wide randomly initialised model (the shipped tokenizer): it
measures the engine's own memory and lets 10^6 rows through Ray finish in minutes on 2 cores,
where the shipped model would take hours; the shipped model adds a constant per process.

With --engine ray the output is a Parquet folder and the memory is that of the whole process
tree (the driver, Ray's own processes and the workers), summed.

The rows repeat a few short news sentences about states (one actor each), so the run measures
streaming, not tokenisation of long texts; throughput on NewsMTSC-length sentences is
benchmarks/throughput.py's job.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SENTENCES = [
    ("China has reaffirmed its partnership with Russia.", "Russia"),
    ("The illegal sanctions imposed by the United States hurt ordinary people.", "United States"),
    ("NATO has been accused of provoking the war.", "NATO"),
    ("Beijing welcomed the talks, a spokesman said.", "Beijing"),
    ("The EU announced new aid for Ukraine on Monday.", "Ukraine"),
]


def rss_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def tree_rss_mb(pid: int) -> float:
    """Resident memory of a process and all its descendants, summed."""
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
        except (OSError, IndexError, ValueError):
            continue
    total, todo = 0.0, [pid]
    while todo:
        p = todo.pop()
        total += rss_mb(p)
        todo += children.get(p, [])
    return total


def tiny_model(folder: Path) -> Path:
    """A randomly initialised 2-layer stance model with the shipped tokenizer, saved to folder."""
    import torch
    from transformers import AutoTokenizer, BertConfig, BertForSequenceClassification

    from stance.api import default_model_path
    from stance.labels import LABELS
    from stance.model import StanceModel, read_settings

    shipped = default_model_path()
    tokenizer = AutoTokenizer.from_pretrained(shipped)
    torch.manual_seed(0)
    config = BertConfig(vocab_size=tokenizer.vocab_size, hidden_size=32, num_hidden_layers=2, num_attention_heads=2,
                        intermediate_size=64, num_labels=len(LABELS), id2label=dict(enumerate(LABELS)),
                        label2id={lab: i for i, lab in enumerate(LABELS)})
    settings = read_settings(shipped)
    settings.training, settings.metrics = {"note": "random weights, for benchmarks/streaming.py --tiny"}, {}
    return StanceModel(BertForSequenceClassification(config), tokenizer, settings, precision="fp32").save(folder)


def count_rows(out: Path) -> int:
    if out.is_dir() or out.suffix == ".parquet":
        import pyarrow.parquet as pq

        files = sorted(out.glob("*.parquet")) if out.is_dir() else [out]
        return sum(pq.ParquetFile(f).metadata.num_rows for f in files)
    return sum(1 for _ in open(out, encoding="utf-8"))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--model", help="model folder (default: the shipped model)")
    ap.add_argument("--tiny", action="store_true", help="a tiny random model: the engine's memory, fast")
    ap.add_argument("--engine", choices=["local", "ray"], default="local")
    ap.add_argument("--workers", type=int, default=2)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="stance-stream-") as tmp:
        src = Path(tmp) / "big.jsonl"
        out = Path(tmp) / ("out-ray" if args.engine == "ray" else "out.jsonl")
        with open(src, "w", encoding="utf-8") as f:
            for i in range(args.rows):
                text, actor = SENTENCES[i % len(SENTENCES)]
                f.write(json.dumps({"id": i, "text": text, "actor": actor}) + "\n")
        print(f"{args.rows} rows, {src.stat().st_size / 1e6:.0f} MB of JSONL", flush=True)
        cmd = [sys.executable, "-m", "stance", "predict", "--input", str(src), "--output", str(out), "--quiet"]
        if args.tiny:
            cmd += ["--model", str(tiny_model(Path(tmp) / "tiny-model"))]
        elif args.model:
            cmd += ["--model", args.model]
        if args.engine == "ray":
            cmd += ["--engine", "ray", "--workers", str(args.workers)]
        start = time.time()
        proc = subprocess.Popen(cmd, stderr=subprocess.PIPE, text=True)
        samples = []
        while proc.poll() is None:
            samples.append((time.time() - start, tree_rss_mb(proc.pid) if args.engine == "ray" else rss_mb(proc.pid)))
            time.sleep(1)
        err = proc.stderr.read()
        seconds = time.time() - start
        if proc.returncode != 0:
            print(err, file=sys.stderr)
            return proc.returncode
        lines = count_rows(out)
        print(err.strip().splitlines()[-1])
        print(f"output rows: {lines}; wall {seconds:.0f} s")
        print(f"model: {'tiny (2 layers, random weights)' if args.tiny else args.model or 'shipped'}")
        print(f"engine {args.engine}; resident memory (MB) over the run" + (" (process tree)" if args.engine == "ray" else "") + ":")
        for k in range(1, 11):
            t = seconds * k / 10
            near = min(samples, key=lambda s: abs(s[0] - t))
            print(f"  {k * 10:>3}% ({near[0]:>5.0f} s): {near[1]:>6.0f}")
        print(f"peak {max(m for _, m in samples):.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
