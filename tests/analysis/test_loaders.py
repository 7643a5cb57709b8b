"""Loading a survey or loans CSV: every input case of issue 2, with the values it must give.

Each case is a small file written inline; expected values are the numbers written in
the file, read by hand.
"""

from __future__ import annotations

import codecs
import json

import numpy as np
import pandas as pd
import pytest

from analysis import (
    LoadReport,
    link_datasets,
    load_loans,
    load_survey,
    read_mapping,
    safe_csv_bytes,
)
from analysis.ingest.loaders import PROBLEM_COLUMNS

KEY = b"a test pseudonym key, 16+ chars"
BASE = "member_id,wave,income\n007,2021,1500000\n007,2023,2000000\n"


def survey(data: str | bytes, **kw: object) -> tuple[pd.DataFrame, LoadReport]:
    """Load survey bytes (text is UTF-8 encoded) with the test key."""
    raw = data.encode("utf-8") if isinstance(data, str) else data
    loaded = load_survey(raw, pseudonym_key=KEY, **kw)  # type: ignore[arg-type]
    return loaded.data, loaded.report


def loans(data: str | bytes, **kw: object) -> tuple[pd.DataFrame, LoadReport]:
    raw = data.encode("utf-8") if isinstance(data, str) else data
    loaded = load_loans(raw, pseudonym_key=KEY, **kw)  # type: ignore[arg-type]
    return loaded.data, loaded.report


# ---------------------------------------------------------------------------------------
# Encodings, delimiters, quoting, notations: the file reads, and to the right values.

READ_CASES = [
    # (raw bytes, encoding, delimiter, member ids, incomes)
    pytest.param(BASE.encode(), "utf-8", ",", ["007", "007"], [1.5e6, 2e6], id="plain UTF-8"),
    pytest.param(codecs.BOM_UTF8 + BASE.encode(), "utf-8-sig", ",", ["007", "007"],
                 [1.5e6, 2e6], id="UTF-8 with BOM (Excel 'CSV UTF-8')"),
    pytest.param(BASE.encode("utf-16"), "utf-16", ",", ["007", "007"], [1.5e6, 2e6],
                 id="UTF-16 LE with BOM (Excel 'Unicode text')"),
    pytest.param(codecs.BOM_UTF16_BE + BASE.encode("utf-16-be"), "utf-16", ",",
                 ["007", "007"], [1.5e6, 2e6], id="UTF-16 BE with BOM"),
    pytest.param(BASE.encode("utf-16-le"), "utf-16", ",", ["007", "007"], [1.5e6, 2e6],
                 id="UTF-16 without BOM (reported)"),
    pytest.param(BASE.replace(",", ";").encode(), "utf-8", ";", ["007", "007"], [1.5e6, 2e6],
                 id="semicolons"),
    pytest.param(BASE.replace(",", "\t").encode(), "utf-8", "\t", ["007", "007"],
                 [1.5e6, 2e6], id="tabs"),
    pytest.param(BASE.replace(",", "|").encode(), "utf-8", "|", ["007", "007"], [1.5e6, 2e6],
                 id="pipes"),
    pytest.param(("sep=;\n" + BASE.replace(",", ";")).encode(), "utf-8", ";", ["007", "007"],
                 [1.5e6, 2e6], id="leading sep= line"),
    pytest.param(BASE.replace("\n", "\r\n").encode(), "utf-8", ",", ["007", "007"],
                 [1.5e6, 2e6], id="CRLF line ends"),
    pytest.param(b'"member_id","wave","income"\n"007","2021","1500000"\n"007","2023","2000000"\n',
                 "utf-8", ",", ["007", "007"], [1.5e6, 2e6], id="every field quoted"),
    pytest.param(b"member_id;wave;income\n007;2021;Rp 1.500.000\n007;2023;Rp1.500.000,00\n",
                 "utf-8", ";", ["007", "007"], [1.5e6, 1.5e6], id="Rp 1.500.000, Rp1.500.000,00"),
    pytest.param(b"member_id;wave;income\n007;2021;1,5 jt\n007;2023;750 rb\n", "utf-8", ";",
                 ["007", "007"], [1.5e6, 7.5e5], id="1,5 jt and 750 rb"),
    pytest.param(b'member_id,wave,income\n007,2021,"1,500,000"\n007,2023,"2,250,000.50"\n',
                 "utf-8", ",", ["007", "007"], [1.5e6, 2_250_000.5], id="English grouping"),
    pytest.param(b"member_id;wave;income\nA;2021;1.500\nA;2023;2.250\n", "utf-8", ";",
                 ["A", "A"], [1500.0, 2250.0], id="1.500 in a money column is thousands"),
    pytest.param(b"member_id,wave,income\n0012,2021,5e5\n0012,2023,600000\n", "utf-8", ",",
                 ["0012", "0012"], [5e5, 6e5], id="numeric ids keep leading zeros"),
    pytest.param(b"member_id,wave,income\n 007 ,2021, 1500000\n007,2023,2000000 \n", "utf-8",
                 ",", ["007", "007"], [1.5e6, 2e6], id="padded cells trimmed"),
]  # fmt: skip


@pytest.mark.parametrize(("raw", "encoding", "delimiter", "ids", "incomes"), READ_CASES)
def test_a_survey_file_reads_to_the_values_it_holds(
    raw: bytes, encoding: str, delimiter: str, ids: list[str], incomes: list[float]
) -> None:
    data, report = survey(raw)
    assert report.can_analyse, report.errors
    assert (report.encoding, report.delimiter) == (encoding, delimiter)
    assert data["member_id"].tolist() == ids
    np.testing.assert_allclose(data["income"].to_numpy(), incomes)
    assert report.problems.empty


def test_cp1252_text_is_decoded_and_the_fallback_reported() -> None:
    text = "member_id,wave,income,business_type\n1,2021,100,Warung Bu’ Siti\n1,2023,200,Jahit\n"
    data, report = survey(text.encode("cp1252"))
    assert report.encoding == "cp1252"
    assert data["business_type"].tolist() == ["Warung Bu’ Siti", "Jahit"]
    assert any("0x92" in m.en and "Windows-1252" in m.en for m in report.conversions)
    assert "\ufffd" not in "".join(data["business_type"])


def test_replacement_characters_already_in_the_file_are_reported() -> None:
    # U+FFFD in a UTF-8 file: letters lost before Berdaya saw the file; said, not hidden.
    data, report = survey("member_id,wave,income,business_type\n1,2021,1,caf\ufffd\n1,2023,2,x\n")
    assert data["business_type"].iloc[0] == "caf\ufffd"
    note = next(m for m in report.conversions if "replacement characters" in m.en)
    assert "karakter pengganti" in note.id


