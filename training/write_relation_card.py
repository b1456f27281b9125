"""Measure a relation model on the relation test set and write its model card (README.md).

    python training/build_relation_rows.py test
    python training/write_relation_card.py models/relations-minilm

Every figure in the card is printed by `python training/evaluate_relations.py --model DIR
--backend B`, run here for the int8 ONNX copy (the default backend) and for torch; the figures
are also stored under "metrics" of the folder's config.json ("stance" key).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from stance.files import atomic_write  # noqa: E402


def measure(model: Path, backend: str) -> tuple[dict, str]:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "m.json"
        cmd = [sys.executable, "training/evaluate_relations.py", "--model", str(model), "--backend", backend,
               "--json", str(out)]
        printed = subprocess.run(cmd, check=True, capture_output=True, text=True, cwd=ROOT).stdout
        print(printed)
        return json.loads(out.read_text()), f"python training/evaluate_relations.py --model {model} --backend {backend}"


def line(name: str, m: dict) -> str:
    d, pc = m["direction"], m["per_class"]
    direction = f"{d['accuracy'] * 100:.1f} ({d['n']})" if d["accuracy"] is not None else "n/a"
    return (f"| {name} | {m['macro_f1'] * 100:.1f} ({m['ci95'][0] * 100:.1f}-{m['ci95'][1] * 100:.1f}) | "
            f"{pc['supportive']['f1'] * 100:.1f} | {pc['critical']['f1'] * 100:.1f} | {pc['neutral']['f1'] * 100:.1f} | "
            f"{direction} | {sum(v['support'] for v in pc.values())} |")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("model", type=Path)
    args = ap.parse_args()
    onnx, onnx_cmd = measure(args.model, "onnx")
    torch, torch_cmd = measure(args.model, "torch")
    config_path = args.model / "config.json"
    config = json.loads(config_path.read_text(encoding="utf-8"))
    settings = config["stance"]
    settings["metrics"] = {"relation_test": {"onnx_int8": onnx, "torch": torch}}
    with atomic_write(config_path) as f:
        json.dump(config, f, indent=2, ensure_ascii=False)
        f.write("\n")
    training = settings.get("training", {})
    cfg = training.get("config", {})
    sizes = {p.name: p.stat().st_size / 1e6 for p in [args.model / "model.safetensors", *args.model.glob("onnx/*.onnx")]}
    kept = (training.get("selection") or {}).get("kept") or {}
    rows = "\n".join(line(name, onnx[key]) for key, name in (
        ("relation model", "relation model, all pairs"), ("baseline", "baseline: the stance model toward the target"),
        ("NewsMTSC test", "NewsMTSC test sentences"), ("RuSentNE-en test", "RuSentNE-en test sentences"),
        ("example articles", "example articles"), ("hard=False", "pairs not marked hard"),
        ("hard=True", "pairs marked hard")) if key in onnx)
    t = torch["relation model"]
    start = ("the shipped stance model newsmtsc-minilm (all-MiniLM-L6-v2, 22.7M parameters)"
             if "newsmtsc-minilm" in str(cfg.get("base_model")) else "all-MiniLM-L6-v2 (22.7M parameters)")
    card = f"""---
language: en
license: mit
library_name: transformers
pipeline_tag: text-classification
base_model: sentence-transformers/all-MiniLM-L6-v2
---

# relations-minilm: who supports or criticises whom in a news sentence

For two actors named in an English news sentence, a **source** and a **target**, it classifies
the stance that the sentence attributes to the source toward the target: **supportive**,
**critical**, or **neutral** (no stance of the source toward the target). "Russia praised China
but condemned the United States": Russia -> China supportive, Russia -> United States critical,
China -> Russia neutral. It is the relation model of the `stance` library
(`stance.predict_relation(text, source=..., target=...)`, `stance.analyze(...).relations`).

- Start: {start}, fine-tuned as a 3-way sequence classifier.
- Input: the sentence with the target marked `<< target >>` and the source `[[ source ]]`, the
  target as the second segment of a text pair; window {settings['format']['max_length']} tokens.
  The library reads this from `config.json` ("stance" key).
- Files: `model.safetensors` {sizes.get('model.safetensors', 0):.1f} MB ({config.get('dtype', 'float32')} on
  disk, run in float32), `onnx/model.int8.onnx` {sizes.get('model.int8.onnx', 0):.1f} MB (the default backend).

## Training data

{training.get('train_rows', '?')} ordered pairs (`python training/build_relation_rows.py train`; see
`data/relations/README.md`): every ordered pair of the actors of 1,557 training sentences labelled
by hand (`train-pairs`, two batches), the holder annotations of 2,200 supportive or critical rows of NewsMTSC
train and RuSentNE-en train (holder -> target with the row's label, the reverse and bystanders
neutral), pairs of neutral sentences, and verb-frame rows written from the CAMEO dictionary.
Selection: the epoch with the best macro-F1 on the relation dev set ({training.get('dev_rows', '?')} pairs of
NewsMTSC dev and RuSentNE-en dev sentences, labelled as the test set is): epoch
{kept.get('epoch', '?')}, dev macro-F1 {(kept.get('macro_f1') or 0) * 100:.1f}. Recipe: `configs/relations-minilm.yaml`,
{cfg.get('epochs')} epochs, learning rate {cfg.get('learning_rate')}, batch {cfg.get('batch_size')},
{'balanced class weights' if cfg.get('class_weights') else 'no class weights'}, seed {cfg.get('seed')}.

## Test

The relation test: every ordered pair of the 2-4 actors of 482 held-out sentences (NewsMTSC
test sentences whose article is not in NewsMTSC train, RuSentNE-en test, the example
articles), labelled by hand before any model output was seen (`data/relations/`). Macro-F1 in %
with its 95% bootstrap interval; direction: for a gold supportive or critical A -> B, how often
the model gives that label a higher probability for A -> B than for B -> A (pairs).
Printed by `{onnx_cmd}`:

| rows | macro-F1 | F1 supportive | F1 critical | F1 neutral | direction % (pairs) | n |
|---|---|---|---|---|---|---|
{rows}

Torch float32 (`{torch_cmd}`): macro-F1 {t['macro_f1'] * 100:.1f}, direction
{t['direction']['accuracy'] * 100:.1f}%.

## Limits

- One sentence at a time: a stance voiced in the previous sentence ("He said ...") is not
  linked to its speaker, and pronouns are not actors.
- Trained on English political news and on sentences we wrote; the RuSentNE-en part is
  translated Russian news.
- The training rows assume that the target of a stance holds none toward its holder and that
  a neutral sentence holds no stance between its actors; mutual stances ("accused each other")
  are rare in the training data.
"""
    (args.model / "README.md").write_text(card, encoding="utf-8")
    print(f"wrote {args.model / 'README.md'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
