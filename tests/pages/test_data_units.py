"""The Data page for a researcher's own study (issue 9): workbooks and statistics files, a
sheet choice, wide pairs mapped by hand, units of money, the program flag's own values, the
choices as a mapping file the command line reads, the rows-lost banner and the progress shown
while reading. Driven through AppTest by widget key, as a browser would."""

from __future__ import annotations

import io

import pandas as pd
import pytest

from tests.pages.conftest import ROOT, as_editor
from ui import state
from ui.format import md_escape
from ui.i18n import t

DATA = "pages/2_data.py"
INCOME = "pages/3_income.py"


@pytest.fixture(autouse=True)
def _editing(editing_on):
    """Uploading is for editors (issue 14): every test here signs in."""


def usd_frame(members: int = 30, header: str = "Untung {year} (USD)") -> pd.DataFrame:
    """One row per member, a column of dollar earnings with cents per wave (seeded), and a
    program column written with two words of the study's own."""
    rng = __import__("random").Random(42)
    return pd.DataFrame(
        {
            "No Anggota": [f"{i:03d}" for i in range(members)],
            "Kelompok": ["Kelompok A" if i % 3 else "Kelompok B" for i in range(members)],
            header.format(year=2021): [round(rng.uniform(150, 400), 2) for _ in range(members)],
            header.format(year=2023): [round(rng.uniform(200, 500), 2) for _ in range(members)],
        }
    )


def xlsx(*sheets: tuple[str, pd.DataFrame]) -> bytes:
    """A workbook with the given sheets, written by pandas (openpyxl)."""
    out = io.BytesIO()
    with pd.ExcelWriter(out, engine="openpyxl") as writer:
        for name, frame in sheets:
            frame.to_excel(writer, sheet_name=name, index=False)
    return out.getvalue()


def _upload(at, data: bytes, name: str, kind: str = "survey"):
    as_editor(at)
    at.file_uploader(key=f"data_{kind}_upload").set_value((name, data, "application/octet-stream"))
    return at.run()


def _press(at, label_key: str):
    next(b for b in at.get("button") if b.label == t(label_key, "en")).click().run()
    return at


def _add_pair(at, field: str, wave: str, column: str):
    at.selectbox(key="data_survey_pair_field").set_value(field)
    at.text_input(key="data_survey_pair_wave").input(wave)
    at.selectbox(key="data_survey_pair_column").set_value(column)
    return _press(at, "data_pair_add")


def _flag_from_kelompok(at):
    """The Kelompok column read as the program flag (not as the group) with its two words."""
    at.selectbox(key="data_survey_map_group_id").set_value("")
    at.selectbox(key="data_survey_map_in_program").set_value("Kelompok")
    at.text_input(key="data_survey_flag_1").input("Kelompok A")
    at.text_input(key="data_survey_flag_0").input("Kelompok B")
    return _press(at, "data_apply")


def _report(at):
    return at.session_state[state.VIEW_KEY].dataset.survey_loaded.report


def _usd_by_hand(app, open_page, book: bytes | None = None):
    """The USD workbook uploaded, its wide pair mapped by hand and its unit set to USD."""
    book = book or xlsx(("Data", usd_frame()))
    at = _upload(open_page(app, DATA), book, "laba.xlsx")
    _add_pair(at, "income", "2021", "Untung 2021 (USD)")
    _add_pair(at, "income", "2023", "Untung 2023 (USD)")
    at.selectbox(key="data_survey_unit_income").set_value("USD")
    return _press(at, "data_apply")


def test_the_uploaders_take_workbooks_statistics_files_and_parquet(app, open_page):
    at = as_editor(open_page(app, DATA))
    for kind in ("survey", "loans"):
        accepted = set(at.file_uploader(key=f"data_{kind}_upload").proto.type)
        assert {".csv", ".xlsx", ".xls", ".ods", ".dta", ".sav", ".parquet"} <= accepted


def test_a_million_member_survey_and_ledger_each_fit_the_upload_limit():
    # bytes per member of the committed demo (600 members, 3 waves; the generator of
    # bench/results/store.md, where 1,000,000 members take 692 MiB together), with a fifth
    # more for longer ids and names
    for path in (state.DEMO_SURVEY, state.DEMO_LOANS):
        per_member = path.stat().st_size / 600
        assert per_member * 1_000_000 * 1.2 < state.MAX_UPLOAD_MB * 2**20


def test_a_wide_pair_mapped_by_hand_with_its_unit_reaches_the_income_page_in_dollars(
    app, open_page, shown_text
):
    at = _usd_by_hand(app, open_page)
    assert not at.exception
    report = _report(at)
    assert report.can_analyse and report.units["income"] == "USD"
    assert report.waves == (2021, 2023)
    # the editor no longer says income is not in the file: it names the columns per wave
    income = at.selectbox(key="data_survey_map_income")
    assert income.format_func(income.value).startswith("(one column per wave")
    wave = at.selectbox(key="data_survey_map_wave")  # no column "wave" offered: none is there
    assert wave.format_func(wave.value) == t("data_waves_from_columns", "en")
    assert "wave" not in wave.options
    at.switch_page(INCOME).run()
    assert not at.exception
    text = shown_text(at) + "".join(c.proto.spec for c in at.get("plotly_chart"))
    assert "USD" in text
    assert "Rp" not in text and "IDR" not in text
    # the Indonesian CPI deflates rupiah only: no "real" dollars
    assert any("deflates rupiah, and this income is in USD" in i.value for i in at.info)
    # the plain-language summary and the cards of the Overview too
    for page in ("pages/1_overview.py", "pages/5_drivers.py"):
        at.switch_page(page).run()
        text = shown_text(at)
        assert "Rp" not in text and "IDR" not in text, page
        assert "USD" in text or page.endswith("drivers.py")  # no capital: no regressions