def test_bytes_that_are_neither_utf8_nor_cp1252_are_refused_with_their_line() -> None:
    # 0x81 is undefined in Windows-1252: no encoding reads the file, nothing is guessed.
    raw = b"member_id,wave,income,business_type\n1,2021,1,caf\xc3\xa9\n1,2023,2,\x81x\n"
    data, report = survey(raw)
    assert report.error_codes == ("unknown_encoding",) and data.empty
    assert "byte 0x81 at line 3" in report.errors[0].en
    assert "byte 0x81 pada baris 3" in report.errors[0].id


def test_invalid_utf8_beyond_the_sniffed_start_still_falls_back_to_cp1252() -> None:
    rows = "".join(f"{i},2021,100,ok\n{i},2023,200,ok\n" for i in range(20000))
    raw = ("member_id,wave,income,business_type\n" + rows).encode() + b"z,2021,1,caf\xe9\n"
    data, report = survey(raw)
    assert report.encoding == "cp1252"
    assert data["business_type"].iloc[-1] == "café"


def test_quoted_fields_keep_delimiters_quotes_and_newlines() -> None:
    raw = (
        "member_id,wave,income,business_type\n"
        '1,2021,100,"kue, catering ""enak"""\n'
        '1,2023,200,"baris\nkedua"\n'
    )
    data, _ = survey(raw)
    assert data["business_type"].tolist() == ['kue, catering "enak"', "baris\nkedua"]


def test_decimal_commas_and_rupiah_columns_get_their_own_notation() -> None:
    raw = (
        "member_id;wave;income;training_hours\n1;2021;Rp 1.500.000;12,5\n1;2023;Rp 2.000.000;43,5\n"
    )
    data, report = survey(raw)
    np.testing.assert_allclose(data["training_hours"], [12.5, 43.5])
    styles = {c: (i.style, i.resolved_by) for c, i in report.number_styles.items()}
    assert styles["income"] == ("dot_thousands", "values")
    assert styles["training_hours"] == ("dot_thousands", "values")
    assert report.number_styles["income"].example_value == 1_500_000.0


def test_money_read_as_thousands_by_its_unit_is_reported_as_such() -> None:
    _, report = survey("member_id;wave;income\nA;2021;1.500\nA;2023;2.250\n")
    info = report.number_styles["income"]
    assert (info.style, info.resolved_by) == ("dot_thousands", "unit")
    assert "rupiah" in info.message.en and "rupiah" in info.message.id


def test_an_ambiguous_non_money_column_is_a_question_not_a_guess() -> None:
    raw = "member_id;wave;income;training_hours\nA;2021;100;1.500\nA;2023;200;2.250\n"
    data, report = survey(raw)
    q = [q for q in report.questions if q.kind == "number_style"]
    assert len(q) == 1 and q[0].column == "training_hours"
    assert q[0].candidates == ("plain", "dot_thousands")
    assert data["training_hours"].isna().all()  # left unread until answered
    assert report.can_analyse  # an optional field does not block the analysis
    answered, report2 = survey(raw, number_styles={"training_hours": "plain"})
    np.testing.assert_allclose(answered["training_hours"], [1.5, 2.25])
    assert report2.number_styles["training_hours"].resolved_by == "user"
    assert not report2.questions


def test_canonical_types_after_loading() -> None:
    raw = (
        "member_id,wave,income,in_program,kelurahan,age,emp_decide_income\n"
        "1,2021,100,ya,Mangli,34,3\n1,2023,200,ya,Mangli,36,4\n"
        "2,2021,50,tidak,Mangli,40,2\n2,2023,60,tidak,Mangli,42,2\n"
    )
    data, report = survey(raw)
    assert data["member_id"].dtype == "str"
    assert isinstance(data["wave"].dtype, pd.CategoricalDtype) and data["wave"].dtype.ordered
    assert list(data["wave"].cat.categories) == [2021, 2023] and report.waves == (2021, 2023)
    assert data["income"].dtype == "float64" and data["age"].dtype == "float64"
    assert data["in_program"].dtype == "Int8" and data["in_program"].tolist() == [1, 1, 0, 0]
    assert data["emp_decide_income"].tolist() == [3.0, 4.0, 2.0, 2.0]
    assert data["kelurahan"].dtype == "str"


def test_wave_labels_are_ordered_by_meaning() -> None:
    raw = "member_id,wave,income\n1,akhir,200\n1,awal,100\n1,tengah,150\n"
    data, report = survey(raw)
    assert report.waves == ("awal", "tengah", "akhir")
    assert data["wave"].tolist() == ["akhir", "awal", "tengah"]  # row order kept


def test_waves_written_as_dates_are_ordered_by_date() -> None:
    raw = "member_id,wave,income\n1,30/06/2021,1\n1,31/12/2020,2\n1,01/01/2022,3\n"
    _, report = survey(raw)
    assert report.waves == ("31/12/2020", "30/06/2021", "01/01/2022")


def test_a_kobo_channel_list_without_choice_columns_is_counted() -> None:
    raw = (
        '"_uuid";"identitas/id_anggota";"identitas/tahun";"usaha/pendapatan";"saluran"\n'
        '"u1";"A1";"2021";"100";"pasar online"\n"u2";"A1";"2023";"200";"pasar online wa"\n'
    )
    data, report = survey(raw)
    assert report.platform == "kobo"
    assert data["market_channels"].tolist() == [2.0, 3.0]


def test_channels_listed_by_name_in_a_plain_file_are_counted() -> None:
    raw = (
        "member_id,wave,income,saluran_pemasaran\n"
        '1,2021,1,"pasar, online"\n'  # 2 channels, comma-separated
        "1,2023,2,tidak ada\n"  # none: 0
        "2,2021,1,-\n"  # a placeholder: missing
        "2,2023,1,pasar online wa pasar\n"  # 3 distinct, space-separated
    )
    data, report = survey(raw)
    np.testing.assert_allclose(data["market_channels"], [2, 0, np.nan, 3])
    assert report.problems.empty
    assert any("lists channels by name" in m.en and "nama saluran" in m.id
               for m in report.conversions)  # fmt: skip


def test_a_channel_count_column_with_a_stray_list_keeps_the_counts() -> None:
    data, report = survey("member_id,wave,income,market_channels\n1,2021,1,2\n1,2023,2,pasar\n")
    np.testing.assert_allclose(data["market_channels"], [2, np.nan])
    assert report.problem_counts() == {"unparseable_number": 1}


def test_in_program_defaults_to_one_and_says_so() -> None:
    data, report = survey(BASE)
    assert data["in_program"].tolist() == [1, 1]
    assert any("in_program" in m.en for m in report.conversions)


