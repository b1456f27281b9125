"""Draw held-out sentences for a further batch of the relation test set (issue 19).

The first two batches (data/relations/test-1/2) came out short of supportive pairs, so this
batch favours sentences with a supportive or critical verb. Pool: NewsMTSC test sentences
(rw and mt) whose article is not in NewsMTSC train, and RuSentNE-en test sentences with two
or more tagged actors; sentences already in test-1/2 are left out. A sentence is a candidate
when it holds one of the evaluative stems below. Only the words of the sentences are read:
no labels of the relation test and no model output.

    python training/sample_relation_test.py --n 240 --seed 19 --out runs/relations/pool-3.jsonl
    python training/sample_relation_test.py --n 160 --seed 20 --wide --leave-out runs/relations/pool-3.jsonl \
        --out runs/relations/pool-4.jsonl
    python training/sample_relation_test.py --split dev --n 240 --seed 21 --wide --out runs/relations/pool-dev.jsonl
    python training/sample_relation_test.py --split train --n 480 --seed 22 --wide --out runs/relations/pool-train.jsonl
    python training/sample_relation_test.py --split train --n 480 --seed 23 --wide --leave-out runs/relations/pool-train.jsonl \
        --out runs/relations/pool-train2.jsonl
    python training/sample_relation_test.py --split train --n 480 --seed 24 --wide --leave-out runs/relations/pool-train.jsonl \
        runs/relations/pool-train2.jsonl --out runs/relations/pool-train3.jsonl
    python training/sample_relation_test.py --split train --n 480 --seed 25 --wide --leave-out runs/relations/pool-train.jsonl \
        runs/relations/pool-train2.jsonl runs/relations/pool-train3.jsonl --out runs/relations/pool-train4.jsonl
    python training/sample_relation_test.py --split train --n 960 --seed 26 --wide --leave-out data/relations/train-pairs*.jsonl \
        data/relations/train-pairs*-skipped.tsv --out runs/relations/pool-train5.jsonl
    python training/sample_relation_test.py --split train --n 640 --seed 27 --wide --leave-out data/relations/train-pairs*.jsonl \
        data/relations/train-pairs*-skipped.tsv runs/relations/pool-train5.jsonl --out runs/relations/pool-train6.jsonl
(the seed 26 and 27 pools were drawn while --leave-out still read a skip list's escaped ids
as written, so three earlier skips whose id holds a newline were drawn again; the same commands
now leave them out and so draw a slightly different pool)
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from stance.data import newsmtsc_article  # noqa: E402

NEWSMTSC = ROOT.parent / "shared" / "data" / "newsmtsc"
SUPPORT = r"prais|back(s|ed|ing)? |support|endors|thank|welcom|congratul|applaud|hail|commend|" \
          r"defend|ally|allies|alliance|partner|aid |help|pledg|vote[sd]? for|ties with|friend|" \
          r"solidarity|cooperat|admir|credit|grateful|trust"
# batch 4: further words of backing, for sentences the first stems missed
SUPPORT_WIDE = r"agree|join|embrac|celebrat|hono|reward|elect|nominat|appoint|hire|love|like|favo|champion|" \
               r"rally|campaign(ed|s|ing)? for|side[sd]? with|stood by|stand by|loyal|urg|encourag|protect|" \
               r"promot|approv|sign|deal|invit|host|visit|meet|met |talks"
CRITIC = r"critici|condemn|accus|blam|threat|sanction|attack|denounc|slam|oppos|reject|protest|" \
         r"warn|lambast|rebuk"


def used_sentences() -> set[str]:
    """Sentences of the relation test set's first two batches."""
    used = set()
    for name in ("test-1.jsonl", "test-2.jsonl"):
        for line in (ROOT / "data" / "relations" / name).open():
            used.add(json.loads(line)["sentence"])
    return used


def pool(split: str = "test") -> list[dict]:
    used = used_sentences()
    train_articles = {newsmtsc_article(json.loads(l)["id"]) for l in (NEWSMTSC / "train.jsonl").open()}
    out, seen = [], set()
    files = [NEWSMTSC / "train.jsonl"] if split == "train" else [NEWSMTSC / part / f"{split}.jsonl" for part in ("rw", "mt")]
    for path in files:
        for line in path.open():
            row = json.loads(line)
            key = f"newsmtsc-{split}:{row['id']}"
            held_out = split == "train" or newsmtsc_article(row["id"]) not in train_articles
            if not held_out or key in used or row["sentence"] in seen:
                continue
            seen.add(row["sentence"])
            out.append({"sentence": key, "text": row["sentence"], "actors": []})
    by_sentence: dict[str, dict] = {}
    for line in (ROOT / "data" / "rusentne-en" / f"{split}.jsonl").open():
        row = json.loads(line)
        s = by_sentence.setdefault(row["sentence_id"], {"sentence": f"rusentne-en-{split}:{row['sentence_id']}",
                                                         "text": row["text"], "actors": []})
        s["actors"].append({"actor": row["actor"], "start": row["start"], "end": row["end"]})
    for s in by_sentence.values():
        if s["sentence"] not in used and len({a["actor"] for a in s["actors"]}) >= 2:
            out.append(s)
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=240)
    ap.add_argument("--seed", type=int, default=19)
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--wide", action="store_true", help="batch 4: the wider stems, leaving out the pools given")
    ap.add_argument("--split", choices=["test", "dev", "train"], default="test",
                    help="dev: a relation dev set drawn the same way from NewsMTSC dev and RuSentNE-en dev; "
                         "train: training sentences labelled the same way, from NewsMTSC and RuSentNE-en train")
    ap.add_argument("--leave-out", type=Path, nargs="*", default=[],
                    help="sentences already drawn: pool or annotation files (.jsonl with a sentence field), skip lists (.tsv)")
    args = ap.parse_args()
    support, critic = re.compile(SUPPORT, re.I), re.compile(CRITIC, re.I)
    # a skip list writes a newline inside an id as \n
    drawn = {line.split("\t")[0].replace("\\n", "\n") if p.suffix == ".tsv" else json.loads(line)["sentence"]
             for p in args.leave_out for line in p.open() if line.strip()}
    rows = [r for r in pool(args.split) if r["sentence"] not in drawn]
    if args.wide:
        support = re.compile(SUPPORT + "|" + SUPPORT_WIDE, re.I)
    sup = [r for r in rows if support.search(r["text"])]
    crit = [r for r in rows if critic.search(r["text"]) and not support.search(r["text"])]
    rng = random.Random(args.seed)
    rng.shuffle(sup)
    rng.shuffle(crit)
    n_sup = min(len(sup), args.n * 3 // 4)
    chosen = sup[:n_sup] + crit[:args.n - n_sup]
    rng.shuffle(chosen)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with args.out.open("w") as f:
        for r in chosen:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    print(f"pool {len(rows)} sentences; {len(sup)} with a supportive stem, {len(crit)} critical only; "
          f"wrote {len(chosen)} ({n_sup} supportive-stem) -> {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
