"""Coded excerpts and their codebook (issue 13): the loader's bad-input treatment, the masking
of identifiers written into an excerpt, and the data-display matrices.

Every expected count is read off the small files written inline in each test.
"""

from __future__ import annotations

import codecs

import pandas as pd
import pytest

from analysis import Indicator, load_survey, load_voices, make_config, members_by_numbers
from analysis.ingest.privacy import MASK, mask_text_identifiers
from analysis.ingest.voices import PROBLEM_COLUMNS, VOICE_COLUMNS
from analysis.methods.voices import (
    case_by_theme,
    excerpts_for,
    theme_by_subgroup,
    theme_summary,
    themes_over_waves,
)

KEY = b"a test pseudonym key, 16+ chars"

BOOK = (
    "code,label,description,parent\n"
    "DEC_OWN,Deciding herself,She decides,deciding\n"
    "VOICE_MEET,Speaking at meetings,Speaks up,voice\n"
    "VOICE_SHY,Reluctant to speak,Quiet,voice\n"
)
EXCERPTS = (
    "respondent_id,wave,date,source,code,excerpt,sentiment\n"
    "A1,2021,2021-03-01,interview,DEC_OWN,Saya yang atur uang usaha.,positive\n"
    "A1,2023,2023-03-01,wawancara,VOICE_MEET,Saya berani usul di rapat.,positive\n"
    "A2,2021,2021-04-02,fgd,VOICE_SHY,Saya diam saja.,negative\n"
    "A2,2023,2023-04-02,observation,VOICE_MEET,Dia memimpin diskusi.,positive\n"
    "A3,2023,2023-05-03,document,DEC_OWN,Catatan keuangan atas namanya.,neutral\n"
)
SURVEY = (
    "member_id,wave,income,in_program,cooperative_id\n"
    "A1,2021,1000000,1,Kopwan Gama\nA1,2023,1500000,1,Kopwan Gama\n"
    "A2,2021,1200000,1,Kopwan Mawar\nA2,2023,1100000,1,Kopwan Mawar\n"
    "A3,2021,900000,0,Kopwan Mawar\nA3,2023,950000,0,Kopwan Mawar\n"
)


def voices(data: str | bytes, book: str | bytes | None = BOOK, survey: str | None = None):
    """Load excerpts (text UTF-8 encoded) with the codebook and the survey, test key."""
    raw = data.encode("utf-8") if isinstance(data, str) else data
    cb = book.encode("utf-8") if isinstance(book, str) else book
    sv = load_survey(SURVEY.encode() if survey is None else survey.encode(), pseudonym_key=KEY)
    return load_voices(raw, cb, sv, pseudonym_key=KEY)


def problems(loaded, code: str) -> pd.DataFrame:
    p = loaded.report.problems
    return p[p["code"] == code].reset_index(drop=True)


# ---------------------------------------------------------------------------------------
# reading: encodings and delimiters, as the survey loader reads them

READ_CASES = [
    # (raw bytes, encoding reported, delimiter reported)
    pytest.param(EXCERPTS.encode(), "utf-8", ",", id="plain UTF-8"),
    pytest.param(codecs.BOM_UTF8 + EXCERPTS.encode(), "utf-8-sig", ",", id="UTF-8 with BOM"),
    pytest.param(EXCERPTS.encode("utf-16"), "utf-16", ",", id="UTF-16 with BOM"),
    pytest.param(EXCERPTS.replace(",", ";").encode(), "utf-8", ";", id="semicolons"),
    pytest.param(EXCERPTS.replace(",", "\t").encode(), "utf-8", "\t", id="tabs"),
]


@pytest.mark.parametrize(("raw", "encoding", "delimiter"), READ_CASES)
def test_excerpts_read_in_any_encoding_and_delimiter_give_the_same_rows(raw, encoding, delimiter):
    loaded = voices(raw)
    assert loaded.report.can_analyse
    assert (loaded.report.encoding, loaded.report.delimiter) == (encoding, delimiter)
    # the five rows of EXCERPTS, none with a problem
    assert loaded.report.n_rows_kept == 5
    assert loaded.data["code"].tolist() == [
        "DEC_OWN", "VOICE_MEET", "VOICE_SHY", "VOICE_MEET", "DEC_OWN",
    ]  # fmt: skip
    assert loaded.report.problems.empty


