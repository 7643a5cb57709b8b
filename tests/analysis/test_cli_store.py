"""``python -m analysis store ...`` and ``report --from-store``: exit codes and messages."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from analysis.__main__ import main
from analysis.store import list_evaluations, open_evaluation
from analysis.store.catalog import PAUSE_ENV

ROOT = Path(__file__).resolve().parents[2]
SURVEY, LOANS = str(ROOT / "data/synthetic_survey.csv"), str(ROOT / "data/synthetic_loans.csv")


def test_publish_list_report_rename_delete(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    store = ["--store", str(tmp_path)]
    argv = ["store", "publish", SURVEY, "--loans", LOANS, "--name", "demo", *store]
    assert main([*argv, "--publisher", "ana"]) == 0
    assert "published demo version 1 (600 members)" in capsys.readouterr().out
    assert main(["store", "list", "--format", "json", *store]) == 0
    (row,) = json.loads(capsys.readouterr().out)
    assert (row["name"], row["version"], row["publisher"], row["members"]) == (
        "demo",
        1,
        "ana",
        600,
    )
    assert row["waves"] == "2021, 2022, 2023" and len(row["sha256"]) == 64
    assert main(["store", "list", *store]) == 0
    assert "demo" in capsys.readouterr().out

    # the report from the store is the report from the files, byte for byte
    assert main(["report", SURVEY, "--loans", LOANS, "-o", str(tmp_path / "a.json")]) == 0
    assert main(["report", "--from-store", "demo", *store, "-o", str(tmp_path / "b.json")]) == 0
    assert (tmp_path / "a.json").read_bytes() == (tmp_path / "b.json").read_bytes()
    assert main(["report", "--from-store", "demo", "--version", "1", "--format", "md", *store]) == 0

    assert main(["store", "rename", "demo", "kopwan", *store]) == 0
    assert main(["store", "delete", "kopwan", "--version", "1", "--by", "ana", *store]) == 0
    assert list_evaluations(tmp_path).empty


def test_exit_codes_and_messages(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    store = ["--store", str(tmp_path)]
    assert main(["report", "--from-store", "nope", *store]) == 1
    assert "no saved evaluation nope" in capsys.readouterr().err
    assert main(["store", "delete", "nope", *store]) == 1
    assert main(["report"]) == 2
    assert "--from-store" in capsys.readouterr().err
    assert main(["report", SURVEY, "--from-store", "x", *store]) == 2
    assert main(["store", "publish", "missing.csv", "--name", "x", *store]) == 2
    bad = tmp_path / "bad.csv"
    bad.write_text("member_id,wave,income\n", encoding="utf-8")
    assert main(["store", "publish", str(bad), "--name", "x", *store]) == 1
    assert "cannot be analysed" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exc:
        main(["store", "publish", SURVEY, *store])  # --name is required
    assert exc.value.code == 2


def test_the_command_line_publishes_while_another_connection_reads(tmp_path: Path) -> None:
    assert main(["store", "publish", SURVEY, "--name", "e", "--store", str(tmp_path)]) == 0
    env = {**os.environ, PAUSE_ENV: "2"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "analysis", "store", "publish", SURVEY, "--loans", LOANS,
         "--name", "e", "--store", str(tmp_path)],
        env=env, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    assert "paused before commit" in proc.stderr.readline()
    # a dashboard session reading meanwhile: the old version, complete
    saved = open_evaluation(tmp_path, "e")
    assert saved.version == 1 and saved.loans is None and len(saved.survey.data) > 0
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 0, err
    assert "version 2" in out
    assert open_evaluation(tmp_path, "e").loans is not None


def test_hash_passphrase_reads_standard_input() -> None:
    from analysis.store.auth import verify_passphrase

    run = subprocess.run(
        [sys.executable, "-m", "analysis", "store", "hash-passphrase"],
        input="rahasia panjang\n", capture_output=True, text=True, cwd=ROOT, check=False,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr
    assert verify_passphrase("rahasia panjang", run.stdout.strip())
    empty = subprocess.run(
        [sys.executable, "-m", "analysis", "store", "hash-passphrase"],
        input="\n", capture_output=True, text=True, cwd=ROOT, check=False,
    )  # fmt: skip
    assert empty.returncode == 2 and "empty" in empty.stderr and "Traceback" not in empty.stderr
