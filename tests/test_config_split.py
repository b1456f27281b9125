import pytest

from stance.config import load_config
from stance.data import Row
from stance.split import split_rows


def test_yaml_and_overrides(tmp_path):
    path = tmp_path / "c.yaml"
    path.write_text("train_file: a.jsonl\nepochs: 2\nmarkers: false\n")
    cfg = load_config(path, ["learning_rate=3e-5", "epochs=4", "dev_file="])
    assert (cfg.train_file, cfg.epochs, cfg.markers, cfg.learning_rate, cfg.dev_file) == ("a.jsonl", 4.0, False, 3e-5, None)


@pytest.mark.parametrize("override, message", [("colour=red", "unknown config keys: colour"),
                                               ("epochs=many", "epochs must be float"),
                                               ("markers=3", "markers must be bool"),
                                               ("epochs", "key=value")])
def test_bad_overrides(override, message):
    with pytest.raises(ValueError, match=message):
        load_config(None, ["train_file=a.jsonl", override])


def test_shipped_configs_load():
    from tests.conftest import REPO

    for path in sorted((REPO / "configs").glob("*.yaml")):
        assert load_config(path).train_file


def test_split_keeps_articles_whole():
    rows = [Row(text=f"s{i}", actor="s", start=0, end=1, label="neutral", article_id=f"a{i % 17}") for i in range(200)]
    train, dev = split_rows(rows, 0.2, seed=1)
    assert len(train) + len(dev) == 200 and dev
    assert not {r.article_id for r in train} & {r.article_id for r in dev}
    assert split_rows(rows, 0.2, seed=1)[1] == dev


def test_split_without_articles_keeps_sentences_whole():
    rows = [Row(text=f"sentence {i // 2}", actor="s", start=0, end=1, label="neutral") for i in range(100)]
    train, dev = split_rows(rows, 0.3, seed=0)
    assert not {r.text for r in train} & {r.text for r in dev}


def test_dev_file_takes_a_list():
    from stance.config import load_config

    cfg = load_config(None, ["train_file=a.jsonl", "dev_file=[rw.jsonl, mt.jsonl]"])
    assert cfg.dev_files == ["rw.jsonl", "mt.jsonl"]
    assert load_config(None, ["train_file=a.jsonl", "dev_file=rw.jsonl"]).dev_files == ["rw.jsonl"]
    assert load_config(None, ["train_file=a.jsonl", "dev_file="]).dev_files == []
    with pytest.raises(ValueError, match="dev_file must be"):
        load_config(None, ["train_file=a.jsonl", "dev_file=[rw.jsonl, 3]"])
