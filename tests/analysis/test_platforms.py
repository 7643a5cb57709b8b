"""KoboToolbox and ODK Central exports: metadata, group paths, HXL rows, channel counts."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from analysis.ingest.platforms import (
    count_listed_channels,
    detect_platform,
    is_hxl_row,
    normalise_platform_export,
)


def _frame(columns: list[str], *rows: list[str]) -> pd.DataFrame:
    """A raw frame as the reader gives it: every cell text."""
    return pd.DataFrame([list(r) for r in rows], columns=columns, dtype="str")


@pytest.fixture
def kobo() -> pd.DataFrame:
    """A KoboToolbox export with groups in headers and select_multiple in both forms."""
    columns = [
        "start",
        "end",
        "today",
        "deviceid",
        "anggota/id_anggota",
        "usaha/jenis_usaha",
        "usaha/pendapatan",
        "pemasaran/saluran",
        "pemasaran/saluran/pasar",
        "pemasaran/saluran/online",
        "pemasaran/saluran/titip_jual",
        "pemasaran/saluran/tidak_ada",
        "meta/instanceID",
        "_id",
        "_uuid",
        "_submission_time",
        "_validation_status",
        "_notes",
        "_status",
        "_submitted_by",
        "__version__",
        "_tags",
        "_index",
    ]
    meta = ["uuid:1", "11", "u1", "2023-07-01", "", "[]", "submitted_via_web", "enum1", "v1", "[]"]

    def row(member: str, income: str, chosen: str, flags: list[str], index: str) -> list[str]:
        return ["t0", "t1", "2023-07-01", "dev1", member, "warung", income, chosen, *flags,
                *meta, index]  # fmt: skip

    return _frame(
        columns,
        row("A001", "1500000", "pasar online titip_jual", ["1", "1", "1", "0"], "1"),  # 3 chosen
        row("A002", "900000", "tidak_ada", ["0", "0", "0", "1"], "2"),  # "none": zero channels
        row("A003", "1200000", "", ["", "", "", ""], "3"),  # skipped: missing, not zero
    )


def test_kobo_export_is_recognised_and_its_metadata_dropped(kobo: pd.DataFrame) -> None:
    res = normalise_platform_export(kobo)
    assert res.platform == "kobo"
    assert res.dropped_metadata == (
        "start", "end", "today", "deviceid", "meta/instanceID", "_id", "_uuid",
        "_submission_time", "_validation_status", "_notes", "_status", "_submitted_by",
        "__version__", "_tags", "_index",
    )  # fmt: skip
    assert not any(c in res.frame.columns for c in res.dropped_metadata)


def test_kobo_group_paths_are_stripped_and_choice_columns_renamed(kobo: pd.DataFrame) -> None:
    res = normalise_platform_export(kobo)
    assert list(res.frame.columns) == [
        "id_anggota",
        "jenis_usaha",
        "pendapatan",
        "market_channels",
        "market_channels_pasar",
        "market_channels_online",
        "market_channels_titip_jual",
        "market_channels_tidak_ada",
    ]
    assert res.renamed["usaha/pendapatan"] == "pendapatan"
    assert res.renamed["pemasaran/saluran"] == "market_channels"
    assert res.renamed["pemasaran/saluran/pasar"] == "market_channels_pasar"
    # values are untouched: the loader parses them
    assert res.frame["pendapatan"].tolist() == ["1500000", "900000", "1200000"]
    assert res.frame["market_channels_online"].tolist() == ["1", "0", ""]


def test_kobo_channel_count_uses_the_choice_columns(kobo: pd.DataFrame) -> None:
    counts = normalise_platform_export(kobo).frame["market_channels"]
    assert counts.dtype == "float64"
    # hand count: 1+1+1 (tidak_ada=0); tidak_ada=1 is not a channel; all blank is missing
    assert counts.iloc[0] == 3.0
    assert counts.iloc[1] == 0.0
    assert math.isnan(counts.iloc[2])


@pytest.mark.parametrize(
    ("columns", "rows", "expected"),
    [
        # list only (KoboToolbox "single column" export): distinct tokens counted
        (["_uuid", "saluran"], [["u", "pasar online"], ["u", "pasar pasar"], ["u", ""]],
         [2.0, 1.0, math.nan]),
        # 0/1 columns only, no parent: every column under the question is 0/1
        (["_uuid", "pemasaran/saluran_pemasaran/pasar", "pemasaran/saluran_pemasaran/online"],
         [["u", "1", "1"], ["u", "0", "1"], ["u", "", ""]], [2.0, 1.0, math.nan]),
        # both forms disagree: the 0/1 columns win
        (["_uuid", "channels", "channels/pasar", "channels/online"],
         [["u", "pasar", "1", "1"]], [2.0]),
        # 0/1 blank but list filled: falls back to the list
        (["_uuid", "jaringan_pemasaran", "jaringan_pemasaran/pasar"],
         [["u", "pasar pameran", ""]], [2.0]),
        # ODK Central split select_multiple, group separated by "-"
        (["SubmissionDate", "usaha-saluran", "usaha-saluran/pasar", "usaha-saluran/online"],
         [["2023", "pasar online", "1", "1"], ["2023", "online", "0", "1"]], [2.0, 1.0]),
        # ODK Central list only
        (["SubmissionDate", "KEY", "pemasaran-saluran_pemasaran"],
         [["2023", "uuid:1", "pasar titip_jual pameran"]], [3.0]),
    ],
)  # fmt: skip
def test_select_multiple_channels_are_counted_in_both_forms(
    columns: list[str], rows: list[list[str]], expected: list[float]
) -> None:
    counts = normalise_platform_export(_frame(columns, *rows)).frame["market_channels"]
    assert counts.tolist() == pytest.approx(expected, nan_ok=True)


def test_a_channel_column_holding_counts_is_left_for_the_loader() -> None:
    raw = _frame(["_uuid", "usaha/jumlah_saluran"], ["u", "3"])
    res = normalise_platform_export(raw)
    assert list(res.frame.columns) == ["jumlah_saluran"]
    assert res.frame["jumlah_saluran"].tolist() == ["3"]


def test_other_select_multiples_keep_their_choices_under_the_question_name() -> None:
    raw = _frame(
        ["_uuid", "usaha/pelatihan", "usaha/pelatihan/pembukuan", "usaha/pelatihan/digital"],
        ["u", "pembukuan", "1", "0"],
    )
    res = normalise_platform_export(raw)
    assert list(res.frame.columns) == ["pelatihan", "pelatihan_pembukuan", "pelatihan_digital"]
    assert res.frame["pelatihan"].tolist() == ["pembukuan"]  # not a channel: not counted


@pytest.mark.parametrize(
    "row",
    [
        ["u", "1500000", "4000000"],  # numbers: ordinary questions
        ["u", "", ""],  # nothing answered: no evidence of a select_multiple
    ],
)
def test_kobo_group_of_ordinary_questions_is_not_read_as_a_select_multiple(
    row: list[str],
) -> None:
    raw = _frame(["_uuid", "usaha/pendapatan", "usaha/omzet"], row)
    assert list(normalise_platform_export(raw).frame.columns) == ["pendapatan", "omzet"]


def test_colliding_short_names_keep_their_group_paths_with_a_note() -> None:
    raw = _frame(
        ["_uuid", "awal/pendapatan", "akhir/pendapatan", "usaha/omzet"],
        ["u", "1000000", "1500000", "4000000"],
    )
    res = normalise_platform_export(raw)
    assert list(res.frame.columns) == ["awal/pendapatan", "akhir/pendapatan", "omzet"]
    assert res.frame["akhir/pendapatan"].tolist() == ["1500000"]  # nothing overwritten
    assert any("'awal/pendapatan', 'akhir/pendapatan'" in n.en for n in res.notes)
    assert all(n.id for n in res.notes)  # every note in Indonesian too


def test_a_stripped_name_equal_to_an_unpathed_column_keeps_its_path() -> None:
    raw = _frame(["_uuid", "pendapatan", "usaha/pendapatan"], ["u", "1", "2"])
    assert list(normalise_platform_export(raw).frame.columns) == [
        "pendapatan",
        "usaha/pendapatan",
    ]


def test_odk_central_export_strips_hyphen_paths_and_drops_submitter_name() -> None:
    raw = _frame(
        ["SubmissionDate", "anggota-id_anggota", "usaha-pendapatan", "usaha-lokasi-Latitude",
         "meta-instanceID", "KEY", "SubmitterID", "SubmitterName", "AttachmentsPresent",
         "AttachmentsExpected", "Status", "ReviewState", "DeviceID", "Edits", "FormVersion"],
        ["2023-07-01T10:00:00Z", "A001", "1500000", "-8.17", "uuid:1", "uuid:1", "5",
         "Enumerator Satu", "0", "0", "", "approved", "collect:x", "0", "v3"],
    )  # fmt: skip
    res = normalise_platform_export(raw)
    assert res.platform == "odk"
    assert list(res.frame.columns) == ["id_anggota", "pendapatan", "Latitude"]
    assert "SubmitterName" in res.dropped_metadata
    assert "Enumerator Satu" not in res.frame.to_numpy().ravel().tolist()
    assert any("SubmitterName" in n.en and "person" in n.en for n in res.notes)


@pytest.mark.parametrize(
    ("columns", "en", "id_"),
    [
        # "an" before a vowel sound, "a" before a consonant
        (["SubmissionDate", "usaha-pendapatan"], "Recognised an ODK Central export",
         "Dikenali sebagai ekspor ODK Central"),
        (["_uuid", "usaha/pendapatan"], "Recognised a KoboToolbox export",
         "Dikenali sebagai ekspor KoboToolbox"),
    ],
)  # fmt: skip
def test_the_platform_note_names_the_platform_in_both_languages(
    columns: list[str], en: str, id_: str
) -> None:
    note = normalise_platform_export(_frame(columns, ["x"] * len(columns))).notes[0]
    assert note.en.startswith(en) and note.id.startswith(id_)


def test_odk_form_field_named_status_in_lower_case_is_kept() -> None:
    raw = _frame(["SubmissionDate", "KEY", "status", "Status"], ["2023", "uuid:1", "lancar", ""])
    assert list(normalise_platform_export(raw).frame.columns) == ["status"]


@pytest.mark.parametrize(
    ("columns", "platform"),
    [
        (["id_anggota", "tahun", "pendapatan"], "plain"),  # hand-made table
        (["KEY", "Status", "principal"], "plain"),  # a ledger may have KEY and Status
        (["Pendapatan (Rp/bulan)", "id"], "plain"),  # a slash in a plain header
        (["_uuid", "usaha/pendapatan"], "kobo"),
        (["meta/instanceID", "pendapatan"], "kobo"),  # metadata group alone
        (["SubmissionDate", "usaha-pendapatan", "KEY"], "odk"),
        (["ReviewState", "pendapatan"], "odk"),
    ],
)
def test_platform_is_detected_only_from_unmistakable_columns(
    columns: list[str], platform: str
) -> None:
    assert detect_platform(columns) == platform


def test_plain_csv_passes_through_unchanged() -> None:
    raw = _frame(["KEY", "Status", "a/b", "_x"], ["1", "lancar", "2", "3"])
    res = normalise_platform_export(raw)
    assert res.platform == "plain"
    assert res.frame is raw
    assert (res.renamed, res.dropped_metadata, res.notes) == ({}, (), ())


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        (["#adm1", "#adm2", "#indicator +income"], True),  # tags with an attribute
        (["", "#adm1", None, float("nan"), "#meta +id"], True),  # untagged columns blank
        (["#Indicator +Income +IDR"], True),  # HXL is case-insensitive
        (["#adm1", "Jember"], False),  # one real value: a data row
        (["A001", "1500000"], False),  # ordinary data
        (["", "", None], False),  # an empty row is not a hashtag row
        (["#1", "#2"], False),  # a hashtag must start with a letter
        (["#adm1 extra"], False),  # text after a tag without "+"
    ],
)
def test_is_hxl_row_recognises_the_hashtag_header_row(values: list[object], expected: bool) -> None:
    assert is_hxl_row(values) is expected


def test_an_hxl_row_left_in_the_data_is_skipped() -> None:
    raw = _frame(["_uuid", "usaha/pendapatan"], ["", "#indicator +income"], ["u", "1500000"])
    res = normalise_platform_export(raw)
    assert res.frame["pendapatan"].tolist() == ["1500000"]


def test_count_listed_channels_treats_blank_as_missing_not_zero() -> None:
    out = count_listed_channels(pd.Series(["pasar online", " ", None, "none"]))
    # hand count: 2 tokens; blank and None missing; "none" is no channel
    assert out.tolist() == pytest.approx([2.0, math.nan, math.nan, 0.0], nan_ok=True)


@pytest.mark.parametrize(
    ("cell", "count"),
    [
        ("pasar online titip_jual", 3.0),  # KoboToolbox: space-separated choice names
        ("pasar, online", 2.0),  # typed by hand with a comma
        ("pasar; online / wa", 3.0),  # semicolons and slashes
        ("pasar pasar", 1.0),  # distinct channels only
        ("tidak ada", 0.0),  # "none" typed with a space
        ("tidak_ada", 0.0),
        ("-", math.nan),  # a placeholder is missing, like in number columns
    ],
)
def test_count_listed_channels_reads_lists_as_people_type_them(cell: str, count: float) -> None:
    assert count_listed_channels(pd.Series([cell])).tolist() == pytest.approx([count], nan_ok=True)


@pytest.mark.parametrize(
    "name", ["pinjaman_total", "total_pinjaman", "jumlah_modal", "modal_usaha_total"]
)
def test_kobo_capital_synonyms_are_recognised(name: str) -> None:
    # issue 9, item 9: a KoboToolbox export's modal/pinjaman_total was not recognised as capital
    from analysis import load_survey

    csv = f"_uuid,id_anggota,tahun,usaha/pendapatan,modal/{name}\nu1,1,2021,100000,0\nu2,1,2023,150000,500000\n"
    assert load_survey(csv.encode()).report.mapping["capital"] == f"modal/{name}"
