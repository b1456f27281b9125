"""train -> save -> load -> predict with the tiny model, and the Python API around it."""

import json
import threading

import pytest
import torch

import stance
from stance.config import load_config
from stance.model import ModelFolderError
from stance.training import train


@pytest.fixture(scope="module")
def model(tiny_model):
    return stance.load(tiny_model)


def test_saved_folder_is_a_plain_hf_folder(tiny_model):
    from transformers import AutoModelForSequenceClassification

    config = json.loads((tiny_model / "config.json").read_text())
    assert config["id2label"] == {"0": "critical", "1": "neutral", "2": "supportive"}
    assert config["stance"]["format"]["markers"] is True
    assert config["stance"]["training"]["dev_source"].startswith("10% of")
    assert (tiny_model / "model.safetensors").is_file()
    assert not list(tiny_model.glob("*.bin")) and not list(tiny_model.glob("*.pkl"))
    AutoModelForSequenceClassification.from_pretrained(tiny_model)


def test_predict_single_and_lists(model):
    p = model.predict("China praised Russia for its support.", "Russia")
    assert isinstance(p, stance.Prediction) and p.label in stance.LABELS
    assert p.score == max(p.scores.values()) and abs(sum(p.scores.values()) - 1) < 1e-5
    assert (p.mention, p.start, p.end) == ("Russia", 14, 20)
    assert p.to_dict()["label"] == p.label
    with pytest.raises(AttributeError):
        p.label = "neutral"
    texts = ["China met Russia.", "Germany condemned France for the war.", "Merkel thanked Biden."]
    batch = model.predict(texts, ["Russia", "France", "Biden"], batch_size=2)
    singles = [model.predict(t, a) for t, a in zip(texts, ["Russia", "France", "Biden"])]
    for b, s in zip(batch, singles):
        assert b.scores == pytest.approx(s.scores, abs=2e-2)
    assert [b.actor for b in batch] == ["Russia", "France", "Biden"]
    assert model.predict([], "x") == []


def test_one_actor_for_all_and_spans(model):
    out = model.predict(["Moscow said Moscow would win.", "Moscow won."], "Moscow", span=[(12, 18), None])
    assert [(p.start, p.end) for p in out] == [(12, 18), (0, 6)]


def test_list_errors_name_the_item(model):
    with pytest.raises(ValueError, match="item 1: actor 'NATO' does not occur"):
        model.predict(["Russia won.", "China won."], ["Russia", "NATO"])
    with pytest.raises(ValueError, match="2 texts but 1 actors"):
        model.predict(["a", "b"], ["a"])
    with pytest.raises(TypeError):
        model.predict("Russia won.", ["Russia"])


def test_order_is_kept_when_lengths_differ(model):
    texts = ["Russia " + "and the war " * (i % 7) + "won." for i in range(20)]
    batch = model.predict(texts, "Russia", batch_size=3)
    singles = [model.predict(t, "Russia") for t in texts]
    for b, s in zip(batch, singles):
        assert b.scores == pytest.approx(s.scores, abs=2e-2)
    assert [b.label for b in batch] == [s.label for s in singles]


def test_threads_give_the_same_results(model):
    texts = [f"China praised Russia {'again ' * i}for its support." for i in range(8)]
    expected = [p.scores for p in model.predict(texts, "Russia")]
    results = [None] * 4

    def work(k):
        results[k] = [p.scores for p in model.predict(texts, "Russia")]

    threads = [threading.Thread(target=work, args=(k,)) for k in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == [expected] * 4


def test_save_refuses_to_overwrite_and_round_trips(model, tmp_path):
    out = model.save(tmp_path / "copy")
    with pytest.raises(FileExistsError):
        model.save(out)
    model.save(out, overwrite=True)
    again = stance.load(out)
    assert again.settings.format == model.settings.format
    text = "Germany praised France for the peace deal."
    assert again.predict(text, "France").scores == pytest.approx(model.predict(text, "France").scores)
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]


def test_bad_model_folders(tmp_path, tiny_model):
    with pytest.raises(ModelFolderError, match="no such model folder"):
        stance.load(tmp_path / "missing")
    (tmp_path / "plain").mkdir()
    (tmp_path / "plain" / "config.json").write_text('{"model_type": "bert"}')
    with pytest.raises(ModelFolderError, match="not a stance model"):
        stance.load(tmp_path / "plain")


def test_continued_fine_tuning_from_a_stance_model(tiny_model, train_file, tmp_path):
    cfg = load_config(None, [f"base_model={tiny_model}", f"train_file={train_file}", f"output_dir={tmp_path / 'tuned'}",
                             "epochs=1", "batch_size=8", "learning_rate=1e-3", f"checkpoint_dir={tmp_path / 'ck'}",
                             "bf16=false", "export_onnx=false", "markers=false"])
    with pytest.warns(UserWarning, match="continuing with its format"):
        path = train(cfg)
    tuned = stance.load(path)
    assert tuned.settings.format.markers is True  # the start model's format is kept
    assert tuned.predict("China met Russia.", "Russia").label in stance.LABELS


def test_train_refuses_existing_output(tiny_base, train_file, tiny_model):
    cfg = load_config(None, [f"base_model={tiny_base}", f"train_file={train_file}", f"output_dir={tiny_model}"])
    with pytest.raises(FileExistsError, match="overwrite"):
        train(cfg)


@pytest.mark.parametrize("text, actor", [
    ("Die Regierung in Moskau lobte Peking.", "Peking"),
    ("موسكو رحبت بقرار الصين اليوم", "الصين"),
    ("Russia 🇷🇺 backed\x00 China\u200f today.\x07", "China"),
    ("中国重申与俄罗斯的伙伴关系", "俄罗斯"),
    ("x" * 100_000 + " NATO " + "y" * 10, "NATO"),
    ("word " * 20_000 + "NATO" + " word" * 20_000, "NATO"),
])
def test_odd_texts_work(model, text, actor):
    p = model.predict(text, actor)
    assert text[p.start:p.end] == actor and p.label in stance.LABELS


@pytest.mark.parametrize("text, actor, span, error", [
    (None, "Russia", None, TypeError), (3.5, "Russia", None, TypeError), (b"Russia", "Russia", None, TypeError),
    ("Russia won.", None, None, TypeError), ("Russia won.", b"Russia", None, TypeError),
    ("   ", "Russia", None, ValueError), ("Russia won.", " \t", None, ValueError),
    ("Russia won.", "Russia", (0, 60), ValueError), ("Russia won.", "Russia", (7, 10), ValueError),
    ("Russia won.", "Russia", "0:6", TypeError),
])
def test_bad_api_input_gets_a_named_error(model, text, actor, span, error):
    with pytest.raises(error, match=r"text|actor|span"):
        model.predict(text, actor, span=span)


def test_bad_batch_size(model):
    with pytest.raises(ValueError, match="batch_size"):
        model.predict("Russia won.", "Russia", batch_size=0)


def test_device_choice(tiny_model):
    from stance.model import StanceModel

    cpu = StanceModel.load(tiny_model, backend="torch", device="cpu")
    auto = StanceModel.load(tiny_model, backend="torch", device="auto")
    expected = "cuda" if torch.cuda.is_available() else "cpu"
    assert auto.model.device.type == expected
    text = "The senator praised the governor."
    assert cpu.predict(text, "governor").scores == pytest.approx(auto.predict(text, "governor").scores, abs=1e-4)
    with pytest.raises(ValueError, match="device must be"):
        StanceModel.load(tiny_model, backend="torch", device="gpu0")