def test_extra_columns_are_kept_and_indonesian_numbers_in_them_read() -> None:
    raw = (
        "member_id;wave;income;biaya_bahan;kode_desa;catatan\n"
        "1;2021;100;Rp 250.000;0101;baik\n1;2023;200;Rp 300.000;0101;\n"
    )
    data, report = survey(raw)
    assert report.extra_columns == ("biaya_bahan", "kode_desa", "catatan")
    np.testing.assert_allclose(data["biaya_bahan"], [250_000.0, 300_000.0])
    assert data["kode_desa"].tolist() == ["0101", "0101"]  # a code stays text
    assert data["catatan"].iloc[0] == "baik" and pd.isna(data["catatan"].iloc[1])


def test_an_extra_column_named_like_a_field_is_kept_under_another_name() -> None:
    raw = "member_id,wave,pendapatan,income\n1,2021,100,x\n1,2023,200,y\n"
    data, report = survey(raw, mapping={"income": "pendapatan"})
    assert data["income"].tolist() == [100.0, 200.0]
    assert data["income_unmapped"].tolist() == ["x", "y"]
    assert "income_unmapped" in report.extra_columns


def test_a_wide_file_becomes_long() -> None:
    raw = "member_id,pendapatan_sebelum,pendapatan_sesudah,umur\n007,1500000,2000000,34\n"
    data, report = survey(raw)
    assert report.layout == "wide" and report.waves == ("sebelum", "sesudah")
    assert data["member_id"].tolist() == ["007", "007"]
    assert data["wave"].tolist() == ["sebelum", "sesudah"]
    np.testing.assert_allclose(data["income"], [1.5e6, 2e6])
    assert report.mapping["income"] == "pendapatan_sebelum + pendapatan_sesudah"


WIDE_CASES = [
    # (file, waves, incomes, the second measure's field and values)
    pytest.param("member_id,income_before,income_after,capital_before,capital_after\n"
                 "a,1,2,0,5\n", ("before", "after"), [1, 2], ("capital", [0, 5]),
                 id="income_before / income_after"),
    pytest.param("id_anggota,pendapatan_sebelum,pendapatan_sesudah,modal_sebelum,modal_sesudah\n"
                 "a,1,2,0,5\n", ("sebelum", "sesudah"), [1, 2], ("capital", [0, 5]),
                 id="pendapatan_sebelum / _sesudah"),
    pytest.param("id_anggota;pendapatan_awal;pendapatan_akhir;omzet_awal;omzet_akhir\n"
                 "a;Rp 1.500.000;Rp 2.000.000;3;4\n", ("awal", "akhir"), [1.5e6, 2e6],
                 ("revenue", [3, 4]), id="_awal / _akhir, Indonesian numbers"),
    pytest.param("member_id,income_2012,income_2014,training_hours_2012,training_hours_2014\n"
                 "a,1,2,0,8\n", (2012, 2014), [1, 2], ("training_hours", [0, 8]),
                 id="income_2012 / income_2014"),
    pytest.param("member_id,income_before,income_after,jumlah_ternak_before,"
                 "jumlah_ternak_after\na,1,2,3,4\n", ("before", "after"), [1, 2],
                 ("jumlah_ternak", [3, 4]), id="any X_before / X_after pair, kept as extra"),
    pytest.param("member_id,income_baseline,income_midline,income_endline\na,1,2,3\n",
                 ("baseline", "midline", "endline"), [1, 2, 3], None,
                 id="baseline / midline / endline"),
]  # fmt: skip


@pytest.mark.parametrize(("raw", "waves", "incomes", "other"), WIDE_CASES)
def test_every_wide_naming_becomes_long_with_its_values(
    raw: str, waves: tuple, incomes: list[float], other: tuple[str, list[float]] | None
) -> None:
    data, report = survey(raw)
    assert report.can_analyse and report.layout == "wide" and report.waves == waves
    assert data["wave"].tolist() == list(waves) and data["member_id"].tolist() == ["a"] * len(waves)
    np.testing.assert_allclose(data["income"], incomes)
    if other is not None:
        np.testing.assert_allclose(data[other[0]].astype("float64"), other[1])


def test_a_wide_files_summary_says_its_rows_became_member_waves() -> None:
    # 2 members x 2 waves: 2 rows read, 4 member-wave rows, one of them without income.
    _, report = survey("member_id,income_2012,income_2014\na,100,\nb,200,300\n")
    assert (report.n_rows_read, report.n_rows_kept, report.n_rows_excluded) == (2, 3, 1)
    assert report.summary_lines("en")[2] == (
        "  Rows: 2 read (one row per member: 4 member-wave rows), 3 kept, 1 excluded "
        "(missing_required: 1)"
    )
    assert report.summary_lines("id")[2].startswith(
        "  Baris: 2 dibaca (satu baris per anggota: 4 baris anggota-gelombang), 3 dipakai"
    )


def test_a_problem_in_a_wide_file_names_the_wave_column_and_the_file_row() -> None:
    raw = "member_id,income_2012,income_2014\na,100,abc\nb,200,300\n"
    _, report = survey(raw)
    p = report.problems[report.problems["code"] == "unparseable_number"]
    assert p[["row", "line", "column", "value"]].values.tolist() == [[1, 2, "income_2014", "abc"]]


# ---------------------------------------------------------------------------------------
# Problems: listed per row and column, in both languages; nothing dropped silently.

