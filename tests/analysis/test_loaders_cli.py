"""``python -m analysis validate``: the printed report and the exit codes 0, 1 and 2."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from analysis.__main__ import main

ROOT = Path(__file__).resolve().parents[2]
FIX = ROOT / "tests" / "data" / "loaders"


@pytest.fixture
def files(tmp_path: Path) -> dict[str, Path]:
    """A good survey, a header-only survey and a survey whose training hours are ambiguous."""
    good = tmp_path / "good.csv"
    good.write_text("member_id,wave,income\n1,2021,100\n1,2023,200\n", encoding="utf-8")
    empty = tmp_path / "header_only.csv"
    empty.write_text("member_id,wave,income\n", encoding="utf-8")
    amb = tmp_path / "amb.csv"
    amb.write_text(
        "id;tahun;laba;jam_pelatihan\n1;2021;100;1.500\n1;2023;200;2.250\n", encoding="utf-8"
    )
    return {"good": good, "empty": empty, "amb": amb, "dir": tmp_path}


def test_exit_0_when_the_data_can_be_analysed(files, capsys) -> None:
    assert main(["validate", str(files["good"])]) == 0
    out = capsys.readouterr().out
    assert "Status: can be analysed" in out and "income <- 'income'" in out


def test_exit_1_when_it_cannot(files, capsys) -> None:
    assert main(["validate", str(files["empty"])]) == 1
    assert "header row but no data" in capsys.readouterr().out


def test_exit_1_when_the_loans_cannot_be_analysed(files, capsys) -> None:
    assert main(["validate", str(files["good"]), "--loans", str(files["empty"])]) == 1


def test_exit_1_when_a_mapped_column_is_not_in_the_file(files, capsys) -> None:
    assert main(["validate", str(files["good"]), "--map", "income=laba"]) == 1
    assert "'laba', which is not in the file" in capsys.readouterr().out


@pytest.mark.parametrize(
    "args",
    [
        ["--map", "income"],  # no "="
        ["--map", "incme=income"],  # unknown field
        ["--map", "loans.pokok=x"],  # unknown loans field
        ["--mapping", "/nonexistent/mapping.toml"],  # mapping file missing
    ],
)
def test_exit_2_for_usage_errors(files, capsys, args: list[str]) -> None:
    assert main(["validate", str(files["good"]), *args]) == 2
    err = capsys.readouterr().err
    assert err.startswith("usage error:") and "Traceback" not in err


def test_exit_2_for_a_missing_file(files, capsys) -> None:
    assert main(["validate", str(files["dir"] / "nope.csv")]) == 2
    assert "no such file" in capsys.readouterr().err


def test_exit_2_without_a_survey_argument(capsys) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["validate"])
    assert exc.value.code == 2


def test_json_output_holds_both_reports_and_the_link(capsys) -> None:
    code = main(["validate", str(FIX / "excel_indonesia_bom.csv"),
                 "--loans", str(FIX / "loans_excel.csv"), "--json"])  # fmt: skip
    doc = json.loads(capsys.readouterr().out)
    assert code == 0 and doc["can_analyse"] is True
    assert doc["survey"]["kind"] == "survey" and doc["loans"]["kind"] == "loans"
    assert [r["n_unmatched"] for r in doc["link"]] == [0, 1]


def test_a_mapping_file_answers_questions_and_maps_loans(files, capsys) -> None:
    assert main(["validate", str(files["amb"]), "--map", "member_id=id", "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["survey"]["questions"][0]["kind"] == "number_style"
    mapping = files["dir"] / "m.toml"
    mapping.write_text(
        'member_id = "id"\n[number_styles]\njam_pelatihan = "plain"\n[loans]\nprincipal = "jumlah"\n',
        encoding="utf-8",
    )
    loans = files["dir"] / "loans.csv"
    loans.write_text("loan_id,member_id,disbursed_on,jumlah\nL1,1,2022-02-01,500000\n",
                     encoding="utf-8")  # fmt: skip
    code = main(["validate", str(files["amb"]), "--mapping", str(mapping),
                 "--loans", str(loans), "--json"])  # fmt: skip
    doc = json.loads(capsys.readouterr().out)
    assert code == 0 and not doc["survey"]["questions"]
    assert doc["survey"]["number_styles"]["jam_pelatihan"]["resolved_by"] == "user"
    assert doc["loans"]["mapping"]["principal"] == "jumlah"


def test_indonesian_output(files, capsys) -> None:
    assert main(["validate", str(files["empty"]), "--lang", "id"]) == 1
    out = capsys.readouterr().out
    assert "TIDAK dapat dianalisis" in out and "tanpa baris data" in out


def test_a_loans_only_mapping_file_applies_to_the_loans(files, capsys) -> None:
    mapping = files["dir"] / "loans.toml"
    mapping.write_text('loan_id = "No. Pinjaman"\nprincipal = "Pokok"\n', encoding="utf-8")
    loans = files["dir"] / "loans.csv"
    loans.write_text("No. Pinjaman,member_id,tanggal,Pokok\nL1,1,2022-02-01,500000\n",
                     encoding="utf-8")  # fmt: skip
    code = main(["validate", str(files["good"]), "--loans", str(loans), "--mapping",
                 str(mapping), "--json"])  # fmt: skip
    doc = json.loads(capsys.readouterr().out)
    assert code == 0 and doc["loans"]["user_mapped"] == ["loan_id", "principal"]


def test_number_styles_in_a_mapping_file_answer_the_loans_questions_too(files, capsys) -> None:
    loans = files["dir"] / "loans.csv"
    # 1.200 days overdue could be 1.2 or 1200: asked, then answered by the mapping file.
    loans.write_text("loan_id;member_id;disbursed_on;principal;hari_tunggakan\n"
                     "L1;1;2022-02-01;500000;1.200\nL2;1;2023-02-01;600000;0\n",
                     encoding="utf-8")  # fmt: skip
    assert main(["validate", str(files["good"]), "--loans", str(loans), "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["loans"]["questions"][0]["column"] == "hari_tunggakan"
    mapping = files["dir"] / "styles.toml"
    mapping.write_text('[number_styles]\nhari_tunggakan = "dot_thousands"\n', encoding="utf-8")
    args = ["validate", str(files["good"]), "--loans", str(loans), "--mapping", str(mapping)]
    assert main([*args, "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["loans"]["questions"] == []
    info = doc["loans"]["number_styles"]["hari_tunggakan"]
    assert (info["style"], info["resolved_by"], info["example_value"]) == (
        "dot_thousands", "user", 1200.0)  # fmt: skip