def test_the_loaders_unit_question_is_answered_in_the_editor(app, open_page):
    # "Laba 2021 (USD)" is paired automatically, but cents in every cell: the loader asks
    frame = usd_frame(header="Laba {year} (USD)")
    at = _upload(open_page(app, DATA), xlsx(("Data", frame)), "laba.xlsx")
    assert not _report(at).can_analyse
    question = at.selectbox(key="data_survey_map_question_0")
    assert question.options[1:] == [
        "IDR",
        "USD",
        "number (score, index)",
        "log (natural log of an amount)",
    ]
    question.set_value("USD")
    _press(at, "data_apply")
    assert _report(at).can_analyse and _report(at).units == {"income": "USD"}


def test_a_number_outcome_is_written_without_a_currency(app, open_page, shown_text):
    at = _usd_by_hand(app, open_page)
    at.selectbox(key="data_survey_unit_income").set_value("number")
    _press(at, "data_apply")
    assert _report(at).units["income"] == "number"
    at.switch_page(INCOME).run()
    text = shown_text(at) + "".join(c.proto.spec for c in at.get("plotly_chart"))
    assert [c for c in ("Rp", "IDR", "USD") if c in text] == []


def test_the_program_flags_own_two_values_are_read_as_one_and_zero(app, open_page):
    at = _usd_by_hand(app, open_page)
    _flag_from_kelompok(at)
    assert not at.exception
    frame = at.session_state[state.VIEW_KEY].dataset.survey
    # members 1, 2, 4, 5, ... are Kelompok A: 20 of 30
    assert frame.groupby("in_program")["member_id"].nunique().to_dict() == {0: 10, 1: 20}


def test_the_downloaded_mapping_file_gives_the_command_line_the_same_load_report(
    app, open_page, downloaded, tmp_path
):
    from analysis.cli import build_parser, main
    from analysis.cli.inputs import read_cli_inputs
    from analysis.ingest.loaders import load_survey

    book = xlsx(("Data", usd_frame()))  # one workbook: each writing has its own timestamps
    at = _usd_by_hand(app, open_page, book)
    _flag_from_kelompok(at)
    toml = tmp_path / "berdaya_mapping.toml"
    toml.write_text(downloaded(at, t("data_mapping_download", "en")), encoding="utf-8")
    survey = tmp_path / "laba.xlsx"
    survey.write_bytes(book)
    # what `python -m analysis report laba.xlsx --mapping berdaya_mapping.toml` loads
    args = build_parser().parse_args(["report", str(survey), "--mapping", str(toml)])
    inputs = read_cli_inputs(args)
    cli = load_survey(survey.read_bytes(), inputs.survey_map or None, **inputs.options).report
    page = _report(at)
    assert cli.to_dict(None) == page.to_dict(None)
    assert (
        main(["report", str(survey), "--mapping", str(toml), "-o", str(tmp_path / "r.json")]) == 0
    )


def test_the_mapping_file_holds_every_kind_of_choice():
    choices = state.Choices(
        mapping=(("income@2021", 'Laba "2021"'), ("member_id", "No Anggota"), ("group_id", "")),
        number_styles=(("Jam", "dot_thousands"),),
        date_format="%d/%m/%Y",
        units=(("income", "USD"),),
        values=(("in_program", (("Kelompok A", 1), ("Kelompok B", 0))),),
        sheet="Data 2023",
    )
    from analysis.ingest.mapping import read_load_options, read_mapping

    path = __import__("pathlib").Path(ROOT / "test-artifacts")
    path.mkdir(exist_ok=True)
    file = path / "mapping_round_trip.toml"
    file.write_text(state.choices_toml(choices, state.Choices(mapping=(("principal", "Pokok"),))))
    assert read_mapping(path=file) == {
        "member_id": "No Anggota",
        "group_id": "",
        "loans.principal": "Pokok",
        "income@2021": 'Laba "2021"',
    }
    opts = read_load_options(file)
    assert opts["units"] == {"income": "USD"} and opts["sheet"] == "Data 2023"
    assert opts["values"] == {"in_program": {"Kelompok A": 1, "Kelompok B": 0}}
    assert opts["number_styles"] == {"Jam": "dot_thousands"}
    assert opts["date_format"] == "%d/%m/%Y"