PROBLEM_CASES = [
    # (file, expected problems as (row, line, column, code, action), incomes kept)
    pytest.param("member_id,wave,income\n1,2021,abc\n1,2023,200\n2,2021,300\n2,2023,400\n",
                 [(1, 2, "income", "missing_required", "row_excluded"),
                  (1, 2, "income", "unparseable_number", "set_missing")],
                 [200, 300, 400], id="unreadable number: missing, row excluded"),
    pytest.param("member_id,wave,income\n1,2021,-50000\n1,2023,200\n",
                 [(1, 2, "income", "negative_income", "kept")],
                 [-50000, 200], id="negative income: a loss, kept and listed"),
    pytest.param("member_id,wave,income\n1,2021,5000000000\n1,2023,200\n2,2021,1\n2,2023,2\n",
                 [(1, 2, "income", "missing_required", "row_excluded"),
                  (1, 2, "income", "implausible_value", "set_missing")],
                 [200, 1, 2], id="income above Rp 1 billion a month"),
    pytest.param("member_id,wave,income\n1,2021,100\n1,2023,200\n1,2021,999\n",
                 [(3, 4, "member_id", "duplicate_row", "row_excluded")],
                 [100, 200], id="duplicate member-wave: first kept"),
    pytest.param("member_id,wave,income\n1,2021,100\n1,2023\n1,2023,200\n",
                 [(2, 3, "", "ragged_row", "row_excluded")],
                 [100, 200], id="row with too few fields"),
    pytest.param("member_id,wave,income\n1,2021,100\n1,2023,200,9\n1,2023,200\n",
                 [(2, 3, "", "ragged_row", "row_excluded")],
                 [100, 200], id="row with too many fields"),
    # pandas would take the first column as an index and shift every value left.
    pytest.param("member_id,wave,income\n1,2021,100,x\n1,2021,100\n1,2023,200\n",
                 [(1, 2, "", "ragged_row", "row_excluded")],
                 [100, 200], id="first data row with a field too many"),
    pytest.param('member_id,wave,income,note\n1,2021,100,"two\nlines"\n1,2023\n1,2023,200,x\n',
                 [(2, 4, "", "ragged_row", "row_excluded")],
                 [100, 200], id="ragged row after a two-line field: its real line"),
    pytest.param("member_id,wave,income\n\n1,2021,100\n\n1,2023,abc\n1,2023,200\n",
                 [(2, 5, "income", "missing_required", "row_excluded"),
                  (2, 5, "income", "unparseable_number", "set_missing")],
                 [100, 200], id="blank lines do not shift line numbers"),
    pytest.param("member_id,wave,income\n,2021,100\n1,2021,100\n1,2023,200\n",
                 [(1, 2, "member_id", "missing_required", "row_excluded")],
                 [100, 200], id="missing member id"),
    pytest.param("member_id,wave,income,in_program\n1,2021,100,mungkin\n1,2023,200,1\n",
                 [(1, 2, "in_program", "unparseable_flag", "set_missing")],
                 [100, 200], id="in_program neither 1/0 nor ya/tidak"),
    pytest.param("member_id,wave,income,emp_voice\n1,2021,100,7\n1,2023,200,3\n",
                 [(1, 2, "emp_voice", "implausible_value", "set_missing")],
                 [100, 200], id="Likert item outside 1-5"),
    pytest.param("member_id,wave,income,age\n1,2021,100,250\n1,2023,200,36\n",
                 [(1, 2, "age", "implausible_value", "set_missing")],
                 [100, 200], id="implausible age"),
    pytest.param("member_id,wave,income,capital\n1,2021,100,-5\n1,2023,200,0\n",
                 [(1, 2, "capital", "negative_value", "set_missing")],
                 [100, 200], id="negative loan capital"),
    # Columns the CSV reader types as float64 arrive as read-only arrays: still set missing.
    pytest.param("member_id,wave,income,capital\n1,2021,100,-5000.5\n1,2023,200,0\n",
                 [(1, 2, "capital", "negative_value", "set_missing")],
                 [100, 200], id="negative capital with decimals (float column)"),
    pytest.param("member_id,wave,income,age\n1,2021,100,250.5\n1,2023,200,\n",
                 [(1, 2, "age", "implausible_value", "set_missing")],
                 [100, 200], id="implausible age in a float column with a blank"),
    # one cell with decimals (the float column) stays rupiah; two would ask for the unit
    pytest.param("member_id,wave,income\n1,2021,5000000000.5\n1,2023,2000\n2,2021,1\n2,2023,2\n",
                 [(1, 2, "income", "missing_required", "row_excluded"),
                  (1, 2, "income", "implausible_value", "set_missing")],
                 [2000, 1, 2], id="implausible income in a float column"),
    # The CSV reader types a column on its own: "2.500" far down plain numbers reads 2.5.
    pytest.param("member_id,wave,income\n1,2021,1500000\n1,2023,2.5\n2,2021,1\n2,2023,2\n",
                 [(2, 3, "income", "missing_required", "row_excluded"),
                  (2, 3, "income", "implausible_value", "set_missing")],
                 [1_500_000, 1, 2], id="a fraction of a rupiah"),
    pytest.param("member_id;wave;income\n1;2021;Rp 1.500.000\n1;2023;1,5\n2;2021;Rp 1.000\n"
                 "2;2023;Rp 2.000\n",
                 [(2, 3, "income", "missing_required", "row_excluded"),
                  (2, 3, "income", "implausible_value", "set_missing")],
                 [1_500_000, 1000, 2000], id="a decimal comma in a rupiah column (1,5 juta?)"),
]  # fmt: skip


@pytest.mark.parametrize(("raw", "expected", "incomes"), PROBLEM_CASES)
def test_problems_are_listed_with_row_line_column_and_reason(
    raw: str, expected: list[tuple], incomes: list[float]
) -> None:
    data, report = survey(raw)
    got = report.problems[["row", "line", "column", "code", "action"]]
    assert sorted(map(tuple, got.values.tolist())) == sorted(expected)
    np.testing.assert_allclose(data["income"], incomes)
    assert report.n_rows_kept == len(incomes)
    assert report.n_rows_excluded == sum(report.excluded_by_reason.values())
    assert (report.problems["message_en"] != "").all()
    assert (report.problems["message_id"] != "").all()


def test_an_out_of_range_value_in_a_float_column_becomes_missing_and_the_rest_stay() -> None:
    # capital with decimals in every cell would be a question about its unit: say rupiah
    data, _ = survey(
        "member_id,wave,income,capital,emp_x\n1,2021,100,-5.5,7.5\n1,2023,200,1500.5,4.5\n",
        units={"capital": "IDR"},
    )
    assert data["capital"].tolist()[1] == 1500.5 and np.isnan(data["capital"].iloc[0])
    assert data["emp_x"].tolist()[1] == 4.5 and np.isnan(data["emp_x"].iloc[0])


MESSY = (
    "ID Anggota;Tahun;Pendapatan;Modal;Umur;emp_suara;Status\n"
    "007;2021;Rp 1.500.000;0;34;3;ya\n"  # row 1: clean
    "007;2023;abc;-5;36;7;ya\n"  # row 2: income unreadable (excluded), capital < 0, Likert 7
    "012;2021;-50.000;0;250;2;ya\n"  # row 3: a loss (kept), age 250
    "012;2021;Rp 900.000;0;41;2;ya\n"  # row 4: same member and wave as row 3
    "012;2023;081399998888;0;43;2\n"  # row 5: a field short; a phone number as income
    ";2023;Rp 1.000.000;0;30;2;ya\n"  # row 6: no member id
    "013;2023;Rp 1.000.000;0;30;2;ya\n"  # row 7: clean
    "013;2021;Rp 5.000.000;0;30;2;ya;x\n"  # row 8: a field too many
)


