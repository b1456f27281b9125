"""training/summarize_runs.py: the macro-F1 table of build_distilled.sh's metrics folder."""

import json
import subprocess
import sys

from tests.conftest import REPO

SCRIPT = REPO / "training" / "summarize_runs.py"


def _write(folder, run, split, f1):
    (folder / f"{run}.{split}.json").write_text(json.dumps({"n": 10, "accuracy": 0.5, "macro_f1": f1}))


def _run(*args):
    return subprocess.run([sys.executable, str(SCRIPT), *map(str, args)], capture_output=True, text=True)


def test_prints_runs_and_mean_sd_over_seeds(tmp_path):
    for run, f1 in [("student-s42", 0.80), ("student-s43", 0.82), ("student-s44", 0.84)]:
        _write(tmp_path, run, "rw-test", f1)
    _write(tmp_path, "student-s42", "mt-test", 0.70)
    _write(tmp_path, "teacher-s42", "rw-test", 0.9)
    result = _run(tmp_path)
    assert result.returncode == 0, result.stderr
    lines = {line.split()[0]: line for line in result.stdout.splitlines()[1:]}
    assert lines["student-s43"].split()[1:] == ["82.0", "-"]
    assert lines["teacher-s42"].split()[1:] == ["90.0", "-"]
    # rw test: mean 82.0, sample sd 2.0 over 3 seeds; mt test: one run only
    assert "82.0 ± 2.0 (3)" in lines["student"] and "70.0 (1)" in lines["student"]
    assert not any(line.startswith("teacher mean") for line in result.stdout.splitlines())


def test_bad_folder_and_bad_file_are_named(tmp_path):
    result = _run(tmp_path / "missing")
    assert result.returncode == 2 and "no such folder" in result.stderr
    result = _run(tmp_path)
    assert result.returncode == 2 and "no RUN.SPLIT.json files" in result.stderr
    (tmp_path / "student-s42.rw-test.json").write_text("{}")
    result = _run(tmp_path)
    assert result.returncode == 2 and "student-s42.rw-test.json" in result.stderr and "macro_f1" in result.stderr
