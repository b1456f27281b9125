"""A training run killed part-way (SIGKILL, or SIGINT as from Ctrl-C) keeps the previous
model; --resume finishes it with the same result as a run that was never interrupted."""

import json
import os
import signal
import subprocess
import sys
import time

import pytest
import torch
from transformers import BertConfig, BertModel

import stance
from tests.conftest import TRAIN_ROWS, write_jsonl


@pytest.fixture(scope="module")
def slow_setup(tiny_base, tmp_path_factory):
    """A bigger random encoder and more rows, so that training takes a few seconds to kill."""
    folder = tmp_path_factory.mktemp("resume")
    base = folder / "base"
    torch.manual_seed(0)
    config = BertConfig(vocab_size=json.loads((tiny_base / "config.json").read_text())["vocab_size"],
                        hidden_size=256, num_hidden_layers=4, num_attention_heads=4, intermediate_size=1024)
    BertModel(config).save_pretrained(base)
    for name in ("tokenizer.json", "tokenizer_config.json"):
        (base / name).write_bytes((tiny_base / name).read_bytes())
    rows = [{"text": f"{t} Number {i}.", "actor": a, "label": lab, "article_id": f"a{i % 20}"}
            for i, (t, a, lab) in enumerate(TRAIN_ROWS * 24)]
    return base, write_jsonl(folder / "train.jsonl", rows), folder


def _cmd(base, data, out, ckpt, *extra):
    return [sys.executable, "-m", "stance", "train", "--config", "configs/newsmtsc-minilm.yaml",
            "--set", f"base_model={base}", "--set", f"train_file={data}", "--set", "dev_file=",
            "--set", f"output_dir={out}", "--set", f"checkpoint_dir={ckpt}", "--set", "epochs=2",
            "--set", "batch_size=8", "--set", "eval_steps=10", "--set", "max_length=32",
            "--set", "bf16=false", "--set", "export_onnx=false", "--set", "seed=3", *extra]


def _scores(path):
    model = stance.load(path, precision="fp32")
    return [p.scores for p in model.predict([t for t, _, _ in TRAIN_ROWS], [a for _, a, _ in TRAIN_ROWS])]


ENV = {**os.environ, "PYTHONUNBUFFERED": "1"}


@pytest.fixture(scope="module")
def uninterrupted(slow_setup):
    base, data, folder = slow_setup
    full = folder / "full"
    subprocess.run(_cmd(base, data, full, folder / "full.ckpt"), check=True, capture_output=True, env=ENV)
    return _scores(full)


@pytest.mark.slow
@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGINT], ids=["SIGKILL", "SIGINT"])
def test_kill_then_resume_matches_an_uninterrupted_run(slow_setup, uninterrupted, tiny_model, sig):
    base, data, folder = slow_setup
    env = ENV
    out = folder / f"resumed-{sig.name}"
    ckpt = folder / f"{sig.name}.ckpt"
    subprocess.run([sys.executable, "-c", f"import stance; stance.load({str(tiny_model)!r}).save({str(out)!r})"],
                   check=True)
    before = _scores(out)  # a previous model in the output folder, which the killed run must not harm
    proc = subprocess.Popen(_cmd(base, data, out, ckpt, "--overwrite"),
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env, text=True)
    deadline = time.time() + 300
    while not (ckpt / "checkpoint-10" / "trainer_state.json").exists():
        assert proc.poll() is None, "training finished before it could be killed"
        assert time.time() < deadline
        time.sleep(0.05)
    proc.send_signal(sig)
    _, err = proc.communicate()
    if sig == signal.SIGINT:  # Ctrl-C: a one-line message and exit code 130, no traceback
        assert proc.returncode == 130 and "Traceback" not in err, err
    else:
        assert proc.returncode == -signal.SIGKILL
    assert _scores(out) == before
    assert not [p for p in folder.iterdir() if p.name.startswith(f".{out.name}.")]  # no temporary folder left

    subprocess.run(_cmd(base, data, out, ckpt, "--overwrite", "--resume"), check=True, capture_output=True, env=env)
    resumed = _scores(out)
    assert resumed != before
    diff = max(abs(a[k] - b[k]) for a, b in zip(resumed, uninterrupted) for k in a)
    print(f"\n{sig.name} at checkpoint-10: previous model unchanged "
          f"(p_supportive of row 1 {before[0]['supportive']:.4f}); after --resume: {resumed[0]['supportive']:.4f}, "
          f"uninterrupted run: {uninterrupted[0]['supportive']:.4f}; max |difference| over "
          f"{len(resumed)} x 3 probabilities {diff:.1e}")
    for a, b in zip(resumed, uninterrupted):
        assert a == pytest.approx(b, abs=1e-5)