def test_every_problem_of_a_messy_file_names_its_row_line_column_and_raw_value() -> None:
    data, report = survey(MESSY)
    got = report.problems[["row", "line", "column", "value", "code", "action"]]
    # (row, file line, column as in the file, the cell as written, code, action), by hand
    # from the comments of MESSY; the phone number typed as an income is masked.
    assert sorted(map(tuple, got.values.tolist())) == sorted([
        (2, 3, "Pendapatan", "abc", "unparseable_number", "set_missing"),
        (2, 3, "Pendapatan", "abc", "missing_required", "row_excluded"),
        (2, 3, "Modal", "-5", "negative_value", "set_missing"),
        (2, 3, "emp_suara", "7", "implausible_value", "set_missing"),
        (3, 4, "Pendapatan", "-50.000", "negative_income", "kept"),
        (3, 4, "Umur", "250", "implausible_value", "set_missing"),
        (4, 5, "ID Anggota", "012 / 2021", "duplicate_row", "row_excluded"),
        (5, 6, "", "", "ragged_row", "row_excluded"),
        (5, 6, "Pendapatan", "[masked]", "implausible_value", "set_missing"),
        (6, 7, "ID Anggota", "", "missing_required", "row_excluded"),
        (8, 9, "", "", "ragged_row", "row_excluded"),
    ])  # fmt: skip
    assert data["member_id"].tolist() == ["007", "012", "013"]
    np.testing.assert_allclose(data["income"], [1_500_000, -50_000, 1_000_000])
    assert np.isnan(data["age"].iloc[1])  # 250 set missing, the row kept


def test_nothing_is_dropped_silently_from_a_messy_file() -> None:
    _, report = survey(MESSY)
    assert report.n_rows_read == 8
    assert report.n_rows_read == report.n_rows_kept + report.n_rows_excluded
    excluded = report.problems.loc[report.problems["action"] == "row_excluded", "row"]
    # Each excluded row is listed (once per reason) and counted once.
    assert sorted(set(excluded)) == [2, 4, 5, 6, 8]
    assert report.n_rows_excluded == 5 == sum(report.excluded_by_reason.values())
    assert report.excluded_by_reason == {"ragged_row": 2, "missing_required": 2, "duplicate_row": 1}


def test_a_required_field_missing_in_a_wide_file_names_the_wave_column() -> None:
    _, report = survey("member_id,income_2021,income_2023\na,100,\nb,200,300\n")
    p = report.problems
    assert p[["row", "line", "column", "field", "value", "code"]].values.tolist() == [
        [1, 2, "income_2023", "income", "", "missing_required"]
    ]
    assert "income" in p["message_en"].iloc[0] and "income" in p["message_id"].iloc[0]


def test_several_required_fields_missing_in_one_row_are_named_together() -> None:
    _, report = survey("member_id,wave,income\n,2021,abc\n1,2021,1\n1,2023,2\n")
    p = report.problems[report.problems["code"] == "missing_required"].iloc[0]
    assert (p["column"], p["field"], p["value"]) == (
        "member_id, income",
        "member_id, income",
        ", abc",
    )
    assert (
        p["message_en"]
        == "Required fields member_id, income are empty or unreadable; row excluded."
    )
    assert (
        p["message_id"]
        == "Bidang wajib member_id, income kosong atau tidak terbaca; baris dikeluarkan."
    )


def test_indonesian_messages_write_numbers_the_indonesian_way() -> None:
    # 1,500,000 in English is 1.500.000 in Indonesian; 1.50 is 1,50.
    _, report = survey("member_id;wave;income;age\n1;2021;Rp 1.500.000;250\n1;2023;2.000.000;30\n")
    assert report.number_styles["income"].message.id.endswith("'Rp 1.500.000' = 1.500.000.")
    assert report.number_styles["income"].message.en.endswith("'Rp 1.500.000' = 1,500,000.")
    age = report.problems[report.problems["column"] == "age"].iloc[0]
    assert "(10 sampai 110)" in age["message_id"]
    _, report = survey("member_id;wave;income;training_hours\n1;2021;1;1.500\n1;2023;2;2.250\n")
    q = report.questions[0].message
    assert "plain: '1.500' = 1.50; dot_thousands: '1.500' = 1,500" in q.en
    assert "plain: '1.500' = 1,50; dot_thousands: '1.500' = 1.500" in q.id


def test_a_phone_number_never_becomes_the_example_of_a_number_style() -> None:
    raw = "member_id;wave;income\n1;2021;0812.3456.7890\n1;2023;Rp 1.500.000\n1;2022;Rp 2.000\n"
    _, report = survey(raw)
    text = json.dumps(report.to_dict(), ensure_ascii=False) + "\n".join(report.summary_lines("id"))
    assert "0812" not in text and report.number_styles["income"].example == "[masked]"


def test_a_delimiter_ending_every_row_is_ignored_and_reported() -> None:
    data, report = survey("member_id;wave;income;\n1;2021;100;\n1;2023;200;\n")
    assert data["income"].tolist() == [100.0, 200.0] and report.problems.empty
    data, report = survey("member_id;wave;income\n1;2021;100;\n1;2023;200;\n")
    assert data["income"].tolist() == [100.0, 200.0] and report.problems.empty
    assert any("extra delimiter" in m.en for m in report.conversions)


def test_the_problem_table_has_its_documented_columns_and_the_raw_value() -> None:
    _, report = survey("member_id,wave,income\n1,2021,12x\n1,2023,200\n1,2025,300\n")
    assert tuple(report.problems.columns) == PROBLEM_COLUMNS
    row = report.problems[report.problems["code"] == "unparseable_number"].iloc[0]
    assert (row["value"], row["field"]) == ("12x", "income")
    assert "notation" in row["message_en"] and "notasi" in row["message_id"]


def test_a_duplicate_row_message_names_the_row_that_was_kept() -> None:
    _, report = survey("member_id,wave,income\n1,2021,100\n1,2023,200\n1,2021,999\n")
    msg = report.problems.iloc[0]
    assert "row 1" in msg["message_en"] and "baris 1" in msg["message_id"]
    assert msg["value"] == "1 / 2021"


# ---------------------------------------------------------------------------------------
# Files that cannot be analysed: a report that says why, never an exception.

FATAL_CASES = [
    pytest.param(b"", "empty_file", id="empty file"),
    pytest.param(b"  \n\n ", "empty_file", id="only blank lines"),
    pytest.param(b"member_id,wave,income\n", "header_only", id="header only"),
    pytest.param(b"PK\x03\x04\x14\x00\x06\x00" + bytes(200), "binary_file",
                 id="an Excel workbook named .csv"),
    pytest.param(bytes(range(256)) * 4, "binary_file", id="binary bytes"),
    pytest.param(b"member_id,income,income\n1,2,3\n", "duplicate_headers",
                 id="duplicate headers"),
    pytest.param(b"member_id,wave,omset\n1,2021,5\n1,2023,6\n", "missing_field",
                 id="no income column"),
    pytest.param(b"member_id,wave,income\n1,2021,100\n2,2021,200\n", "one_wave",
                 id="one wave only"),
    pytest.param(b'member_id,wave,income\n1,2021,"100\n1,2023,200\n', "unreadable_csv",
                 id="a quote never closed"),
    pytest.param(b"member_id,wave,income\n1,2021,x\n1,2023,y\n", "no_rows",
                 id="no row survives"),
]  # fmt: skip


