"""``python -m analysis report``: files and options in, the report out, exit codes 0/1/2."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from analysis.__main__ import main
from analysis.demo import write_demo
from analysis.outputs.report import TOP_KEYS

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The demo survey and ledger (200 people) written as CSV, plus a few broken files."""
    folder = tmp_path_factory.mktemp("cli_report")
    survey, loans = write_demo(folder, members=200, seed=7)
    renamed = folder / "renamed.csv"
    text = survey.read_text(encoding="utf-8")
    header, rest = text.split("\n", 1)
    renamed.write_text(header.replace("income", "Pendapatan Bersih", 1) + "\n" + rest, "utf-8")
    header_only = folder / "header_only.csv"
    header_only.write_text("member_id,wave,income\n", encoding="utf-8")
    bad_cpi = folder / "bad_cpi.csv"
    bad_cpi.write_text("year,cpi\n2021,100\n2022,-3\n", encoding="utf-8")
    return {
        "survey": survey,
        "loans": loans,
        "renamed": renamed,
        "header_only": header_only,
        "bad_cpi": bad_cpi,
        "dir": folder,
    }


def _strict_json(text: str) -> dict[str, Any]:
    """Parse JSON refusing NaN and Infinity, which are not JSON."""

    def refuse(name: str) -> None:
        raise AssertionError(f"{name} in the report")

    return json.loads(text, parse_constant=refuse)


def test_json_report_goes_to_standard_output(
    files: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["report", str(files["survey"]), "--loans", str(files["loans"])])
    out = capsys.readouterr().out
    assert code == 0
    rep = _strict_json(out)
    assert list(rep) == list(TOP_KEYS)
    assert rep["dataset"]["loans_rows"] is not None
    assert rep["loans"] is not None
    # the hash of the input bytes, from the load report
    assert rep["dataset"]["sha256"] == hashlib.sha256(files["survey"].read_bytes()).hexdigest()