def test_a_windows_1252_file_keeps_its_accents():
    text = EXCERPTS.replace("Saya diam saja.", "Saya diam saja di café.")
    loaded = voices(text.encode("cp1252"))
    assert loaded.report.can_analyse
    assert "café" in loaded.data["excerpt"].tolist()[2]


def test_indonesian_headers_are_recognised():
    text = EXCERPTS.replace(
        "respondent_id,wave,date,source,code,excerpt,sentiment",
        "id_responden,gelombang,tanggal,sumber,kode,kutipan,sentimen",
    )
    loaded = voices(text)
    assert loaded.report.can_analyse and loaded.report.n_rows_kept == 5
    assert loaded.report.mapping["excerpt"] == "kutipan"


def test_source_synonyms_are_normalised():
    loaded = voices(EXCERPTS)
    # wawancara -> interview, fgd -> focus group (rows 2 and 3 of EXCERPTS)
    assert loaded.data["source"].tolist() == [
        "interview", "interview", "focus group", "observation", "document",
    ]  # fmt: skip


def test_a_file_without_the_excerpt_column_cannot_be_analysed_and_says_which():
    loaded = voices("respondent_id,code\nA1,DEC_OWN\n")
    assert not loaded.report.can_analyse
    assert "excerpt" in loaded.report.errors[0].en
    assert list(loaded.data.columns) == list(VOICE_COLUMNS) and loaded.data.empty


def test_an_empty_file_cannot_be_analysed():
    assert not voices(b"").report.can_analyse


# ---------------------------------------------------------------------------------------
# problems: one row per cell with row, column and value


BAD_ROWS = [
    # (excerpt row appended to EXCERPTS, problem code, column, value, row kept?)
    pytest.param("A1,2023,,interview,DEC_OWN,,positive", "empty_excerpt", "excerpt", "", False,
                 id="empty excerpt: left out"),
    pytest.param("A1,2023,,interview,,Tanpa kode.,positive", "missing_code", "code", "", False,
                 id="missing code: left out"),
    pytest.param("A1,2023,,interview,MKT_NEW,Kode baru.,positive", "unknown_code", "code",
                 "MKT_NEW", True, id="code not in the codebook: kept"),
    pytest.param(",2023,,interview,DEC_OWN,Siapa?,positive", "missing_respondent",
                 "respondent_id", "", False, id="no respondent: left out"),
    pytest.param("Z9,2023,,interview,DEC_OWN,Bukan anggota.,positive", "unknown_respondent",
                 "respondent_id", "Z9", True, id="respondent not in the survey: kept"),
    pytest.param("A1,2019,,interview,DEC_OWN,Gelombang lain.,positive", "unknown_wave", "wave",
                 "2019", True, id="wave not in the survey: kept"),
    pytest.param("A1,2023,,radio,DEC_OWN,Dari radio.,positive", "unknown_source", "source",
                 "radio", True, id="unknown source: kept as written"),
    pytest.param("A1,2023,kemarin,interview,DEC_OWN,Tanggal aneh.,positive", "bad_date", "date",
                 "kemarin", True, id="unreadable date: set missing"),
]  # fmt: skip


@pytest.mark.parametrize(("line", "code", "column", "value", "kept"), BAD_ROWS)
def test_each_bad_cell_is_listed_with_its_row_column_and_value(line, code, column, value, kept):
    loaded = voices(EXCERPTS + line + "\n")
    found = problems(loaded, code)
    assert list(loaded.report.problems.columns) == list(PROBLEM_COLUMNS)
    assert len(found) == 1
    rec = found.iloc[0]
    # the appended row is the 6th data row, on line 7 of the file (line 1 is the header)
    assert (rec["file"], rec["row"], rec["line"], rec["column"], rec["value"]) == (
        "excerpts", 6, 7, column, value,
    )  # fmt: skip
    assert rec["message_en"] and rec["message_id"]
    assert loaded.report.n_rows_read == 6
    assert loaded.report.n_rows_kept == (6 if kept else 5)