@pytest.mark.parametrize(("raw", "code"), FATAL_CASES)
def test_a_file_that_cannot_be_analysed_gives_a_report_not_an_exception(
    raw: bytes, code: str
) -> None:
    data, report = survey(raw)
    assert not report.can_analyse and not report.ok
    assert code in report.error_codes
    assert report.errors and all(m.en and m.id for m in report.errors)
    assert data.empty
    json.dumps(report.to_dict())  # still serialisable
    assert report.summary_lines("id")[1].endswith("TIDAK dapat dianalisis")


def test_an_excel_workbook_is_named_in_the_message() -> None:
    _, report = survey(b"PK\x03\x04" + bytes(100))
    assert "Excel" in report.errors[0].en and "Excel" in report.errors[0].id


def test_a_missing_path_is_a_report_too(tmp_path) -> None:
    report = load_survey(tmp_path / "nope.csv").report
    assert report.error_codes == ("unreadable_file",)


def test_reading_a_path_does_not_change_the_file(tmp_path) -> None:
    path = tmp_path / "s.csv"
    raw = codecs.BOM_UTF8 + b"member_id;wave;income\n007;2021;Rp 1.500.000\n007;2023;2\n"
    path.write_bytes(raw)
    before = path.stat().st_mtime_ns
    loaded = load_survey(path, pseudonym_key=KEY)
    assert path.read_bytes() == raw and path.stat().st_mtime_ns == before
    assert loaded.report.source == "s.csv" and loaded.data["income"].iloc[0] == 1.5e6
    import hashlib

    assert loaded.report.sha256 == hashlib.sha256(raw).hexdigest()


# ---------------------------------------------------------------------------------------
# Mapping


@pytest.mark.parametrize(
    ("header", "field", "column"),
    [
        ("ID Anggota,Tahun,Pendapatan", "income", "Pendapatan"),  # Indonesian synonyms
        ("no_anggota,gelombang,penghasilan_usaha", "wave", "gelombang"),
        ("Member ID,Survey Year,Net Income", "member_id", "Member ID"),  # English
        ("id_anggota,tahun,Pendapatan Bersih (Rp)", "income", "Pendapatan Bersih (Rp)"),
        ("id_anggota,tahun,pendapatan,Umur (tahun)", "age", "Umur (tahun)"),  # unit dropped
        ("id_anggota,tahun,pendapatan,omzet_per_bulan", "revenue", "omzet_per_bulan"),
        ("id_anggota,tahun,pendapatan,Kelompok", "group_id", "Kelompok"),
        ("id_anggota,tahun,pendapatan,pinjaman", "capital", "pinjaman"),
        ("id_anggota,tahun,pendapatan,pelatihan", "training_hours", "pelatihan"),
        ("id_anggota,tahun,pendapatan,modal", "capital", "modal"),
        ("id_anggota,tahun,pendapatan,omzet", "revenue", "omzet"),
        ("id_anggota,tahun,pendapatan,kelurahan", "kelurahan", "kelurahan"),
        ("id_anggota,tahun,pendapatan,umur", "age", "umur"),
    ],
)
def test_columns_are_mapped_from_english_and_indonesian_synonyms(
    header: str, field: str, column: str
) -> None:
    n = header.count(",") + 1
    raw = header + "\n" + ",".join(["1", "2021"] + ["5"] * (n - 2)) + "\n"
    raw += ",".join(["1", "2023"] + ["6"] * (n - 2)) + "\n"
    _, report = survey(raw)
    assert report.mapping[field] == column and field in report.auto_mapped


def test_a_yearly_income_is_not_taken_for_the_monthly_one() -> None:
    _, report = survey("id_anggota,tahun,pendapatan_tahun\n1,2021,5\n1,2023,6\n")
    assert "income" not in report.mapping and "missing_field" in report.error_codes


def test_two_candidate_columns_are_a_question_answered_by_the_mapping() -> None:
    raw = "member_id,wave,income,pendapatan\n1,2021,100,1\n1,2023,200,2\n"
    _, report = survey(raw)
    q = report.questions[0]
    assert (q.kind, q.field, q.candidates) == ("column", "income", ("income", "pendapatan"))
    assert not report.can_analyse and "unanswered_question" in report.error_codes
    data, report = survey(raw, mapping={"income": "pendapatan"})
    assert report.can_analyse and data["income"].tolist() == [1.0, 2.0]
    assert report.user_mapped == ("income",) and "income_unmapped" in data.columns


def test_the_explicit_mapping_accepts_names_as_people_write_them() -> None:
    raw = "Kode,Periode,Laba (Rp)\n1,2021,100\n1,2023,200\n"
    data, report = survey(raw, mapping={"member_id": "kode", "income": "laba (rp)"})
    assert report.mapping == {"member_id": "Kode", "wave": "Periode", "income": "Laba (Rp)"}
    assert report.user_mapped == ("member_id", "income") and report.auto_mapped == ("wave",)
    assert data["member_id"].tolist() == ["1", "1"]


def test_an_empty_mapping_entry_keeps_a_field_out() -> None:
    raw = "member_id,wave,income,kelompok\n1,2021,100,A\n1,2023,200,A\n"
    data, report = survey(raw, mapping={"group_id": ""})
    assert "group_id" not in data.columns and "kelompok" in report.extra_columns


@pytest.mark.parametrize(
    ("mapping", "fragment"),
    [
        ({"incom": "income"}, "unknown field 'incom'"),  # a typo in the field name
        ({"income": "nothere"}, "'nothere', which is not in the file"),
        ({"income": "income", "revenue": "income"}, "to two fields"),
    ],
)
def test_a_bad_explicit_mapping_is_reported(mapping: dict[str, str], fragment: str) -> None:
    _, report = survey(BASE, mapping=mapping)
    assert not report.can_analyse and "bad_mapping" in report.error_codes
    assert any(fragment in m.en for m in report.errors)


def test_read_mapping_reads_items_toml_and_json(tmp_path) -> None:
    toml = tmp_path / "m.toml"
    toml.write_text(
        'member_id = "No. Anggota"\nincome = "Pendapatan (Rp)"\ndate_format = "%d/%m/%Y"\n'
        '[number_styles]\n"Jam" = "dot_thousands"\n[loans]\nprincipal = "Pokok"\n',
        encoding="utf-8",
    )
    assert read_mapping(path=toml) == {
        "member_id": "No. Anggota",
        "income": "Pendapatan (Rp)",
        "loans.principal": "Pokok",
    }
    js = tmp_path / "m.json"
    js.write_text('{"mapping": {"wave": "Tahun"}}', encoding="utf-8")
    assert read_mapping(["income=Laba"], js) == {"wave": "Tahun", "income": "Laba"}
    assert read_mapping(["income = a=b"]) == {"income": "a=b"}  # first "=" splits


