"""The committed templates (data/templates) and demo files load as the README promises;
wide and long surveys survive a round trip through ``load_survey``; the user's file is
never altered.

Expected values are read from the same files with the standard library's ``csv`` module,
independently of the loaders.
"""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from analysis import load_loans, load_survey, read_mapping
from analysis.__main__ import main
from analysis.ingest.layouts import long_to_wide
from analysis.ingest.mapping import split_mapping

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = ROOT / "data" / "templates"
FIXTURES = ROOT / "tests" / "data" / "loaders"
KEY = b"a test pseudonym key, 16+ chars"


def _rows(path: Path) -> list[dict[str, str]]:
    """The file as dictionaries of text, by the csv module."""
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def _floats(rows: list[dict[str, str]], column: str) -> list[float]:
    return [float(r[column]) if r[column] else np.nan for r in rows]


# ---------------------------------------------------------------------------------------
# Templates


def test_the_long_survey_template_loads_with_its_values() -> None:
    path = TEMPLATES / "survey_long_template.csv"
    rows = _rows(path)
    loaded = load_survey(path, pseudonym_key=KEY)
    data, report = loaded.data, loaded.report
    assert report.can_analyse and report.problems.empty and report.layout == "long"
    assert report.missing_optional == () and report.extra_columns == ()
    assert data["member_id"].tolist() == [r["member_id"] for r in rows]
    assert data["wave"].tolist() == [int(r["wave"]) for r in rows]
    for col in ("income", "capital", "training_hours", "revenue", "emp_own_savings"):
        np.testing.assert_allclose(data[col], _floats(rows, col), err_msg=col)
    assert data["in_program"].tolist() == [int(r["in_program"]) for r in rows]
    assert data["group_id"].tolist()[:2] == [rows[0]["group_id"], rows[1]["group_id"]]


def test_the_wide_survey_template_loads_as_one_row_per_member_per_wave() -> None:
    path = TEMPLATES / "survey_wide_template.csv"
    rows = _rows(path)
    loaded = load_survey(path, pseudonym_key=KEY)
    data, report = loaded.data, loaded.report
    assert report.can_analyse and report.problems.empty
    assert report.layout == "wide" and report.waves == ("before", "after")
    assert report.n_rows_read == len(rows) and report.n_rows_kept == 2 * len(rows)
    assert data["member_id"].tolist() == [r["member_id"] for r in rows for _ in (0, 1)]
    assert data["wave"].tolist() == ["before", "after"] * len(rows)
    income = [float(r[f"income_{w}"]) for r in rows for w in ("before", "after")]
    np.testing.assert_allclose(data["income"], income)
    # A fixed trait (age) is repeated on both waves.
    np.testing.assert_allclose(data["age"], [float(r["age"]) for r in rows for _ in (0, 1)])


def test_the_loans_template_loads_with_its_values() -> None:
    path = TEMPLATES / "loans_template.csv"
    rows = _rows(path)
    loaded = load_loans(path, pseudonym_key=KEY)
    data, report = loaded.data, loaded.report
    assert report.can_analyse and report.problems.empty and report.missing_optional == ()
    assert data["loan_id"].tolist() == [r["loan_id"] for r in rows]
    assert data["disbursed_on"].dt.strftime("%Y-%m-%d").tolist() == [
        r["disbursed_on"] for r in rows
    ]
    for col in ("principal", "amount_repaid", "outstanding", "days_overdue", "cycle"):
        np.testing.assert_allclose(data[col], _floats(rows, col), err_msg=col)


def _indonesian_copy(source: Path, mapping: dict[str, str], out: Path) -> None:
    """The template with the mapping file's column names, written the Indonesian way:
    semicolons, UTF-8 with BOM, rupiah as ``Rp 2.350.000``."""
    rows = _rows(source)
    money = {"income", "capital", "revenue", "principal", "amount_repaid", "outstanding"}
    with out.open("w", encoding="utf-8-sig", newline="") as fh:
        w = csv.writer(fh, delimiter=";")
        w.writerow([mapping.get(c, c) for c in rows[0]])
        for r in rows:
            w.writerow(
                [f"Rp {int(v):,}".replace(",", ".") if c in money else v for c, v in r.items()]
            )


