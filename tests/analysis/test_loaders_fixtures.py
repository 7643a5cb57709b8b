"""Issue 2's done-when files: an Indonesian Excel export (BOM and cp1252) and survey-platform
exports, read by ``load_survey`` and by ``python -m analysis validate``.

The fixtures are in tests/data/loaders/, written by make_fixtures.py there; the expected
numbers are the ones typed in that script.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from analysis import link_datasets, load_loans, load_survey

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "data" / "loaders"
KEY = b"a test pseudonym key, 16+ chars"


def test_fixtures_are_what_the_script_writes(tmp_path, monkeypatch) -> None:
    sys.path.insert(0, str(DATA))
    try:
        import make_fixtures
    finally:
        sys.path.remove(str(DATA))
    monkeypatch.setattr(make_fixtures, "HERE", tmp_path)
    make_fixtures.main()
    for made in tmp_path.iterdir():
        assert made.read_bytes() == (DATA / made.name).read_bytes(), made.name


@pytest.mark.parametrize(
    ("name", "encoding"),
    [
        ("excel_indonesia_bom.csv", "utf-8-sig"),  # Excel "CSV UTF-8"
        ("excel_indonesia_cp1252.csv", "cp1252"),  # Excel plain "CSV" on Windows
    ],
)
def test_the_indonesian_excel_export_reads_with_the_right_numbers(name: str, encoding: str) -> None:
    loaded = load_survey(DATA / name, pseudonym_key=KEY)
    data, report = loaded.data, loaded.report
    assert report.can_analyse and report.problems.empty
    assert (report.encoding, report.delimiter) == (encoding, ";")
    assert data["member_id"].tolist() == ["007", "007", "012", "012"]  # leading zeros kept
    assert data["wave"].tolist() == [2021, 2023, 2021, 2023]
    # Rp 1.500.000 / Rp 2.250.000 / Rp 950.000 / Rp1.175.500,00
    np.testing.assert_allclose(data["income"], [1_500_000, 2_250_000, 950_000, 1_175_500])
    np.testing.assert_allclose(data["revenue"], [4_250_000, 6_000_000, 3_100_000, 3_600_000])
    np.testing.assert_allclose(data["training_hours"], [12.5, 20.0, 0.0, 8.5])  # 12,5 and 8,5
    np.testing.assert_allclose(data["age"], [34, 36, 41, 43])
    # The curly apostrophe survives both encodings; the name and phone do not survive.
    assert data["business_type"].iloc[0] == "Warung Bu’ Siti"
    text = data.astype("str").to_csv() + json.dumps(report.to_dict(), ensure_ascii=False)
    for secret in ("Nur’aini", "Siti Nur", "Dewi Kusuma", "081234567890", "85712345678"):
        assert secret not in text
    assert {p.column for p in report.pii} == {"Nama Anggota", "No. HP"}


def test_the_kobotoolbox_export_reads_with_the_right_numbers() -> None:
    loaded = load_survey(DATA / "kobo_export.csv", pseudonym_key=KEY)
    data, report = loaded.data, loaded.report
    assert report.can_analyse and report.platform == "kobo" and report.delimiter == ";"
    assert data["member_id"].tolist() == ["A001", "A001", "A002", "A002"]
    np.testing.assert_allclose(data["income"], [1_500_000, 2_100_000, 800_000, 950_000])
    np.testing.assert_allclose(data["revenue"], [4_000_000, 5_200_000, 2_500_000, 2_700_000])
    np.testing.assert_allclose(data["training_hours"], [12.5, 24.0, 0.0, 6.0])
    # Channels selected (0/1 columns): 2, 3, 1, and a blank answer is missing, not 0.
    np.testing.assert_allclose(data["market_channels"], [2, 3, 1, np.nan])
    assert report.mapping["income"] == "usaha/pendapatan"  # the path as in the file
    assert not any(c.startswith("_") or c in ("start", "end", "nama") for c in data.columns)
    assert any("HXL" in m.en for m in report.conversions)
    assert "Sri Wahyuni" not in data.astype("str").to_csv()


def test_the_odk_central_export_reads_with_the_right_numbers() -> None:
    loaded = load_survey(DATA / "odk_export.csv", pseudonym_key=KEY)
    data, report = loaded.data, loaded.report
    assert report.can_analyse and report.platform == "odk"
    assert data["member_id"].tolist() == ["B01", "B01", "B02", "B02"]
    np.testing.assert_allclose(data["income"], [1_250_000, 1_600_000, 700_000, 650_000])
    np.testing.assert_allclose(data["capital"], [0, 2_000_000, 0, 1_000_000])
    assert not {"KEY", "SubmissionDate", "meta-instanceID"} & set(data.columns)


def test_the_indonesian_loans_ledger_links_to_the_survey() -> None:
    survey = load_survey(DATA / "excel_indonesia_bom.csv", pseudonym_key=KEY).data
    loaded = load_loans(DATA / "loans_excel.csv", pseudonym_key=KEY)
    data = loaded.data
    np.testing.assert_allclose(data["principal"], [1_000_000, 1_300_000, 750_000, 500_000])
    assert data["disbursed_on"].dt.strftime("%d/%m/%Y").tolist() == [
        "15/03/2021", "20/01/2022", "05/04/2021", "30/11/2022"]  # fmt: skip
    link = link_datasets(survey, data).set_index("side")
    assert link.loc["loans", "unmatched_sample"] == "099"


def _validate(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "analysis", "validate", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_validate_command_reads_the_done_when_files() -> None:
    for name, encoding in (("excel_indonesia_bom.csv", "utf-8-sig"),
                           ("excel_indonesia_cp1252.csv", "cp1252"),
                           ("kobo_export.csv", "utf-8")):  # fmt: skip
        res = _validate(str(DATA / name), "--json")
        assert res.returncode == 0, res.stderr
        doc = json.loads(res.stdout)
        assert doc["can_analyse"] and doc["survey"]["encoding"] == encoding
        styles = doc["survey"]["number_styles"]
        if name.startswith("excel"):
            assert styles["Pendapatan Bersih (Rp)"]["example_value"] == 1_500_000
            assert styles["Jam Pelatihan"]["style"] == "dot_thousands"
    res = _validate(str(DATA / "excel_indonesia_cp1252.csv"), "--lang", "id",
                    "--loans", str(DATA / "loans_excel.csv"))  # fmt: skip
    assert res.returncode == 0 and "Traceback" not in res.stderr
    assert "dibaca sebagai Windows-1252" in res.stdout and "tidak cocok" in res.stdout