@pytest.mark.parametrize("item", ["income", "=col", ""])
def test_read_mapping_rejects_items_without_field_and_column(item: str) -> None:
    with pytest.raises(ValueError, match="FIELD=COLUMN"):
        read_mapping([item])


def test_the_committed_mapping_template_reads(tmp_path) -> None:
    from pathlib import Path

    template = Path(__file__).resolve().parents[2] / "data" / "templates" / "mapping_example.toml"
    m = read_mapping(path=template)
    assert m["income"] == "Pendapatan Bersih per Bulan (Rp)" and "emp_confidence" in m


# ---------------------------------------------------------------------------------------
# Personal identifiers

PII_FILE = (
    "No. Anggota;NIK;Nama Lengkap;No. HP;Tahun;Pendapatan;Catatan\n"
    "007;3509123412341234;Siti Nur’aini;081234567890;2021;Rp 1.500.000;ok\n"
    "007;3509123412341234;Siti Nur’aini;081234567890;2023;tidak tahu;ok\n"
    "012;3509876587658765;Dewi Kusuma;+6285712345678;2021;Rp 900.000;"
    "085712345678\n"
    "012;3509876587658765;Dewi Kusuma;+6285712345678;2023;081399998888;x\n"
)
PII_VALUES = ["3509123412341234", "3509876587658765", "Siti", "Nur’aini", "Dewi", "Kusuma",
              "081234567890", "6285712345678", "085712345678", "081399998888",
              "81399998888"]  # fmt: skip


def test_no_nik_name_or_phone_survives_anywhere() -> None:
    data, report = survey(PII_FILE)
    everything = " ".join(
        [
            data.astype("str").to_csv(),
            json.dumps(report.to_dict(max_problems=None), ensure_ascii=False),
            report.problems.to_csv(),
            "\n".join(report.summary_lines("en") + report.summary_lines("id")),
            safe_csv_bytes(report.problems).decode("utf-8-sig"),
        ]
    )
    for value in PII_VALUES:
        assert value not in everything, value
    assert {(p.column, p.kind, p.action) for p in report.pii} == {
        ("NIK", "nik", "pseudonymised"),
        ("Nama Lengkap", "name", "dropped"),
        ("No. HP", "phone", "dropped"),
    }
    # The phone number typed into the income column is listed, masked.
    masked = report.problems[report.problems["column"] == "Pendapatan"]["value"].tolist()
    assert "[masked]" in masked and "tidak tahu" in masked


def test_identifier_columns_with_plain_names_are_found_by_their_values() -> None:
    # "kontak" holds mobile numbers (the C parser would drop their leading zero) and
    # "nomor" NIKs read as numbers; neither name says so, every column is sampled.
    raw = (
        "member_id,wave,income,kontak,nomor,kelurahan\n"
        "1,2021,100,081234567890,3509123412341234,Mangli\n"
        "1,2023,200,085712345678,3509123412341234,Mangli\n"
    )
    data, report = survey(raw)
    assert {(p.column, p.kind, p.action) for p in report.pii} == {
        ("kontak", "phone", "dropped"),
        ("nomor", "nik", "pseudonymised"),
    }
    assert list(data.columns) == ["member_id", "wave", "income", "in_program", "kelurahan",
                                  "nik_pseudonym"]  # fmt: skip
    assert data["nik_pseudonym"].str.startswith("P").all()
    assert "3509123412341234" not in data.astype("str").to_csv()


def test_a_nik_beyond_float_precision_in_an_unnamed_column_keeps_its_pseudonym() -> None:
    # 9471012345678901 (a Papua NIK) is above 2**53: read as a float (the column has a
    # blank) it would become ...900 and get another pseudonym than in the loans ledger.
    s, _ = survey("member_id,wave,income,kode\n1,2021,1,9471012345678901\n1,2023,2,\n")
    ledger, _ = loans("loan_id,disbursed_on,principal,nik\nL1,2022-01-05,500000,9471012345678901\n")
    assert s["nik_pseudonym"].iloc[0] == ledger["member_id"].iloc[0]


def test_a_file_without_identifiers_never_asks_for_the_pseudonym_key(monkeypatch) -> None:
    # A misconfigured key (too short) only matters when there is something to pseudonymise.
    monkeypatch.setenv("BERDAYA_PSEUDONYM_KEY", "short")
    assert load_survey(BASE.encode()).data["income"].tolist() == [1.5e6, 2e6]


def test_nik_pseudonyms_are_keyed_stable_and_usable_as_member_id() -> None:
    raw = "NIK,tahun,pendapatan\n3509123412341234,2021,100\n3509123412341234,2023,200\n"
    data, report = survey(raw)
    assert report.mapping["member_id"] == "nik_pseudonym"
    ids = data["member_id"].tolist()
    assert ids[0] == ids[1] and ids[0].startswith("P") and "3509" not in ids[0]
    again, _ = survey(raw)
    assert again["member_id"].tolist() == ids  # same key, same pseudonym
    other = load_survey(raw.encode(), pseudonym_key=b"another key of 16+ chars").data
    assert other["member_id"].iloc[0] != ids[0]


def test_a_member_id_column_holding_niks_is_pseudonymised_in_place() -> None:
    raw = "id_anggota,tahun,pendapatan\n3509123412341234,2021,100\n3509123412341234,2023,200\n"
    data, report = survey(raw)
    assert report.mapping["member_id"] == "id_anggota"
    assert data["member_id"].str.startswith("P").all()
    assert report.pii[0].action == "pseudonymised"


# ---------------------------------------------------------------------------------------
# Loans


LOANS = (
    "loan_id;member_id;disbursed_on;principal;term_months;outstanding;status\n"
    "L1;007;15/03/2021;Rp 1.000.000;10;Rp 0;lancar\n"
    "L2;007;20/01/2022;Rp 1.300.000;10;Rp 650.000;lancar\n"
    "L3;012;05/04/2021;Rp 750.000;8;Rp 0;lancar\n"
)


def test_a_loans_ledger_reads_dates_and_amounts() -> None:
    data, report = loans(LOANS)
    assert report.can_analyse and report.date_formats == {"disbursed_on": "%d/%m/%Y"}
    assert data["disbursed_on"].dt.strftime("%Y-%m-%d").tolist() == [
        "2021-03-15",
        "2022-01-20",
        "2021-04-05",
    ]
    np.testing.assert_allclose(data["principal"], [1e6, 1.3e6, 7.5e5])
    np.testing.assert_allclose(data["outstanding"], [0.0, 650_000.0, 0.0])
    assert data["member_id"].tolist() == ["007", "007", "012"]


