"""Ray Data as the engine: the same rows as the local engine, for predict and corpus, on a
local Ray limited to this machine's 2 CPUs."""

import json

import pytest

from stance.cli import main

pd = pytest.importorskip("pandas")
pytest.importorskip("ray", reason="Ray Data is an extra: pip install 'stance[ray]'")

ROWS = [{"id": i, "text": t, "actor": a, "label": lab} for i, (t, a, lab) in enumerate([
    ("China praised Russia for its support.", "Russia", "supportive"),
    ("NATO condemned Moscow over the war.", "Moscow", "critical"),
    ("The U.S. met France in Paris.", "United States", "neutral"),
    ("Germany backed Ukraine again.", "Ukraine", "supportive"),
] * 5)]


@pytest.fixture(scope="module")
def ray_local():
    import ray

    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    yield ray
    ray.shutdown()


def test_predict_ray_gives_the_local_rows(capsys, tiny_model, tmp_path, ray_local):
    src = tmp_path / "in.jsonl"
    src.write_text("".join(json.dumps(r) + "\n" for r in ROWS), encoding="utf-8")
    assert main(["predict", "--model", str(tiny_model), "--input", str(src), "--output", str(tmp_path / "local.parquet"),
                 "--quiet", "--backend", "torch"]) == 0
    assert main(["predict", "--model", str(tiny_model), "--input", str(src), "--output", str(tmp_path / "ray"),
                 "--engine", "ray", "--workers", "2", "--quiet", "--backend", "torch"]) == 0
    local = pd.read_parquet(tmp_path / "local.parquet")
    ray_rows = pd.read_parquet(tmp_path / "ray")
    assert list(ray_rows["id"]) == list(local["id"])  # order preserved
    for col in ("text", "actor", "label", "predicted"):
        assert list(ray_rows[col]) == list(local[col])
    for col in ("score", "p_supportive", "p_critical", "p_neutral"):
        assert ray_rows[col].tolist() == pytest.approx(local[col].tolist(), abs=1e-5)


def test_predict_ray_reports_bad_rows_with_file_and_line(capsys, tiny_model, tmp_path, ray_local):
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps(ROWS[0]) + "\n" + json.dumps({"text": "China backed Russia.", "actor": "NATO"}) + "\n")
    assert main(["predict", "--model", str(tiny_model), "--input", str(src), "--output", str(tmp_path / "r"),
                 "--engine", "ray", "--quiet"]) == 2
    assert f"error: {src}:2: actor 'NATO' does not occur" in capsys.readouterr().err


def test_corpus_ray_gives_the_local_mentions(capsys, tiny_model, tmp_path, ray_local):
    from tests.test_corpus import ARTICLES

    src = tmp_path / "articles.jsonl"
    src.write_text("".join(json.dumps(a) + "\n" for a in ARTICLES), encoding="utf-8")
    for engine in ("local", "ray"):
        assert main(["corpus", str(src), "--out", str(tmp_path / engine), "--model", str(tiny_model), "--group",
                     "outlet", "--engine", engine, "--quiet", "--backend", "torch"]) == 0
    local = pd.read_parquet(tmp_path / "local" / "mentions.parquet")
    ray_rows = pd.read_parquet(tmp_path / "ray" / "mentions.parquet")
    assert list(ray_rows.columns) == list(local.columns)
    pd.testing.assert_frame_equal(ray_rows.drop(columns=["score", "p_supportive", "p_critical", "p_neutral"]),
                                  local.drop(columns=["score", "p_supportive", "p_critical", "p_neutral"]))
    assert ray_rows["p_critical"].tolist() == pytest.approx(local["p_critical"].tolist(), abs=1e-5)
    assert (tmp_path / "ray" / "summary.csv").read_text() == (tmp_path / "local" / "summary.csv").read_text()
