"""The Data page: uploads through the file uploader, the mapping editor, the validation report.

Uploads go through AppTest's ``file_uploader(...).set_value`` (supported by Streamlit 1.67's
AppTest), which runs the same ``on_change`` callback a browser upload does.
"""

from __future__ import annotations

import pytest

from tests.pages.conftest import PAGES, as_editor
from tests.pages.samples import excel_export
from ui.i18n import t

DATA = "pages/2_data.py"


@pytest.fixture(autouse=True)
def _editing(editing_on):
    """Uploading is for editors (issue 14): every test here may sign in."""


def _upload(at, data: bytes, *, kind: str = "survey", name: str = "ekspor_excel.csv"):
    as_editor(at)
    at.file_uploader(key=f"data_{kind}_upload").set_value((name, data, "text/csv")).run()
    return at


def _submit(at):
    next(b for b in at.get("button") if b.proto.is_form_submitter).click().run()
    return at


def test_an_uploaded_excel_export_replaces_the_demo_for_this_session(app, open_page):
    at = _upload(open_page(app, DATA), excel_export())
    assert not at.exception
    assert at.sidebar.warning == []  # no synthetic-data badge any more
    assert "ekspor\\_excel\\.csv" in at.sidebar.info[0].value
    assert at.sidebar.metric[0].value == "40"
    assert next(s.value for s in at.success).startswith("Ready to analyse: 80 rows kept")


def test_the_detected_format_is_shown_before_any_analysis(app, open_page):
    at = _upload(open_page(app, DATA), excel_export())
    detected = at.dataframe[0].value
    values = dict(zip(detected.iloc[:, 0], detected.iloc[:, 1], strict=True))
    assert values[t("data_encoding", "en")] == "utf-8-sig"
    assert values[t("data_delimiter", "en")] == t("delim_semicolon", "en")
    assert t("style_dot_thousands", "en") in values[t("data_numbers", "en")]


def _identifiers_everywhere() -> bytes:
    """The Excel export with NIKs as member numbers and a phone number typed into one
    income cell ("Rp 0812-3456-7890x"), besides the name, NIK and phone columns."""
    lines = excel_export().decode("utf-8-sig").split("\r\n")
    out = [lines[0]]
    for i, line in enumerate(lines[1:]):
        if line:
            cells = line.split(";")
            cells[0] = "3509" + cells[0].zfill(12)
            if i == 3:
                cells[2] = "Rp 0812-3456-7890x"
            out.append(";".join(cells))
    return ("\ufeff" + "\r\n".join(out) + "\r\n").encode("utf-8")


_IDENTIFIERS = ("Sri Rahayu", "3509123456789", "35090000", "081234567", "0812-3456")


@pytest.mark.parametrize("page", [page for page, _ in PAGES])
def test_names_nik_and_phones_never_reach_a_page(app, open_page, shown_text, page):
    at = _upload(open_page(app, DATA), _identifiers_everywhere())
    at.switch_page(page).run()
    assert not at.exception
    text = shown_text(at) + " ".join(str(o) for s in at.selectbox for o in s.options)
    assert [s for s in _IDENTIFIERS if s in text] == []


def test_the_validation_report_masks_a_phone_number_typed_into_a_cell(
    app, open_page, shown_text, downloaded
):
    at = _upload(open_page(app, DATA), _identifiers_everywhere())
    assert "Rp [masked]x" in shown_text(at)
    report = downloaded(at, t("data_problems_download", "en"))
    assert "Rp [masked]x" in report
    assert [s for s in _IDENTIFIERS if s in report] == []


def test_an_unrecognised_income_column_stops_analysis_until_it_is_mapped(app, open_page):
    at = _upload(open_page(app, DATA), excel_export(income_header="Hasil Usaha"))
    assert next(w.value for w in at.warning) == t(
        "data_missing_required", "en", fields="Net business income (monthly)"
    )
    # the engine's command-line advice (--map income=COLUMN) is not repeated here
    assert not any("map income" in m.value for m in at.markdown)
    # the other pages analyse nothing and say where to go
    at.switch_page("pages/1_overview.py").run()
    assert at.main.metric == []
    assert t("dataset_not_ready_page", "en") in [w.value for w in at.warning]
    # map the column in the editor (prefilled: 'not in my file') and apply
    at.switch_page(DATA).run()
    income = at.selectbox(key="data_survey_map_income")
    assert income.value == ""
    assert "Hasil Usaha" in income.options
    income.set_value("Hasil Usaha")
    _submit(at)
    assert not at.exception
    assert next(s.value for s in at.success).startswith("Ready to analyse")
    at.switch_page("pages/1_overview.py").run()
    assert at.main.metric[0].value == "30"  # 40 members, 30 of them in the program


