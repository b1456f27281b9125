"""The committed relation annotations (data/relations/) build into rows without an error: every
mention is at its offsets in the sentence it names, and the sets have the sizes the README gives."""

import json
import subprocess
import sys
from collections import Counter

import pytest

from tests.conftest import NEWSMTSC, REPO

pytestmark = pytest.mark.skipif(not NEWSMTSC.is_dir(), reason="../shared/data/newsmtsc not found: the relation "
                                "annotations hold row ids, and their sentences come from NewsMTSC")


@pytest.mark.parametrize("what, pairs, sentences", [("test", 2468, 482), ("dev-pairs", 1156, 196),
                                                    ("train-pairs", 13118, 2451)])
def test_relation_sets_build_with_every_mention_at_its_offsets(what, pairs, sentences, tmp_path):
    done = subprocess.run([sys.executable, str(REPO / "training" / "build_relation_rows.py"), what, "--out", str(tmp_path)],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    rows = [json.loads(line) for line in (tmp_path / f"{what}.jsonl").open()]
    assert len(rows) == pairs and len({r["sentence"] for r in rows}) == sentences
    for r in rows:
        assert r["text"][r["source_start"]:r["source_end"]] == r["source"]
        assert r["text"][r["target_start"]:r["target_end"]] == r["target"]
    if what == "test":  # the floor: at least 100 of each stance
        counts = Counter(r["label"] for r in rows)
        assert counts["supportive"] >= 100 and counts["critical"] >= 100


def test_train_sentences_are_not_in_dev_or_test(tmp_path):
    seen = {}
    for name in ("test-1", "test-2", "test-3", "dev-1", "train-pairs", "train-pairs-2"):
        seen[name] = {json.loads(line)["sentence"] for line in (REPO / "data" / "relations" / f"{name}.jsonl").open()}
    train = seen["train-pairs"] | seen["train-pairs-2"]
    held_out = seen["test-1"] | seen["test-2"] | seen["test-3"] | seen["dev-1"]
    assert not train & held_out
    assert all(s.startswith(("newsmtsc-train:", "rusentne-en-train:")) for s in train)