def test_mixed_date_formats_are_asked_about_and_the_odd_cells_listed() -> None:
    raw = LOANS.replace("20/01/2022", "2022-01-20")
    data, report = loans(raw)
    q = [q for q in report.questions if q.kind == "date_format"]
    assert q and q[0].candidates[0] == "%d/%m/%Y"
    p = report.problems[report.problems["code"] == "unparseable_date"]
    assert p[["row", "line", "value"]].values.tolist() == [[2, 3, "2022-01-20"]]
    assert data["loan_id"].tolist() == ["L1", "L3"]  # the row without a date is excluded
    fixed, report2 = loans(raw, date_format="ISO8601")
    assert fixed["loan_id"].tolist() == ["L2"] and report2.date_formats["disbursed_on"] == "ISO8601"


def test_dates_that_read_both_day_first_and_month_first_are_a_question() -> None:
    raw = LOANS.replace("15/03/2021", "05/03/2021").replace("20/01/2022", "02/01/2022")
    data, report = loans(raw)
    assert not report.can_analyse and "unanswered_question" in report.error_codes
    assert data.empty
    assert report.questions[0].candidates == ("%d/%m/%Y", "%m/%d/%Y")
    answered, _ = loans(raw, date_format="%d/%m/%Y")
    assert answered["disbursed_on"].iloc[0] == pd.Timestamp("2021-03-05")


def test_a_repeated_loan_id_keeps_its_first_row() -> None:
    data, report = loans(LOANS + "L1;099;01/02/2023;Rp 500.000;6;Rp 0;lancar\n")
    assert data["loan_id"].tolist() == ["L1", "L2", "L3"]
    assert report.problems["code"].tolist() == ["duplicate_row"]


def test_linking_reports_unmatched_ids_on_both_sides() -> None:
    s, _ = survey("member_id,wave,income\n007,2021,1\n007,2023,2\n555,2021,3\n555,2023,4\n")
    ledger, _ = loans(LOANS)
    link = link_datasets(s, ledger)
    assert link.to_dict("records") == [
        {"side": "survey", "n_ids": 2, "n_matched": 1, "n_unmatched": 1, "share_matched": 0.5,
         "unmatched_sample": "555", "n_after_last_wave": 0},
        {"side": "loans", "n_ids": 2, "n_matched": 1, "n_unmatched": 1, "share_matched": 0.5,
         "unmatched_sample": "012", "n_after_last_wave": 0},  # all lent before 2024
    ]  # fmt: skip


def test_survey_and_loans_identified_by_nik_link_through_their_pseudonyms() -> None:
    s, _ = survey("NIK,tahun,pendapatan\n3509123412341234,2021,1\n3509123412341234,2023,2\n")
    ledger, _ = loans("nik,no_pinjaman,tanggal,pokok\n3509123412341234,L1,2022-01-05,500000\n")
    assert link_datasets(s, ledger)["n_unmatched"].tolist() == [0, 0]


# ---------------------------------------------------------------------------------------
# The report itself


def test_the_report_is_json_safe_and_bilingual() -> None:
    _, report = survey("member_id;wave;income\n1;2021;Rp 1.500.000\n1;2023;x\n1;2025;3\n")
    d = json.loads(json.dumps(report.to_dict()))
    assert d["problem_counts"] == {"missing_required": 1, "unparseable_number": 1}
    assert d["waves"] == [2021, 2025] and d["can_analyse"] is True
    en, id_ = report.summary_lines("en"), report.summary_lines("id")
    assert any("Problems: 2" in line for line in en)
    assert any("Masalah: 2" in line for line in id_)
    assert safe_csv_bytes(report.problems).startswith(b"\xef\xbb\xbfrow,line,column")


def test_to_dict_cuts_the_problem_list_but_counts_everything() -> None:
    rows = "".join(f"{i},2021,x\n{i},2023,1\n" for i in range(50))
    _, report = survey("member_id,wave,income\n" + rows)
    d = report.to_dict(max_problems=10)
    assert len(d["problems"]) == 10 and d["n_problems"] == 100


def test_source_types_other_than_path_or_bytes_are_a_programming_error() -> None:
    with pytest.raises(TypeError):
        load_survey(123)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="number style"):
        load_survey(BASE.encode(), number_styles={"income": "roman"})  # type: ignore[dict-item]


@pytest.mark.parametrize(
    ("cell", "shown"),
    [
        ("Rp 0812-3456-7890x", "Rp [masked]x"),  # a phone typed inside an income cell
        ("NIK 3509194501900001?", "NIK [masked]?"),  # a 16-digit NIK inside a cell
        ("sejuta", "sejuta"),  # no identifier: shown as written
    ],
)
def test_identifiers_inside_a_bad_cell_are_masked_in_problems(cell: str, shown: str) -> None:
    csv = f"member_id,wave,income\nA1,2021,1000000\nA1,2023,1200000\nA2,2023,{cell}\n"
    report = load_survey(csv.encode()).report
    values = report.problems.loc[report.problems["column"] == "income", "value"]
    assert report.can_analyse and set(values) == {shown}  # unreadable, then row excluded
    assert "0812" not in json.dumps(report.to_dict()) and "3509194501900001" not in str(values)


def test_the_loader_is_a_short_list_of_named_stages() -> None:
    from analysis.ingest import loaders

    assert [s.__name__ for s in loaders._STAGES] == [
        "_ragged",
        "_platform",
        "_layout",
        "_mapping",
        "_value_labels",
        "_identifiers",
        "_fields",
        "_extras",
        "_text_identifiers",
        "_loan_consistency",
        "_required",
        "_duplicate_keys",
    ]


def test_a_stage_runs_alone_on_the_shared_work() -> None:
    # The layout stage by itself: a wide file of 2 members x 2 waves becomes 4 long rows,
    # each remembering the file row it came from (0, 0, 1, 1), as the problem list needs.
    import numpy as np

    from analysis.ingest import loaders
    from analysis.ingest.readers import read_raw

    raw = read_raw(b"member_id,income_2021,income_2023\nA,100,150\nB,200,260\n")
    st = loaders._State("survey", {}, {}, None)
    n = len(raw.frame)
    w = loaders._Work(st, raw, None, raw.frame, np.arange(n), np.zeros(n, dtype=bool))
    loaders._platform(w)
    loaders._layout(w)
    assert w.layout is not None and len(w.df) == 4
    assert sorted(w.src_rows.tolist()) == [0, 0, 1, 1]
    assert w.excluded.tolist() == [False] * 4
    raw.close()


def test_an_extra_column_of_three_decimal_measurements_stays_decimal() -> None:
    # 1.234 alone could be Indonesian thousands; 0.512 in the same column proves decimals
    data, _ = survey("member_id,wave,income,x\n1,2021,100,1.234\n1,2023,200,0.512\n")
    assert data["x"].tolist() == [1.234, 0.512]
    data, _ = survey("member_id,wave,income,x\n1,2021,100,1.500\n1,2023,200,2.000\n")
    # only thousands-looking cells: 1.5 or 1500? An extra column is never guessed: kept as text
    assert data["x"].tolist() == ["1.500", "2.000"]
