"""Identifiers caught by header and by content wherever a file holds them (issue 10)."""

from __future__ import annotations

import pytest

from analysis import load_survey
from analysis.schema import pii_kind

KEY = b"test-key-for-pseudonyms-0123456789"


@pytest.mark.parametrize(
    ("header", "kind"),
    [
        ("Nama Suami", "name"), ("Nama Ibu Kandung", "name"), ("ketua_kelompok", "name"),
        ("SubmitterName", "name"), ("pendamping", "name"), ("Nama Lengkap", "name"),
        ("hp_wa", "phone"), ("Nomor WhatsApp", "phone"),
        ("nama_koperasi", None), ("Nama Usaha", None), ("jumlah_hp", None),
        ("pekerjaan_suami", None), ("income", None),
    ],
)  # fmt: skip
def test_identifier_columns_are_known_by_their_headers(header: str, kind: str | None) -> None:
    assert pii_kind(header) == kind


def _survey(extra_header: str, cells: list[str]) -> bytes:
    rows = [f"member_id,wave,income,{extra_header}"]
    for i, c in enumerate(cells):
        rows += [f"{i},2021,100,{c}", f"{i},2023,150,{c}"]
    return "\n".join(rows).encode()


@pytest.mark.parametrize(
    ("header", "cells"),
    [
        ("Nama Suami", ["Budi Santoso", "Agus Salim", "Joko"]),
        ("ketua_kelompok", ["Ibu Sri", "Ibu Wati", "Ibu Ani"]),
        ("SubmitterName", ["enum01 Rina", "enum02 Dewi", "enum01 Rina"]),
        ("kontak", ["081234567890", "082198765432", "085711112222"]),
        ("x", ["812345678901", "821987654321", "857111122223"]),  # phones that lost their 0
    ],
)
def test_identifier_columns_never_reach_the_frame(header: str, cells: list[str]) -> None:
    loaded = load_survey(_survey(header, cells), pseudonym_key=KEY)
    assert loaded.report.can_analyse
    assert header not in loaded.data.columns
    flat = " ".join(map(str, loaded.data.astype(str).to_numpy().ravel()))
    assert not any(c in flat for c in cells)
    said = [p.column for p in loaded.report.pii] + [m.en for m in loaded.report.conversions]
    assert any(header in s for s in said)  # the report says which column went, and why


@pytest.mark.parametrize(
    "niks",
    [
        ["'3509123456789012", "'3509123456789013", "'3509123456789014"],  # Excel's text mark
        ["3509 1234 5678 9012", "3509 1234 5678 9013", "3509 1234 5678 9014"],
        ["3509.1234.5678.9012", "3509.1234.5678.9013", "3509.1234.5678.9014"],
        ["3.50912E+15", "3.50913E+15", "3.50914E+15"],  # a spreadsheet's scientific notation
    ],
)
def test_niks_in_their_written_forms_are_recognised(niks: list[str]) -> None:
    loaded = load_survey(_survey("nomor", niks), pseudonym_key=KEY)
    assert [p.kind for p in loaded.report.pii] == ["nik"]
    flat = " ".join(map(str, loaded.data.astype(str).to_numpy().ravel()))
    assert not any(n.strip("'") in flat for n in niks)


def test_identifiers_inside_text_fields_are_masked() -> None:
    csv = (
        b"member_id,wave,income,cooperative_id,catatan\n"
        b"1,2021,100,Kopwan Gama 0812-3456-7890,ok\n1,2023,150,Kopwan Gama 0812-3456-7890,"
        b"hubungi 081234567890\n2,2021,90,Kopwan Mawar,\n2,2023,95,Kopwan Mawar,NIK 3509123456789012\n"
    )
    loaded = load_survey(csv, pseudonym_key=KEY)
    assert loaded.data["cooperative_id"].tolist()[0] == "Kopwan Gama [masked]"
    assert (
        loaded.data["catatan"].tolist()[1:] == ["hubungi [masked]", None, "NIK [masked]"]
        or (loaded.data["catatan"].isna().tolist()[2])
    )
    notes = " ".join(m.en for m in loaded.report.conversions)
    assert "'cooperative_id': 2 cells held a phone number or a NIK" in notes


