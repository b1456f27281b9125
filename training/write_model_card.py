"""Measure a NewsMTSC model with `stance evaluate` and write its model card (README.md).

    python training/write_model_card.py models/newsmtsc-minilm [--data ../shared/data/newsmtsc]
        [--config configs/newsmtsc-minilm.yaml] [--nonperson runs/nonperson]

With an ONNX copy in the folder (`stance export DIR --onnx --int8`) it also measures the copy
against torch on rw/mt test; with the non-person set rebuilt (`python
training/build_nonperson_set.py`) it adds the figures on it, overall and per actor type.

Every figure in the card is printed by the `stance evaluate --json` command listed beside it;
the figures are also stored under "metrics" of the folder's config.json ("stance" key).
"""

from __future__ import annotations

import argparse
import json
import os
import shlex
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

PUBLISHED = [("GRU-TSC (RoBERTa-base + GRU + lexicons), NewsSentiment", "83.1", "82.5"),
             ("RoBERTa TD (MAD-TSC paper, ACL 2023)", "83.6", "-"),
             ("RoBERTa-base SPC", "81.1", "79.4"),
             ("BERT-base SPC", "80.1", "73.7")]


def evaluate(model: Path, data: Path, heldout_from: Path | None = None, backend: str = "torch",
             by: str | None = None, only: str | None = None) -> tuple[dict, str]:
    cmd = ["stance", "evaluate", "--model", str(model), "--data", str(data), "--json", "--backend", backend]
    if only:
        cmd += ["--only", only]
    if backend == "torch":  # the card reports float32; precision "auto" would pick bf16 on CPUs that prefer it
        cmd += ["--precision", "fp32"]
    if heldout_from:
        cmd += ["--heldout-from", str(heldout_from)]
    if by:
        cmd += ["--by", by]
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    print(" ".join(map(shlex.quote, cmd)), file=sys.stderr)
    metrics = json.loads(out)
    keep = ("n", "accuracy", "macro_f1", "macro_f1_ci95", "per_class", "by", "ece")
    return {k: metrics[k] for k in keep if k in metrics}, " ".join(cmd)


def _prod(shape) -> int:
    n = 1
    for d in shape:
        n *= d
    return n


def _count_rows(path: Path) -> int:
    """Records of a data file (stance.data.iter_records: blank lines skipped)."""
    from stance.data import iter_records

    return sum(1 for _ in iter_records(path))