def test_markdown_in_indonesian_is_written_to_a_file(
    files: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    out_file = files["dir"] / "laporan.md"
    code = main(
        ["report", str(files["survey"]), "--format", "md", "--lang", "id", "-o", str(out_file)]
    )
    assert code == 0
    text = out_file.read_text(encoding="utf-8")
    assert text.startswith("# Laporan dampak Berdaya")
    assert "Data demo SINTETIS" in text  # the demo file's name says synthetic
    assert "Rp " in text
    assert "menulis" in capsys.readouterr().err


def test_options_reach_the_report(
    files: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    args = [
        "report",
        str(files["survey"]),
        "--waves",
        "2021",
        "2022",
        "--cluster",
        "member_id",
        "--model",
        "income_change ~ capital + age",
    ]
    assert main(args) == 0
    rep = _strict_json(capsys.readouterr().out)
    assert rep["dataset"]["compared_waves"] == [2021, 2022]
    assert rep["methods"]["cluster"] == "member_id"
    assert rep["regressions"][-1]["name"] == "custom"
    assert rep["regressions"][-1]["formula"].startswith("income_change ~ capital + age")


def test_user_cpi_file_is_used(files: dict[str, Path], capsys: pytest.CaptureFixture[str]) -> None:
    cpi = files["dir"] / "cpi.csv"
    cpi.write_text("tahun;ihk\n2021;100\n2022;110\n2023;121\n", encoding="utf-8")
    assert main(["report", str(files["survey"]), "--cpi", str(cpi)]) == 0
    real = _strict_json(capsys.readouterr().out)["before_after"]["real"]
    assert real["deflation"]["cpi_source"] == "user table"
    assert real["deflation"]["factor"]["2023"] == pytest.approx(100 / 121)


def test_map_names_the_income_column(
    files: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    args = [
        "report",
        str(files["renamed"]),
        "--map",
        "income=Pendapatan Bersih",
        "--loans",
        str(files["loans"]),
        "--map",
        "loans.principal=principal",  # loans fields are named loans.FIELD, as for validate
    ]
    assert main(args) == 0
    rep = _strict_json(capsys.readouterr().out)
    assert rep["load"]["survey"]["mapping"]["income"] == "Pendapatan Bersih"
    assert "income" in rep["load"]["survey"]["user_mapped"]
    assert rep["load"]["loans"]["user_mapped"] == ["principal"]


def test_a_loans_mapping_file_given_alone_applies_to_the_ledger(
    files: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    text = files["loans"].read_text(encoding="utf-8")
    header, rest = text.split("\n", 1)
    ledger = files["dir"] / "ledger_renamed.csv"
    ledger.write_text(header.replace("principal", "Pokok Pinjaman (Rp)") + "\n" + rest, "utf-8")
    mapping = files["dir"] / "mapping_loans.toml"
    mapping.write_text('principal = "Pokok Pinjaman (Rp)"\nloan_id = "loan_id"\n', "utf-8")
    args = ["report", str(files["survey"]), "--loans", str(ledger), "--mapping", str(mapping)]
    assert main(args) == 0  # as validate: the file's loans fields go to --loans
    rep = _strict_json(capsys.readouterr().out)
    assert rep["load"]["loans"]["mapping"]["principal"] == "Pokok Pinjaman (Rp)"
    assert rep["load"]["survey"]["user_mapped"] == []


@pytest.mark.parametrize(
    ("argv", "lang", "says"),
    [
        # a header and no rows: nothing to analyse
        (["{header_only}"], "en", "cannot be analysed"),
        # the same, said in Indonesian
        (["{header_only}", "--lang", "id"], "id", "tidak dapat dianalisis"),
        # a wave the data does not have
        (["{survey}", "--waves", "2019", "2023"], "en", "2019"),
        # a CPI table with a negative index
        (["{survey}", "--cpi", "{bad_cpi}"], "en", "not a positive number"),
    ],
)
def test_data_that_cannot_be_analysed_exits_1_with_a_message(
    files: dict[str, Path],
    capsys: pytest.CaptureFixture[str],
    argv: list[str],
    lang: str,
    says: str,
) -> None:
    args = ["report", *(a.format(**{k: str(v) for k, v in files.items()}) for a in argv)]
    assert main(args) == 1
    captured = capsys.readouterr()
    assert says in captured.err
    assert captured.out == ""


@pytest.mark.parametrize(
    "argv",
    [
        ["--map", "income"],  # a mapping item without '='
        ["--mapping", "{dir}/no_such_mapping.toml"],  # a mapping file that is not there
        ["--map", "incme=income"],  # a field the survey does not have
        ["--map", "loans.wave=wave"],  # a field the loans ledger does not have
        ["--loans", "{dir}/no_such_ledger.csv"],  # a loans file that is not there
    ],
)
def test_malformed_mapping_options_and_missing_files_exit_2(
    files: dict[str, Path], capsys: pytest.CaptureFixture[str], argv: list[str]
) -> None:
    args = ["report", str(files["survey"]), *(a.format(dir=files["dir"]) for a in argv)]
    assert main(args) == 2
    assert "usage error" in capsys.readouterr().err


@pytest.mark.parametrize(
    "argv",
    [
        ["--format", "pdf"],  # not a format
        ["--cluster", "kabupaten"],  # not a clustering choice
        ["--waves", "2021"],  # one wave instead of two
    ],
)
def test_bad_options_are_usage_errors(files: dict[str, Path], argv: list[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["report", str(files["survey"]), *argv])
    assert exited.value.code == 2


def test_the_real_command_fails_without_a_traceback(files: dict[str, Path]) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "analysis", "report", str(files["header_only"])],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert "cannot be analysed" in done.stderr


@pytest.mark.parametrize(
    ("option", "did_se", "regression_se"),
    [
        ([], "CR1", "HC3"),  # issue 3's defaults: DiD by cooperative, regressions HC3
        (["--cluster", "group_id"], "CR1", "clustered by group_id (CR1)"),  # chosen: both
        (["--cluster", "none"], "HC1", "HC3"),  # no clustering anywhere
    ],
)
def test_cluster_option_sets_did_and_regression_standard_errors(
    files: dict[str, Path],
    capsys: pytest.CaptureFixture[str],
    option: list[str],
    did_se: str,
    regression_se: str,
) -> None:
    assert main(["report", str(files["survey"]), *option]) == 0
    rep = _strict_json(capsys.readouterr().out)
    assert rep["did"]["se_type"] == did_se
    assert rep["regressions"][0]["se_type"] == regression_se


def test_a_model_that_cannot_be_estimated_is_an_error_with_a_suggestion(
    files: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    # corpus finding: `--model "income_change ~ age_x"` exited 0 with the model silently
    # missing; a column named per wave is suggested by its per-wave names
    code = main(["report", str(files["survey"]), "--model", "income_change ~ capital + educ"])
    err = capsys.readouterr().err
    assert code == 1
    assert "unknown column 'educ'" in err and "education" in err


def test_a_per_wave_column_is_suggested_by_its_per_wave_names() -> None:
    import pandas as pd

    from analysis.messages import DataError
    from analysis.methods.formulas import _Columns

    cols = _Columns(pd.DataFrame({"educ_before": [1.0], "educ_after": [2.0]}), "y ~ educ", {})
    with pytest.raises(DataError, match="did you mean 'educ_before', 'educ_after'"):
        cols.check("educ")