def test_another_sheet_of_a_workbook_is_read_when_named(app, open_page, shown_text):
    notes = pd.DataFrame({"Catatan": ["dibuat 2024"]})
    book = xlsx(("Catatan", notes), ("Data", usd_frame(header="Laba {year} (USD)")))
    at = _upload(open_page(app, DATA), book, "studi.xlsx")
    assert md_escape("other sheets (Data) were not read") in shown_text(at)
    at.text_input(key="data_survey_sheet").input("Data").run()
    assert md_escape("Read sheet 'Data'") in shown_text(at)
    assert _report(at).layout == "wide"
    # a name the workbook does not have is said, with the sheets it has
    at.text_input(key="data_survey_sheet").input("Data 2099").run()
    assert md_escape("no sheet 'Data 2099'; its sheets are 'Catatan', 'Data'") in shown_text(at)


def _survey_with_unreadable_incomes(bad: int) -> bytes:
    """The demo-like long CSV of 40 members x 2 waves with ``bad`` unreadable incomes."""
    lines = ["member_id,wave,income,in_program"]
    for i in range(40):
        for w, inc in ((2021, 1_500_000), (2023, 1_800_000 + 1000 * i)):
            cell = "n/a?" if len(lines) <= bad else str(inc)
            lines.append(f"{i:03d},{w},{cell},{int(i % 4 > 0)}")
    return ("\n".join(lines) + "\n").encode()


@pytest.mark.parametrize(
    ("bad", "banner"),
    [
        (4, True),  # 4 of 80 rows (5%) lost their income: above the 1% limit
        (0, False),  # nothing lost: no banner
    ],
)
def test_rows_lost_past_the_limit_are_told_above_every_analysis(app, open_page, bad, banner):
    at = _upload(open_page(app, DATA), _survey_with_unreadable_incomes(bad), "s.csv")
    for page in (INCOME, "pages/1_overview.py", "pages/6_loans.py"):
        at.switch_page(page).run()
        shown = [w.value for w in at.warning if "lost a value" in w.value]
        assert bool(shown) is banner
    if banner:
        assert shown[0].startswith("4 rows of the survey file (5.0%)")


def test_reading_an_upload_shows_its_stages_once(app, open_page, shown_text):
    at = as_editor(open_page(app, DATA))
    at.file_uploader(key="data_survey_upload").set_value(
        ("s.csv", _survey_with_unreadable_incomes(0), "text/csv")
    ).run()
    assert "Reading, mapping and checking the survey s\\.csv" in shown_text(at)
    at.run()  # cached now: no stages
    assert "Reading, mapping and checking" not in shown_text(at)


def _as_file(kind: str) -> bytes:
    """The USD survey (automatically paired headers) written as a workbook, a Stata file or
    Parquet, by pandas."""
    frame = usd_frame(header="Laba {year} (USD)")
    if kind == "xlsx":
        return xlsx(("Data", frame))
    out = io.BytesIO()
    if kind == "dta":
        frame.rename(
            columns=lambda c: c.replace(" ", "_").replace("(", "").replace(")", "")
        ).to_stata(out, write_index=False, version=118)
    else:
        frame.to_parquet(out, index=False)
    return out.getvalue()


@pytest.mark.parametrize(
    ("kind", "locale"),
    [
        ("xlsx", "id-ID"),  # an Excel workbook, the page in Indonesian
        ("dta", "en-US"),  # Stata 14+
        ("parquet", "en-US"),  # Parquet
    ],
)
def test_workbooks_statistics_files_and_parquet_load_with_their_unit(app, open_page, kind, locale):
    at = _upload(open_page(app, DATA, locale=locale), _as_file(kind), f"laba.{kind}")
    question = at.selectbox(key="data_survey_map_question_0")
    question.set_value("USD")
    next(
        b for b in at.get("button") if b.proto.is_form_submitter and "mapping" in b.proto.form_id
    ).click().run()
    assert not at.exception
    report = _report(at)
    assert report.can_analyse and report.n_rows_kept == 60 and report.units == {"income": "USD"}


def test_the_wave_order_question_is_answered_on_the_data_page(app, open_page) -> None:
    # issue 10: labels with no readable order ("kota", "desa") are a question; the Data page
    # answers it by choosing the waves earliest first, and the mapping file keeps the answer
    rows = ["member_id,wave,income"] + [
        f"M{i},{w},{100 + i + (20 if w == 'desa' else 0)}"
        for i in range(12)
        for w in ("kota", "desa")
    ]
    at = _upload(open_page(app, DATA), ("\n".join(rows) + "\n").encode(), "gelombang.csv")
    assert not _report(at).can_analyse
    at.multiselect(key="data_survey_wave_order").set_value(["kota", "desa"])
    _press(at, "data_apply")
    report = _report(at)
    assert report.can_analyse and report.waves == ("kota", "desa")
    # the mapping download writes the answer as the command line reads it
    text = state.choices_toml(state.Choices(wave_order=("kota", "desa")))
    assert 'wave_order = ["kota", "desa"]' in text
    from analysis.ingest.mapping import read_load_options

    path = ROOT / ".pytest-wave-order.toml"
    try:
        path.write_text(text, encoding="utf-8")
        assert read_load_options(path)["wave_order"] == ["kota", "desa"]
    finally:
        path.unlink(missing_ok=True)