def pct(x: float) -> str:
    return f"{x * 100:.1f}"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("model", type=Path)
    ap.add_argument("--data", type=Path, default=Path("../shared/data/newsmtsc"))
    ap.add_argument("--config", default="configs/newsmtsc-minilm.yaml", help="the recipe that rebuilds the model")
    ap.add_argument("--nonperson", type=Path, default=Path("runs/nonperson"))
    ap.add_argument("--rusentne", type=Path, default=ROOT / "data" / "rusentne-en")
    args = ap.parse_args()
    model, data = args.model, args.data
    results, commands = {}, {}
    for split in ("rw", "mt"):
        for part in ("dev", "test"):
            results[f"{split}_{part}"], commands[f"{split}_{part}"] = evaluate(model, data / split / f"{part}.jsonl")
        results[f"{split}_test_heldout"], commands[f"{split}_test_heldout"] = evaluate(
            model, data / split / "test.jsonl", heldout_from=data / "train.jsonl")
    onnx = {}
    if (model / "onnx").is_dir():
        for split in ("rw", "mt"):
            onnx[split], commands[f"{split}_test_onnx"] = evaluate(model, data / split / "test.jsonl", backend="onnx")
    nonperson = {}
    if (args.nonperson / "test.jsonl").is_file():
        for part in ("dev", "test"):
            nonperson[part], commands[f"nonperson_{part}"] = evaluate(model, args.nonperson / f"{part}.jsonl", by="type")

    rusentne = {}
    if (args.rusentne / "test.jsonl").is_file():
        for name, only in (("test", None), ("test_nonperson", "type=state,organisation,group")):
            rusentne[name], commands[f"rusentne_{name}"] = evaluate(model, args.rusentne / "test.jsonl", by="type",
                                                                    only=only)

    config_path = model / "config.json"
    config = json.loads(config_path.read_text(encoding="utf-8"))
    settings = config["stance"]
    settings["metrics"] = {"newsmtsc": results, **({"onnx_int8": onnx} if onnx else {}),
                           **({"nonperson": nonperson} if nonperson else {}),
                           **({"rusentne_en": rusentne} if rusentne else {})}
    training = settings.get("training", {})
    cfg = training.get("config", {})
    fd, tmp = tempfile.mkstemp(dir=model, suffix=".tmp")
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        json.dump(config, f, indent=2, ensure_ascii=False)
        f.write("\n")
    os.replace(tmp, config_path)

    weights = model / "model.safetensors"
    size_mb = weights.stat().st_size / 1e6
    from safetensors import safe_open

    with safe_open(weights, "pt") as f:
        n_params = sum(_prod(f.get_slice(k).get_shape()) for k in f.keys())
    seconds = training.get("train_seconds")
    duration = f"{seconds / 60:.0f} minutes of training on this 2-core CPU machine" if seconds else "training time not recorded"
    out_dir = cfg.get("output_dir", "")
    mix = training.get("interpolated")
    provenance = ("" if Path(out_dir).resolve() == model.resolve() or mix else
                  f" This folder was trained with `output_dir={out_dir}` and copied here (the int8 ONNX copy "
                  f"added with `stance export`).")
    distill = ""
    if cfg.get("distill_weight"):
        distill = (f"\n- Distillation: the loss is {1 - cfg['distill_weight']:g} x cross-entropy on the gold label + "
                   f"{cfg['distill_weight']:g} x T^2 KL divergence to the teacher's probabilities (T = "
                   f"{cfg.get('distill_temperature')}). Teacher: three all-mpnet-base-v2 models fine-tuned on NewsMTSC "
                   "(`configs/newsmtsc-mpnet-teacher.yaml`, seeds 42-44), probabilities averaged "
                   "(`training/teacher_labels.py --extra`). Besides the gold rows, the training file has one "
                   "teacher-labelled row for every other actor the training sentences name (persons, states, "
                   "capitals, organisations); all of it is rebuilt by `training/build_distilled.sh`.")
    nonperson_stage = ""
    if mix:
        nonperson_stage = (
            f"\n- Non-person stage (issue 7): the distilled student above was fine-tuned further ({cfg.get('epochs')} epochs, "
            f"learning rate {cfg.get('learning_rate')}) on its own soft labels for the NewsMTSC training rows plus "
            f"{_count_rows(ROOT / 'data' / 'nonperson' / 'train.jsonl'):,} hand-labelled mentions of states, capitals, "
            f"organisations and groups in NewsMTSC training sentences "
            f"(`data/nonperson/train.jsonl`), with actor substitution {cfg.get('actor_substitution')} (person mentions "
            f"replaced by such actors, label kept); the shipped weights are {1 - mix['weight_of_second']:g} x the "
            f"student + {mix['weight_of_second']:g} x the fine-tuned model (`training/interpolate_weights.py`), "
            f"which kept NewsMTSC dev figures that the fine-tuned model alone lost. All steps are listed in "
            f"`{args.config}`.")
    rows = []
    for key, label in (("rw_test", "rw test"), ("mt_test", "mt test"), ("rw_test_heldout", "rw test, held-out articles"),
                       ("mt_test_heldout", "mt test, held-out articles"), ("rw_dev", "rw dev (selection)"),
                       ("mt_dev", "mt dev")):
        m = results[key]
        lo, hi = m["macro_f1_ci95"]
        rows.append(f"| {label} | {m['n']} | {pct(m['macro_f1'])} ({pct(lo)}-{pct(hi)}) | {pct(m['accuracy'])} | "
                    f"{m['ece']:.3f} |")
    tests = {"rw test": results["rw_test"], "mt test": results["mt_test"],
             **({"non-person test": nonperson["test"]} if nonperson else {}),
             **({"RuSentNE-en test": rusentne["test"], "RuSentNE-en test, non-person": rusentne["test_nonperson"]}
                if rusentne else {})}
    per_class = "\n".join(
        f"| {name} | {lab} | {pct(v['precision'])} | {pct(v['recall'])} | {pct(v['f1'])} | {v['support']} |"
        for name, m in tests.items() for lab, v in m["per_class"].items())
    fmt = settings["format"]
    onnx_section = ""
    if onnx:
        lines = [f"| {split} test | {pct(results[f'{split}_test']['macro_f1'])} | {pct(onnx[split]['macro_f1'])} | "
                 f"{(onnx[split]['macro_f1'] - results[f'{split}_test']['macro_f1']) * 100:+.1f} |" for split in ("rw", "mt")]
        onnx_section = f"""
## ONNX Runtime int8 copy

`onnx/model.int8.onnx` ({(model / 'onnx' / 'model.int8.onnx').stat().st_size / 1e6:.0f} MB) is a dynamically quantised copy
(`stance export {model} --onnx --int8`). The library uses it by default when onnxruntime is
installed (`pip install 'stance[onnx]'`); `stance.load(backend="torch")` runs the safetensors weights in float32.
Macro-F1 in %, torch float32 versus the int8 copy:

| data | torch fp32 | ONNX int8 | difference |
|---|---|---|---|
{chr(10).join(lines)}
"""
    temperature = settings.get("temperature", 1.0)
    calibration = settings.get("calibration") or {}
    calibration_line = (f"Scores are calibrated: the logits are divided by a temperature of {temperature:.3f}, fitted on "
                        f"{calibration.get('rows', '?')} dev rows (`stance calibrate`; ECE there "
                        f"{calibration.get('ece_before', float('nan')):.3f} -> {calibration.get('ece_after', float('nan')):.3f})."
                        if temperature != 1.0 else "Scores are not calibrated (temperature 1).")
    rusentne_section = ""
    if rusentne:
        lines = []
        for name, label in (("test", "all"), ("test_nonperson", "non-person (state, organisation, group)")):
            m = rusentne[name]
            lo, hi = m["macro_f1_ci95"]
            lines.append(f"| {label} | {m['n']} | {pct(m['macro_f1'])} ({pct(lo)}-{pct(hi)}) | {pct(m['accuracy'])} | "
                         f"{m['ece']:.3f} |")
        for value, g in rusentne["test"]["by"]["groups"].items():
            lines.append(f"| {value} | {g['n']} | {pct(g['macro_f1'])} | {pct(g['accuracy'])} | {g['ece']:.3f} |")
        rusentne_section = f"""
## RuSentNE-en test (Russian news in our English translation, human labels)

`data/rusentne-en/` (its README: translation, splits, types); macro-F1 and accuracy in %, ECE (15 bins):

| rows | n | macro-F1 | accuracy | ECE |
|---|---|---|---|---|
{chr(10).join(lines)}
"""
    nonperson_section = ""
    if nonperson:
        lines = []
        for part in ("test", "dev"):
            m = nonperson[part]
            lo, hi = m["macro_f1_ci95"]
            lines.append(f"| {part}, all | {m['n']} | {pct(m['macro_f1'])} ({pct(lo)}-{pct(hi)}) | {pct(m['accuracy'])} |")
            for value, g in m["by"]["groups"].items():
                lines.append(f"| {part}, {value} | {g['n']} | {pct(g['macro_f1'])} | {pct(g['accuracy'])} |")
        nonperson_section = f"""
## Non-person actors (states, capitals, organisations, groups)

NewsMTSC labels persons only, so we annotated our own set (`data/nonperson/`, guidelines in
`docs/annotation-guidelines.md`); macro-F1 and accuracy in %:

| data | n | macro-F1 | accuracy |
|---|---|---|---|
{chr(10).join(lines)}
"""
    card = f"""---
language: en
license: mit
library_name: transformers
pipeline_tag: text-classification
datasets: [NewsMTSC]
base_model: sentence-transformers/all-MiniLM-L6-v2
---

# {model.name}: stance toward an actor in a news sentence

Classifies whether an English news sentence is **supportive**, **critical** or **neutral**
toward one actor it names. It is the default model of the `stance` library
(`stance.predict(text, actor=...)`).

- Base encoder: all-MiniLM-L6-v2, fine-tuned as a 3-way sequence classifier ({n_params / 1e6:.1f}M parameters).
- Weights: `model.safetensors`, {size_mb:.1f} MB ({config.get('dtype', 'float32')} on disk, loaded and run in float32).
- Input: the sentence with the mention marked {'`' + fmt['marker_open'] + ' mention ' + fmt['marker_close'] + '`' if fmt['markers'] else '(no markers)'}
  {'and the mention as the second segment of a text pair' if fmt['pair'] else ''}; window {fmt['max_length']} tokens,
  cut around the mention for longer texts. The library reads this from `config.json` ("stance" key)
  and always encodes as the model was trained. Plain `transformers` loading works too, but then
  you must mark the mention yourself.

## Training data and recipe

- NewsMTSC (Hamborg & Donnay, EACL 2021; MIT licence): {f"{_count_rows(data / 'train.jsonl'):,} training rows, plus our own rows in the last stage ({training.get('train_rows', '?')} rows in all, substituted rows included)" if mix else f"{training.get('train_rows', '?')} training rows"}
  (English political news, one target person per row, labels positive/negative/neutral mapped to
  supportive/critical/neutral).
- Selection: the epoch with the best macro-F1 on {training.get('dev_source', '?')}.{distill}{nonperson_stage}
- Hyper-parameters{' of the last stage' if mix else ''}: {cfg.get('epochs')} epochs, learning rate {cfg.get('learning_rate')}, batch size
  {cfg.get('batch_size')}, weight decay {cfg.get('weight_decay')}, warm-up {cfg.get('warmup_ratio')},
  seed {cfg.get('seed')}, bf16 autocast: {training.get('bf16')}.
- Rebuild it ({duration}{' for the last fine-tuning' if mix else ''}):
  {f"the steps at the top of `{args.config}`, after `training/build_distilled.sh`" if mix else
   f"`stance train --config {args.config} --set base_model=$(../shared/tools/get-base-model all-MiniLM-L6-v2)`"}.{provenance}

## Results (macro-F1 with 95% bootstrap interval, accuracy; in %)

| data | n | macro-F1 | accuracy | ECE |
|---|---|---|---|---|
{chr(10).join(rows)}

{calibration_line} ECE is the expected calibration error with 15 bins (0 is perfect).

"Held-out articles" keeps only test rows whose source article has no sentence in the training
set (NewsMTSC's official split is by sentence, so about half of the test articles are also in train).

Per class on every test set:

| data | label | precision | recall | F1 | support |
|---|---|---|---|---|---|
{per_class}

Published macro-F1 on NewsMTSC test (rw / mt), for comparison:

| model | rw | mt |
|---|---|---|
{chr(10).join(f'| {n} | {a} | {b} |' for n, a, b in PUBLISHED)}

This small model is below the RoBERTa-base models above (they have about 5x more parameters).
{onnx_section}{nonperson_section}{rusentne_section}
Each figure above was printed by one of these commands (run from the repository root):

```
{chr(10).join(commands.values())}
```

## Limitations

- NewsMTSC labels **persons** only, and our own non-person training set is small. On states,
  capitals used for states ("Moscow"), organisations and groups the model is much weaker (see
  the non-person figures above, where measured): it often gives an actor the sentiment the
  sentence expresses toward someone else, and it misses some clear cases.
- English news only. Labels follow NewsMTSC: the sentiment the sentence expresses toward the
  actor, whoever voices it.
"""
    (model / "README.md").write_text(card, encoding="utf-8")
    print(f"wrote {model / 'README.md'}", file=sys.stderr)


if __name__ == "__main__":
    main()