def test_codebook_rows_without_a_code_or_repeated_are_listed():
    book = BOOK + ",No code,,x\nDEC_OWN,Again,,deciding\n"
    loaded = voices(EXCERPTS, book)
    found = loaded.report.problems
    found = found[found["file"] == "codebook"]
    # the 4th and 5th codebook rows (lines 5 and 6)
    assert found[["row", "line", "code"]].values.tolist() == [
        [4, 5, "missing_code"], [5, 6, "duplicate_code"],
    ]  # fmt: skip
    assert loaded.codebook["code"].tolist() == ["DEC_OWN", "VOICE_MEET", "VOICE_SHY"]
    assert loaded.codebook["label"].tolist()[0] == "Deciding herself"  # the first row wins


def test_without_a_codebook_no_code_is_unknown():
    loaded = voices(EXCERPTS + "A1,2023,,interview,MKT_NEW,Kode baru.,positive\n", None)
    assert problems(loaded, "unknown_code").empty
    assert loaded.codebook.empty


# ---------------------------------------------------------------------------------------
# privacy


IDENTIFIER_CASES = [
    # (text in an excerpt, what it must become)
    pytest.param("NIK saya 3509123412341234 ya", f"NIK saya {MASK} ya", id="NIK"),
    pytest.param("NIK 3509 1234 1234 1234.", f"NIK {MASK}.", id="NIK with spaces"),
    pytest.param("hubungi 0812-3456-7890", f"hubungi {MASK}", id="phone with dashes"),
    pytest.param("WA +62 812 3456 7890 saja", f"WA {MASK} saja", id="phone +62"),
    pytest.param("Omzet Rp 1.500.000 pada 2022-07-14", "Omzet Rp 1.500.000 pada 2022-07-14",
                 id="money and dates untouched"),
    pytest.param("Rp 15.000.000.000.000.000", "Rp 15.000.000.000.000.000",
                 id="a 17-digit amount is not a NIK"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "expected"), IDENTIFIER_CASES)
def test_a_nik_or_phone_number_inside_an_excerpt_is_masked(text, expected):
    line = f'A1,2023,,interview,DEC_OWN,"{text}",positive\n'
    loaded = voices(EXCERPTS + line)
    assert loaded.data["excerpt"].iloc[-1] == expected
    assert loaded.report.n_masked == (0 if text == expected else 1)


def test_masking_keeps_missing_texts_missing():
    masked, changed = mask_text_identifiers(pd.Series(["tel 081234567890", None]))
    assert masked.iloc[0] == f"tel {MASK}" and pd.isna(masked.iloc[1])
    assert changed.tolist() == [True, False]


def test_a_problem_value_holding_a_phone_number_is_masked_in_the_report():
    loaded = voices(EXCERPTS + "A1,2023,,0812-3456-7890,DEC_OWN,Sumber aneh.,positive\n")
    assert problems(loaded, "unknown_source")["value"].tolist() == [MASK]
    assert "0812" not in loaded.report.problems.to_csv()


def test_nik_respondent_ids_get_the_survey_loaders_pseudonyms_and_still_join():
    niks = {"A1": "3509123412341234", "A2": "3509123412345678", "A3": "3509876543210000"}

    def as_niks(text: str) -> str:
        for member, nik in niks.items():
            text = text.replace(f"{member},", f"{nik},")
        return text

    survey = as_niks(SURVEY)
    loaded = voices(as_niks(EXCERPTS), survey=survey)
    members = load_survey(survey.encode(), pseudonym_key=KEY).data["member_id"]
    # no NIK is left; every excerpt's id is one of the survey's pseudonyms
    assert [n for n in niks.values() if n in loaded.data.to_csv()] == []
    assert set(loaded.data["member_id"]) <= set(members)
    assert problems(loaded, "unknown_respondent").empty


# ---------------------------------------------------------------------------------------
# data display


def test_theme_summary_counts_excerpts_and_respondents_per_code():
    summary = theme_summary(voices(EXCERPTS)).set_index("code")
    # DEC_OWN: rows 1 (A1) and 5 (A3); VOICE_MEET: rows 2 (A1), 4 (A2); VOICE_SHY: row 3 (A2)
    assert summary.loc["DEC_OWN", ["n_excerpts", "n_respondents"]].tolist() == [2, 2]
    assert summary.loc["VOICE_MEET", ["n_excerpts", "n_respondents"]].tolist() == [2, 2]
    assert summary.loc["VOICE_SHY", ["n_excerpts", "n_respondents"]].tolist() == [1, 1]
    assert summary.loc["VOICE_SHY", "parent"] == "voice"