@pytest.mark.parametrize(
    ("template", "mapping_file", "kind"),
    [
        ("survey_long_template.csv", "mapping_example.toml", "survey"),
        ("loans_template.csv", "mapping_loans_example.toml", "loans"),
    ],
)
def test_a_mapping_template_maps_a_file_with_its_column_names(
    tmp_path: Path, template: str, mapping_file: str, kind: str
) -> None:
    mapping = read_mapping(path=TEMPLATES / mapping_file)
    renamed = tmp_path / f"{kind}_indonesian.csv"
    _indonesian_copy(TEMPLATES / template, mapping, renamed)
    load = load_survey if kind == "survey" else load_loans
    expected = load(TEMPLATES / template, pseudonym_key=KEY).data
    loaded = load(renamed, mapping, pseudonym_key=KEY)
    report = loaded.report
    assert report.can_analyse and report.problems.empty
    assert set(report.user_mapped) == set(mapping) and report.auto_mapped == ()
    assert report.extra_columns == ()
    pd.testing.assert_frame_equal(loaded.data, expected)


def test_validate_reads_a_file_named_like_the_mapping_template(tmp_path: Path, capsys) -> None:
    # The README's example: validate survei.csv --mapping data/templates/mapping_example.toml
    survey_map, _ = split_mapping(read_mapping(path=TEMPLATES / "mapping_example.toml"))
    survei = tmp_path / "survei.csv"
    _indonesian_copy(TEMPLATES / "survey_long_template.csv", survey_map, survei)
    mapping = str(TEMPLATES / "mapping_example.toml")
    assert main(["validate", str(survei), "--mapping", mapping, "--lang", "id"]) == 0
    out = capsys.readouterr().out
    assert "Status: dapat dianalisis" in out
    assert "income <- 'Pendapatan Bersih per Bulan (Rp)' (Anda)" in out
    assert main(["validate", str(survei), "--mapping", mapping, "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["survey"]["number_styles"]["Pendapatan Bersih per Bulan (Rp)"]["style"] == (
        "dot_thousands"
    )


# ---------------------------------------------------------------------------------------
# The committed demo files through the command line


def test_validate_reads_the_synthetic_demo_survey_and_loans(capsys) -> None:
    survey_path, loans_path = (
        ROOT / "data" / "synthetic_survey.csv",
        ROOT / "data" / "synthetic_loans.csv",
    )
    code = main(["validate", str(survey_path), "--loans", str(loans_path), "--json"])
    doc = json.loads(capsys.readouterr().out)
    assert code == 0 and doc["can_analyse"] is True
    s, ln = doc["survey"], doc["loans"]
    rows = _rows(survey_path)
    # Every row is either kept or listed: the demo plants blank incomes, nothing else.
    blank = sum(1 for r in rows if not r["income"])
    assert s["n_rows_read"] == len(rows) == s["n_rows_kept"] + s["n_rows_excluded"]
    assert s["excluded_by_reason"] == {"missing_required": blank}
    assert s["problem_counts"] == {"missing_required": blank}
    assert s["waves"] == [2021, 2022, 2023] and s["extra_columns"] == []
    assert ln["n_rows_kept"] == len(_rows(loans_path)) and ln["n_problems"] == 0
    # Every borrower answered the survey; the comparison group has no loans.
    link = {r["side"]: r for r in doc["link"]}
    assert link["loans"]["n_unmatched"] == 0
    members = {r["member_id"] for r in rows if r["in_program"] == "1"}
    assert link["survey"]["n_matched"] == link["loans"]["n_ids"] <= len(members)


def test_the_demo_survey_loads_to_the_values_in_the_file() -> None:
    path = ROOT / "data" / "synthetic_survey.csv"
    rows = [r for r in _rows(path) if r["income"]]
    data = load_survey(path, pseudonym_key=KEY).data
    assert data["member_id"].tolist() == [r["member_id"] for r in rows]
    np.testing.assert_allclose(data["income"], _floats(rows, "income"))
    np.testing.assert_allclose(data["capital"], _floats(rows, "capital"))
    assert data["in_program"].tolist() == [int(r["in_program"]) for r in rows]


# ---------------------------------------------------------------------------------------
# Round trips through the loader


def test_a_long_survey_round_trips_through_wide_and_back() -> None:
    # long template -> loader -> long_to_wide -> CSV -> loader: the same long frame.
    long = load_survey(TEMPLATES / "survey_long_template.csv", pseudonym_key=KEY).data
    wide = long_to_wide(long)
    assert "income_2021" in wide.columns and "income_2023" in wide.columns
    again = load_survey(wide.to_csv(index=False).encode(), pseudonym_key=KEY)
    assert again.report.layout == "wide" and again.report.waves == (2021, 2023)
    # The template has no 2023 row for N000001: its wide row leaves income_2023 blank,
    # so that member-wave is excluded and listed; every other one comes back as it was.
    p = again.report.problems
    assert p[["row", "column", "code"]].values.tolist() == [[2, "income_2023", "missing_required"]]
    kept = again.data.set_index(["member_id", "wave"]).loc[
        list(zip(long["member_id"], long["wave"], strict=True))
    ]
    original = long.set_index(["member_id", "wave"])
    for col in original.columns:
        if pd.api.types.is_float_dtype(original[col]):
            np.testing.assert_allclose(kept[col], original[col], err_msg=col)
        else:
            assert kept[col].tolist() == original[col].tolist(), col


def test_a_wide_survey_round_trips_through_long_and_back() -> None:
    # wide template -> loader (long) -> long_to_wide: the wide file's values again.
    path = TEMPLATES / "survey_wide_template.csv"
    raw = pd.read_csv(path, dtype="str", keep_default_na=False)
    long = load_survey(path, pseudonym_key=KEY).data
    wide = long_to_wide(long).set_index("member_id")
    raw = raw.set_index("member_id")
    assert sorted(wide.columns) == sorted(raw.columns)
    for col in raw.columns:
        expected = raw[col].tolist()
        got = wide[col].tolist()
        if pd.api.types.is_float_dtype(wide[col]):
            np.testing.assert_allclose(got, [float(v) if v else np.nan for v in expected])
        else:
            assert [None if pd.isna(v) else str(v) for v in got] == [v or None for v in expected]


# ---------------------------------------------------------------------------------------
# The user's file is never altered


@pytest.mark.parametrize(
    "name",
    [
        "excel_indonesia_bom.csv",  # UTF-8 with BOM, semicolons, PII columns
        "excel_indonesia_cp1252.csv",  # transcoded from Windows-1252
        "kobo_export.csv",  # platform columns dropped and renamed
        "odk_export.csv",
        "loans_excel.csv",
    ],
)
def test_loading_from_a_path_leaves_the_file_byte_for_byte_as_it_was(
    tmp_path: Path, name: str
) -> None:
    path = tmp_path / name
    shutil.copyfile(FIXTURES / name, path)
    before, stat = path.read_bytes(), path.stat()
    load = load_loans if name.startswith("loans") else load_survey
    loaded = load(path, pseudonym_key=KEY)
    assert loaded.report.can_analyse
    assert path.read_bytes() == before
    assert (path.stat().st_mtime_ns, path.stat().st_size) == (stat.st_mtime_ns, stat.st_size)
    assert sorted(p.name for p in tmp_path.iterdir()) == [name]  # no side files either


def test_a_messy_file_is_left_as_it_was_too(tmp_path: Path) -> None:
    path = tmp_path / "messy.csv"
    raw = "member_id;wave;income\n1;2021;abc\n1;2023\n1;2021;1\n1;2023;2;x\n".encode("cp1252")
    path.write_bytes(raw)
    report = load_survey(path, pseudonym_key=KEY).report
    assert report.n_rows_read == report.n_rows_kept + report.n_rows_excluded == 4
    assert path.read_bytes() == raw
