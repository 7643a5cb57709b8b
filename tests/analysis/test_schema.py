"""The canonical data model: names, synonyms, wave order."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis import LOAN_FIELDS, SURVEY_FIELDS, normalise_name, pii_kind, wave_order


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Pendapatan Usaha (Rp)", "pendapatan_usaha_rp"),  # spaces and brackets fold
        ("usaha/jenis_usaha", "jenis_usaha"),  # KoboToolbox group path stripped
        ("  ID_Anggota ", "id_anggota"),  # case and padding
    ],
)
def test_normalise_name_folds_headers_for_matching(raw: str, expected: str) -> None:
    assert normalise_name(raw) == expected


def test_no_synonym_maps_to_two_fields_of_one_kind() -> None:
    for fields in (SURVEY_FIELDS, LOAN_FIELDS):
        seen: dict[str, str] = {}
        for f in fields:
            for s in f.synonyms:
                assert seen.setdefault(s, f.name) == f.name, (s, seen[s], f.name)


def test_every_field_has_both_labels() -> None:
    for f in (*SURVEY_FIELDS, *LOAN_FIELDS):
        assert f.label_en and f.label_id and f.label_id != "" and f.label("id") == f.label_id


@pytest.mark.parametrize(
    ("column", "kind"),
    [("NIK", "nik"), ("No. HP", "phone"), ("Nama Lengkap", "name"), ("pendapatan", None)],
)
def test_pii_kind_recognises_identifier_columns(column: str, kind: str | None) -> None:
    assert pii_kind(column) == kind


@pytest.mark.parametrize(
    ("waves", "expected"),
    [
        (["endline", "baseline", "midline"], ["baseline", "midline", "endline"]),
        (["akhir", "awal"], ["awal", "akhir"]),
        ([2023, 2019, 2021, 2019], [2019, 2021, 2023]),
        (["w2", "w1"], ["w1", "w2"]),  # unknown labels sort as text
    ],
)
def test_wave_order_is_chronological(waves: list[object], expected: list[object]) -> None:
    assert wave_order(waves) == expected


def test_wave_order_keeps_ordered_categories() -> None:
    s = pd.Series(pd.Categorical(["b", "a"], categories=["b", "a", "c"], ordered=True))
    assert wave_order(s) == ["b", "a"]


def test_every_field_declares_the_dtype_it_has_after_loading() -> None:
    from analysis.schema import field

    assert field("income").dtype == "float64"
    assert field("member_id").dtype == "str"  # leading zeros survive
    assert field("in_program").dtype == "Int8"
    assert field("disbursed_on", "loans").dtype.startswith("datetime64")
    assert all(f.dtype for f in (*SURVEY_FIELDS, *LOAN_FIELDS))


def test_loaded_demo_survey_has_the_declared_dtypes() -> None:
    from pathlib import Path

    from analysis import load_survey
    from analysis.schema import field

    data = load_survey(Path(__file__).parents[2] / "data" / "synthetic_survey.csv").data
    for name in ("income", "capital", "age", "member_id", "cooperative_id", "in_program"):
        assert str(data[name].dtype) == field(name).dtype, name
    assert data["wave"].dtype.ordered