def test_case_by_theme_by_cooperative_groups_members_into_their_cooperative():
    loaded = voices(EXCERPTS)
    sv = load_survey(SURVEY.encode(), pseudonym_key=KEY).data
    m = case_by_theme(loaded, "cooperative_id", survey=sv, theme="parent")
    cells = {(r.case, r.theme): r.n_excerpts for r in m.itertuples()}
    # Gama = A1: deciding 1, voice 1; Mawar = A2 (voice 2) and A3 (deciding 1)
    assert cells == {
        ("Kopwan Gama", "deciding"): 1, ("Kopwan Gama", "voice"): 1,
        ("Kopwan Mawar", "deciding"): 1, ("Kopwan Mawar", "voice"): 2,
    }  # fmt: skip


def test_theme_by_subgroup_and_over_waves_count_the_same_excerpts():
    loaded = voices(EXCERPTS)
    sv = load_survey(SURVEY.encode(), pseudonym_key=KEY).data
    sub = theme_by_subgroup(loaded, sv, "in_program", theme="parent")
    # program (A1, A2): deciding 1, voice 3; comparison (A3): deciding 1
    assert sub["n_excerpts"].sum() == 5
    prog = sub[sub["level"].astype(str).isin(["1", "1.0"])].set_index("theme")
    assert prog["n_excerpts"].to_dict() == {"deciding": 1, "voice": 3}
    waves = themes_over_waves(loaded)
    # 2021: rows 1 and 3; 2023: rows 2, 4 and 5
    assert waves.groupby("wave")["n_excerpts"].sum().to_dict() == {2021: 2, 2023: 3}


def test_excerpts_for_a_subgroup_of_members_and_a_theme():
    loaded = voices(EXCERPTS)
    out = excerpts_for(loaded, members=["A2"], themes=["voice"])
    # A2's rows 3 and 4, both under the parent theme "voice"
    assert out["excerpt"].tolist() == ["Saya diam saja.", "Dia memimpin diskusi."]
    assert excerpts_for(loaded, codes=["DEC_OWN"], waves=[2023])["member_id"].tolist() == ["A3"]


# ---------------------------------------------------------------------------------------
# the link to the numbers


def test_excerpts_for_a_subgroup_level_read_from_the_survey():
    loaded = voices(EXCERPTS)
    sv = load_survey(SURVEY.encode(), pseudonym_key=KEY).data
    out = excerpts_for(loaded, survey=sv, by="cooperative_id", levels=["Kopwan Gama"])
    # Kopwan Gama is A1's cooperative: A1's rows 1 and 2
    assert out["member_id"].tolist() == ["A1", "A1"]


def _with_items() -> pd.DataFrame:
    """SURVEY with two items (config below): A1 and A3 adequate in both at 2023 only, A2
    adequate in both at 2021 only."""
    sv = load_survey(SURVEY.encode(), pseudonym_key=KEY).data
    rows = {("A1", 2021): 1, ("A1", 2023): 5, ("A2", 2021): 5, ("A2", 2023): 1,
            ("A3", 2021): 2, ("A3", 2023): 4}  # fmt: skip
    score = [rows[(m, int(w))] for m, w in zip(sv["member_id"], sv["wave"], strict=True)]
    return sv.assign(emp_a=score, emp_b=score)


CONFIG = make_config(1.0, [Indicator("emp_a", "d", 0.5, 4), Indicator("emp_b", "d", 0.5, 4)])

GROUPS = [
    # (group, members) read off SURVEY's incomes and _with_items' answers
    pytest.param("income_fell", ["A2"], id="A2: 1,200,000 -> 1,100,000"),
    pytest.param("income_rose", ["A1", "A3"], id="A1 and A3 earned more in 2023"),
    pytest.param("empowered_after", ["A1", "A3"], id="answers 5 and 4 at 2023"),
    pytest.param("disempowered_after", ["A2"], id="A2 answers 1 at 2023"),
    pytest.param("became_empowered", ["A1", "A3"], id="disempowered 2021, empowered 2023"),
    pytest.param("stayed_disempowered", [], id="nobody disempowered at both"),
]


@pytest.mark.parametrize(("group", "expected"), GROUPS)
def test_members_by_numbers(group, expected):
    got = members_by_numbers(_with_items(), group, 2021, 2023, CONFIG)
    assert got.tolist() == expected