def test_the_mapping_editor_is_prefilled_by_the_automatic_mapping(app, open_page):
    at = _upload(open_page(app, DATA), excel_export())
    assert at.selectbox(key="data_survey_map_member_id").value == "No Anggota"
    assert at.selectbox(key="data_survey_map_wave").value == "Tahun"
    assert at.selectbox(key="data_survey_map_income").value == "Pendapatan Bersih"
    assert at.selectbox(key="data_survey_map_cooperative_id").value == "Koperasi"


def test_the_validation_report_lists_problems_and_can_be_downloaded(app, open_page):
    bad = excel_export().replace(b"Rp 1.", b"Rp satu.", 1)  # one unreadable income
    at = _upload(open_page(app, DATA), bad)
    assert not at.exception
    assert any(m.value.startswith("**Validation report: 2 problems") for m in at.markdown)
    # the unreadable cell, with its row (2nd data row) and its raw value
    problems = next(df.value for df in at.dataframe if "Rp satu.614.000" in df.value.to_csv())
    assert "2" in problems.iloc[:, 0].astype(str).tolist()
    downloads = [d.label for d in at.get("download_button")]
    assert t("data_problems_download", "en") in downloads


def test_back_to_the_demo_data(app, open_page):
    at = _upload(open_page(app, DATA), excel_export())
    at.button(key="data_use_demo").click().run()
    assert at.sidebar.warning[0].value == t("synthetic_badge", "en")
    assert at.sidebar.metric[0].value == "600"


def test_two_sessions_never_see_each_others_uploads(app, open_page):
    from streamlit.testing.v1 import AppTest

    from tests.pages.conftest import ROOT

    first = _upload(open_page(app, DATA), excel_export())
    second = open_page(AppTest.from_file(str(ROOT / "app.py"), default_timeout=60), DATA)
    assert first.sidebar.metric[0].value == "40"
    assert second.sidebar.metric[0].value == "600"
    assert second.sidebar.warning[0].value == t("synthetic_badge", "en")
    # the second user uploads another file: each session keeps its own
    _upload(second, excel_export(members=24), name="lain.csv")
    first.run()
    assert first.sidebar.metric[0].value == "40"
    assert "ekspor\\_excel\\.csv" in first.sidebar.info[0].value
    assert second.sidebar.metric[0].value == "24"


def test_the_data_dictionary_lists_every_field_in_the_chosen_language(app, open_page):
    import analysis

    at = open_page(app, DATA, locale="id-ID")
    dictionary = at.dataframe[-1].value
    labels = set(dictionary[t("col_label", "id")])
    for kind in ("survey", "loans"):
        for f in analysis.fields(kind):
            assert f.label("id") in labels


def test_templates_are_offered_for_download(app, open_page):
    at = open_page(app, DATA)
    labels = [d.label for d in at.get("download_button")]
    assert "survey_long_template.csv" in labels
    assert "loans_template.csv" in labels


def test_an_uploaded_loans_ledger_feeds_the_loans_page(app, open_page):
    survey = excel_export()
    loans = ["loan_id;member_id;disbursed_on;principal;amount_repaid;outstanding;days_overdue"]
    for i in range(40):
        if i % 4:  # program members borrow
            loans.append(
                f"L{i:04d};{i:04d};2022-03-01;Rp 2.000.000;Rp 1.500.000;Rp 500.000;{i % 40}"
            )
    at = _upload(open_page(app, DATA), survey)
    at = _upload(at, ("\n".join(loans) + "\n").encode(), kind="loans", name="pinjaman.csv")
    assert not at.exception
    at.switch_page("pages/6_loans.py").run()
    assert not at.exception
    assert at.main.metric[0].value == "IDR 60M"  # 30 loans of Rp 2,000,000


def test_from_an_excel_export_with_a_fixed_mapping_to_a_regression_table(app, open_page):
    # the "done when": upload, fix the mapping, reach the regression table
    at = _upload(open_page(app, DATA, locale="id-ID"), excel_export(income_header="Hasil Usaha"))
    at.selectbox(key="data_survey_map_income").set_value("Hasil Usaha")
    _submit(at)
    at.switch_page("pages/5_drivers.py").run()
    at.text_input(key="drivers_formula").input("income_change ~ in_program")
    _submit(at)
    assert not at.exception
    table = at.dataframe[0].value
    assert t("model_custom", "id") in table.columns
    assert "N" in table.iloc[:, 0].tolist()


def test_a_changed_file_under_the_same_name_is_never_answered_from_the_cache(app, open_page):
    at = _upload(open_page(app, DATA), excel_export(members=40))
    assert at.sidebar.metric[0].value == "40"
    # same file name, other bytes: the cache is keyed on their sha256, not the name
    at = _upload(at, excel_export(members=36))
    assert at.sidebar.metric[0].value == "36"
    at.switch_page("pages/1_overview.py").run()
    assert at.main.metric[0].value == "27"  # 36 members, 27 of them in the program