def test_loans_are_checked_against_themselves() -> None:
    # issue 10: outstanding 99,000,000 on a 1,500,000 loan was not listed and the portfolio
    # then exceeded what was disbursed
    from analysis import load_loans, portfolio_summary

    csv = (
        b"loan_id,member_id,principal,disbursed_on,amount_repaid,outstanding,days_overdue,status\n"
        b"L1,A,1500000,2022-01-05,0,99000000,0,lancar\n"
        b"L2,B,1000000,2022-01-05,2500000,0,0,lunas\n"
        b"L3,C,1000000,2022-01-05,100000,100000,0,lancar\n"
        b"L4,D,1000000,2022-01-05,1000000,0,30,lunas\n"
        b"L5,E,1000000,2022-01-05,500000,500000,0,lancar\n"
    )
    loaded = load_loans(csv, pseudonym_key=KEY)
    p = loaded.report.problems
    assert p[["row", "column", "action"]].values.tolist() == [
        [1, "outstanding", "set_missing"],
        [2, "amount_repaid", "set_missing"],
        [3, "outstanding", "kept"],
        [4, "days_overdue", "kept"],
    ]
    assert p["value"].tolist() == ["99000000", "2500000", "100000", "30"]
    summary = portfolio_summary(loaded.data)
    # by hand: outstanding left 0 + 100,000 + 0 + 500,000 = 600,000 of 5,500,000 disbursed
    assert summary.gross_loan_portfolio == 600_000 and summary.disbursed == 5_500_000


def test_unmatched_ids_written_as_phones_or_niks_are_masked() -> None:
    import pandas as pd

    from analysis import link_datasets

    survey = pd.DataFrame({"member_id": [f"A{i}" for i in range(20)]})
    loans = pd.DataFrame({"member_id": ["A1", "+62 812-3456-7890", "3509123456789012", "Z9"]})
    sample = link_datasets(survey, loans).set_index("side").loc["loans", "unmatched_sample"]
    assert "812" not in sample and "3509" not in sample and "Z9" in sample


def test_values_quoted_in_messages_and_term_names_are_masked() -> None:
    # issue 10: "regressor 'x' has no variance: every row used has the value '<a note with a
    # phone and a NIK>'" and a term named x_after[<...>] printed raw cell values
    import pandas as pd
    import pytest as _pytest

    from analysis import custom_model
    from analysis.messages import DataError, plain

    note = "hub 0812-3456-7890 / NIK 3509123456789012"
    assert plain(note) == "hub [masked] / NIK [masked]"
    rows = [
        {
            "member_id": str(i),
            "income_change": float(i),
            "catatan": note,
            "grp": f"0812345678{i % 2}",
        }
        for i in range(12)
    ]
    df = pd.DataFrame(rows)
    with _pytest.raises(DataError) as err:
        custom_model(df, "income_change ~ catatan")
    assert "0812" not in str(err.value) and "3509" not in err.value.text("id")
    fit = custom_model(df, "income_change ~ grp")
    terms = " ".join(map(str, fit.coefficients["term"]))
    assert "0812345678" not in terms and "[masked]" in terms


def test_loans_disbursed_after_the_last_wave_are_counted_and_said() -> None:
    # issue 10: a disbursement after the survey's last wave was not flagged; survey waves
    # 2021 and 2023, so anything after 31 December 2023 (here 2 loans of 4) is late
    import pandas as pd

    from analysis import build_report, link_datasets

    survey = pd.DataFrame(
        {
            "member_id": [f"m{i}" for i in range(4) for _ in range(2)],
            "wave": pd.Categorical([2021, 2023] * 4, categories=[2021, 2023], ordered=True),
            "income": [100.0, 150.0, 90.0, 120.0, 80.0, 95.0, 70.0, 99.0],
        }
    )
    loans = pd.DataFrame(
        {
            "loan_id": ["L1", "L2", "L3", "L4"],
            "member_id": ["m0", "m1", "m2", "m3"],
            "principal": [1e6, 2e6, 1e6, 1e6],
            "disbursed_on": pd.to_datetime(
                ["2022-01-05", "2023-12-31", "2024-01-02", "2025-06-01"]
            ),
        }
    )
    link = link_datasets(survey, loans).set_index("side")
    assert (
        link.loc["loans", "n_after_last_wave"] == 2 and link.loc["survey", "n_after_last_wave"] == 0
    )
    rep = build_report(survey, loans, cluster=None)
    assert any("2 loans were disbursed after the survey's last wave" in w for w in rep["warnings"])
