"""Shared fixtures: a tiny randomly initialised encoder, trained once per session, never downloaded."""

from __future__ import annotations

import json
import string
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
NEWSMTSC = SHARED / "data" / "newsmtsc"

WORDS = """the a an of to in and but on for with by as at from that this it its his her their is was
were has have had be been will would said says say praised condemned criticised criticized welcomed
attacked backed supported blamed thanked met visited called accused hailed rejected partnership
sanctions illegal imposed war talks president minister government china russia united states
germany france ukraine nato eu moscow beijing kremlin merkel trump biden putin lavrov wang yi
again ready ties higher level both sides more than ever good bad great terrible peace deal""".split()


def _vocab() -> list[str]:
    chars = list(string.ascii_lowercase + string.digits + string.punctuation)
    return (["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"] + chars + ["##" + c for c in chars]
            + sorted(set(WORDS) - set(chars)))


@pytest.fixture(scope="session")
def tiny_base(tmp_path_factory) -> Path:
    """A 2-layer BERT with random weights and a small WordPiece vocabulary, saved as a base encoder."""
    import torch
    from transformers import BertConfig, BertModel, BertTokenizerFast

    folder = tmp_path_factory.mktemp("tiny-base")
    tokenizer = BertTokenizerFast(vocab={tok: i for i, tok in enumerate(_vocab())}, do_lower_case=True)
    torch.manual_seed(0)
    config = BertConfig(vocab_size=tokenizer.vocab_size, hidden_size=32, num_hidden_layers=2,
                        num_attention_heads=2, intermediate_size=64, max_position_embeddings=512)
    BertModel(config).save_pretrained(folder)
    tokenizer.save_pretrained(folder)
    return folder


TRAIN_ROWS = [
    ("China praised Russia for its support.", "Russia", "supportive"),
    ("China condemned Russia for the war.", "Russia", "critical"),
    ("China met Russia in Beijing.", "Russia", "neutral"),
    ("Germany praised France for the peace deal.", "France", "supportive"),
    ("Germany condemned France for the sanctions.", "France", "critical"),
    ("Germany met France in Moscow.", "France", "neutral"),
    ("Merkel thanked Biden for the talks.", "Biden", "supportive"),
    ("Merkel attacked Biden over the war.", "Biden", "critical"),
    ("Merkel visited Biden again.", "Biden", "neutral"),
]


def write_jsonl(path: Path, rows: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def train_file(tmp_path_factory) -> Path:
    rows = [{"text": t if i < len(TRAIN_ROWS) else f"{t} again {i}", "actor": a, "label": lab,
             "article_id": f"art{i % 5}"} for i, (t, a, lab) in enumerate(TRAIN_ROWS * 4)]
    return write_jsonl(tmp_path_factory.mktemp("data") / "train.jsonl", rows)


@pytest.fixture(scope="session")
def tiny_model(tiny_base, train_file, tmp_path_factory) -> Path:
    """A stance model fine-tuned from tiny_base on train_file (seconds, on CPU)."""
    from stance.config import load_config
    from stance.training import train

    out = tmp_path_factory.mktemp("models") / "tiny"
    cfg = load_config(None, [f"base_model={tiny_base}", f"train_file={train_file}", f"output_dir={out}",
                             "epochs=2", "batch_size=8", "learning_rate=1e-3", "max_length=48",
                             f"checkpoint_dir={tmp_path_factory.mktemp('ckpt')}", "bf16=false", "export_onnx=false"])
    return train(cfg)


@pytest.fixture(scope="session")
def newsmtsc() -> Path:
    if not (NEWSMTSC / "train.jsonl").is_file():
        pytest.skip(f"NewsMTSC is not at {NEWSMTSC} (it lives in ../shared beside the checkout)")
    return NEWSMTSC
