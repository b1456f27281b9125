"""Average the weights of several checkpoints of one training run into a stance model folder.

    python training/average_checkpoints.py runs/distilled1/student-s42 \\
        runs/distilled1/student-s42.checkpoints/checkpoint-964 \\
        runs/distilled1/student-s42.checkpoints/checkpoint-1446 --output runs/distilled1/student-avg-s42

MODEL is the run's model folder (what `stance train` saved): the average gets its tokenizer, input
format and training record, plus an "averaged_checkpoints" entry naming the checkpoints.
CHECKPOINTs are the Trainer's checkpoint folders (`OUTPUT_DIR.checkpoints/checkpoint-STEP`, whose
config.json has no stance settings) or stance model folders of the same architecture. Averaging the
last checkpoints of one run (a "uniform soup" along one trajectory) often generalises a little
better than its last checkpoint; runs with different seeds start their classifier head from
different random weights, so their average is not expected to work.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def average(model: str, checkpoints: list[str], output: str, overwrite: bool = False) -> Path:
    """Write MODEL with the mean of the CHECKPOINTs' weights; ValueError if they do not match."""
    from stance.model import StanceModel

    if len(checkpoints) < 2:
        raise ValueError(f"give at least two checkpoints to average, got {len(checkpoints)}")
    target = StanceModel.load(model, precision="fp32", backend="torch")
    reference = target.model.state_dict()
    total = None
    for path in checkpoints:
        if not (Path(path) / "config.json").is_file():
            raise ValueError(f"{path}: not a checkpoint or model folder (no config.json)")
        weights = type(target.model).from_pretrained(path, dtype="float32").state_dict()
        if weights.keys() != reference.keys() or any(weights[k].shape != reference[k].shape for k in weights):
            raise ValueError(f"{path} does not have the same parameters as {model}")
        if total is None:
            total = {k: v.clone() for k, v in weights.items()}
        else:
            for k, v in weights.items():
                if v.is_floating_point():
                    total[k] += v
    n = len(checkpoints)
    target.model.load_state_dict({k: v / n if v.is_floating_point() else v for k, v in total.items()})
    target.settings.training = {**target.settings.training, "averaged_checkpoints": list(checkpoints)}
    target.settings.metrics = {}
    return target.save(output, overwrite=overwrite)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("model", help="the run's model folder: tokenizer, input format and training record")
    ap.add_argument("checkpoint", nargs="+", help="checkpoint or model folders whose weights are averaged")
    ap.add_argument("--output", required=True)
    ap.add_argument("--overwrite", action="store_true")
    args = ap.parse_args()
    try:
        path = average(args.model, args.checkpoint, args.output, args.overwrite)
    except (ValueError, FileExistsError) as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
