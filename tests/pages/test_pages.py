"""Every page renders on the demo data, in both languages, and responds to the sidebar."""

from __future__ import annotations

import pytest

from tests.pages.conftest import PAGES
from ui.i18n import t

LOCALES = [("en-US", "en"), ("id-ID", "id")]


#: Charts each page draws on the demo data (at least), and whether it offers CSV downloads.
CHARTS = {
    "pages/1_overview.py": 2,  # distribution, change by cooperative
    "pages/2_data.py": 0,
    "pages/3_income.py": 3,  # dumbbell, distributions, forest
    "pages/4_comparison.py": 2,  # trends, event study
    "pages/5_drivers.py": 3,  # coefficients, dose-response, residuals
    "pages/6_loans.py": 4,  # disbursements, ageing, cycles, PAR by cooperative
    "pages/7_method.py": 0,
    "pages/8_empowerment.py": 2,  # H, A and M0 by wave; contributions
    "pages/9_voices.py": 3,  # case by theme, theme by subgroup, themes over waves
}


@pytest.mark.parametrize(("locale", "lang"), LOCALES)
@pytest.mark.parametrize(("page", "title_key"), PAGES)
def test_every_page_renders_its_charts_and_downloads_in_both_languages(
    app, open_page, page, title_key, locale, lang
):
    at = open_page(app, page, locale=locale)
    assert not at.exception
    assert [e.value for e in at.error] == []
    assert at.title[0].value == t(title_key, lang)
    # the demo data is labelled synthetic on every page
    assert at.sidebar.warning[0].value == t("synthetic_badge", lang)
    assert len(at.get("plotly_chart")) >= CHARTS[page]
    labels = [d.label for d in at.get("download_button")]
    # tables come with a CSV download; the Data page offers its templates
    assert t("download_csv", lang) in labels or "survey_long_template.csv" in labels


def test_the_browser_locale_picks_the_language_and_the_sidebar_switch_overrides_it(app, open_page):
    at = open_page(app, "pages/1_overview.py", locale="id-ID")
    assert at.title[0].value == "Ringkasan"
    assert at.sidebar.segmented_control(key="sidebar_lang").value == "id"
    at.sidebar.segmented_control(key="sidebar_lang").set_value("en").run()
    assert at.title[0].value == "Overview"
    assert at.sidebar.metric[0].label == t("sidebar_members", "en")
    # the choice sticks when moving to another page
    at.switch_page("pages/3_income.py").run()
    assert at.title[0].value == t("page_income", "en")


def test_switching_language_changes_number_formats(app, open_page):
    at = open_page(app, "pages/1_overview.py", locale="en-US")
    english = [m.value for m in at.metric]
    at.sidebar.segmented_control(key="sidebar_lang").set_value("id").run()
    indonesian = [m.value for m in at.metric]
    assert any(v.startswith("+IDR ") for v in english)
    assert any(v.startswith("+Rp ") for v in indonesian)


def _metric(at, label: str) -> str:
    return next(m.value for m in at.metric if m.label == label)


def test_a_cooperative_filter_changes_the_members_and_the_numbers(app, open_page):
    at = open_page(app, "pages/1_overview.py")
    total = at.sidebar.metric[0].value
    mean_all = _metric(at, t("ov_mean", "en"))
    coop = at.sidebar.multiselect(key="sidebar_cooperative")
    coop.set_value([coop.options[0]]).run()
    assert not at.exception
    assert at.sidebar.metric[0].value != total
    assert _metric(at, t("ov_mean", "en")) != mean_all
    # clearing the filter brings the first numbers back (cached, same result)
    at.sidebar.multiselect(key="sidebar_cooperative").set_value([]).run()
    assert _metric(at, t("ov_mean", "en")) == mean_all


def test_choosing_a_kecamatan_limits_the_kelurahan_offered(app, open_page):
    at = open_page(app, "pages/1_overview.py")
    every = at.sidebar.multiselect(key="sidebar_kelurahan").options
    kec = at.sidebar.multiselect(key="sidebar_kecamatan")
    kec.set_value([kec.options[0]]).run()
    inside = at.sidebar.multiselect(key="sidebar_kelurahan").options
    assert 0 < len(inside) < len(every)


def test_waves_compared_can_be_changed(app, open_page):
    at = open_page(app, "pages/3_income.py")
    first = at.dataframe[0].value.to_csv()
    after = at.sidebar.selectbox(key="sidebar_after")
    assert len(after.options) == 3  # the demo's baseline, midline and endline
    after.set_value(after.options[1]).run()
    assert not at.exception
    assert at.dataframe[0].value.to_csv() != first


def test_waves_in_the_wrong_order_fall_back_to_first_and_last_with_a_warning(app, open_page):
    at = open_page(app, "pages/3_income.py")
    last = at.sidebar.selectbox(key="sidebar_before").options[-1]
    at.sidebar.selectbox(key="sidebar_before").set_value(last).run()
    assert not at.exception
    assert any(
        t("waves_invalid", "en", before=last, after=last)[:20] in w.value
        for w in at.sidebar.warning
    )


def test_real_income_changes_the_numbers_and_says_so(app, open_page):
    at = open_page(app, "pages/1_overview.py")
    nominal = _metric(at, t("ov_mean", "en"))
    at.sidebar.radio(key="sidebar_basis").set_value("real").run()
    assert not at.exception
    assert _metric(at, t("ov_mean", "en")) != nominal
    assert any("constant prices" in m.value for m in at.markdown)


def test_a_view_under_the_small_cell_threshold_shows_no_mean(app, open_page, monkeypatch):
    # a threshold above the demo's 600 members makes every view "small"
    monkeypatch.setenv("BERDAYA_SMALL_CELL_MIN", "100000")
    at = open_page(app, "pages/1_overview.py")
    assert not at.exception
    assert [m.label for m in at.main.metric] == []
    assert t("small_view", "en", n=600, threshold=100000) in [w.value for w in at.warning]


def test_small_subgroups_are_suppressed_in_tables(app, open_page, monkeypatch):
    # 150 members: some cooperatives of the demo (20-150 members) fall below it
    monkeypatch.setenv("BERDAYA_SMALL_CELL_MIN", "60")
    at = open_page(app, "pages/1_overview.py")
    assert not at.exception
    assert any(t("suppressed_rows", "en", threshold=60) == c.value for c in at.caption)


def test_the_model_builder_fits_a_typed_formula(app, open_page):
    at = open_page(app, "pages/5_drivers.py")
    at.text_input(key="drivers_formula").input("income_change ~ capital + age")
    submit = [b for b in at.get("button") if b.proto.is_form_submitter]
    submit[0].click().run()
    assert not at.exception
    assert any(c.value == "income_change ~ capital + age" for c in at.code)


def test_a_formula_that_cannot_be_fitted_gets_a_translated_message(app, open_page):
    at = open_page(app, "pages/5_drivers.py", locale="id-ID")
    at.text_input(key="drivers_formula").input("income_change ~ no_such_column")
    next(b for b in at.get("button") if b.proto.is_form_submitter).click().run()
    assert not at.exception
    assert any(e.value.startswith("Model tidak dapat diestimasi") for e in at.error)


def _share_caption(lang: str) -> str:
    """The caption under the demo's "incomes that rose" card: the Wilson interval of the
    share of program members whose income rose 2021 -> 2023, computed here from the CSV with
    pandas and statsmodels' proportion_confint (not the engine)."""
    import pandas as pd
    from statsmodels.stats.proportion import proportion_confint

    from tests.pages.conftest import ROOT
    from ui import format as fmt

    demo = pd.read_csv(ROOT / "data" / "synthetic_survey.csv")
    members = demo[demo["in_program"] == 1]
    wide = members.pivot_table(index="member_id", columns="wave", values="income").dropna(
        subset=[2021, 2023]
    )
    rose = int((wide[2023] > wide[2021]).sum())
    low, high = proportion_confint(rose, len(wide), alpha=0.05, method="wilson")
    ci = fmt.interval(low, high, lang, share=True)
    return t("ov_share_ci", lang, ci=ci, n=fmt.number(len(wide), lang))


@pytest.mark.parametrize(("locale", "lang"), LOCALES)
def test_the_share_whose_income_rose_comes_with_its_wilson_interval(app, open_page, locale, lang):
    at = open_page(app, "pages/1_overview.py", locale=locale)
    assert _share_caption(lang) in [c.value for c in at.main.caption]
    # the income page lists both bounds
    at.switch_page("pages/3_income.py").run()
    rows = at.dataframe[0].value.iloc[:, 0].tolist()
    assert t("col_share_improved_ci_low", lang) in rows
    assert t("col_share_improved_ci_high", lang) in rows


def _table_with(at, header: str):
    return next(df.value for df in at.dataframe if header in df.value.columns)


def test_driver_diagnostics_and_capital_bands_read_in_indonesian(app, open_page):
    at = open_page(app, "pages/5_drivers.py", locale="id-ID")
    assert not at.exception
    resid = _table_with(at, t("col_value", "id"))
    assert t("resid_q1", "id") in resid.iloc[:, 0].tolist()
    vif = _table_with(at, t("col_vif", "id"))
    assert t("term_capital_m", "id") in vif.iloc[:, 0].tolist()
    bands = _table_with(at, t("col_band", "id"))
    assert "(2,5 jt, 5 jt]" in bands.iloc[:, 0].tolist()
    rows = at.dataframe[0].value.iloc[:, 0].tolist()  # the models side by side
    assert {"R-kuadrat", "Jenis galat baku", "Pendidikan: SD"} <= set(rows)
    # the two downloads under the table say which is which
    labels = [d.label for d in at.get("download_button")][:2]
    assert labels == [t("download_csv", "id"), t("download_coefficients", "id")]


def test_loan_quality_classes_read_in_the_chosen_language(app, open_page):
    at = open_page(app, "pages/6_loans.py", locale="id-ID")
    kol = _table_with(at, t("col_kolektibilitas", "id"))
    assert kol.iloc[:, 0].tolist() == [
        "lancar",
        "kurang lancar",
        "diragukan",
        "macet",
        "tidak diketahui",
    ]
    at.sidebar.segmented_control(key="sidebar_lang").set_value("en").run()
    kol = _table_with(at, t("col_kolektibilitas", "en"))
    assert kol.iloc[1, 0] == "substandard (kurang lancar)"


@pytest.mark.parametrize(("page", "title_key"), PAGES)
def test_every_table_on_a_page_comes_with_its_own_safe_csv_download(
    app, open_page, page, title_key
):
    at = open_page(app, page)
    csv_buttons = [d for d in at.get("download_button") if d.label == t("download_csv", "en")]
    # widgets.table and widgets.download put one button under each table
    assert len(at.dataframe) > 0
    assert len(csv_buttons) >= len(at.dataframe)


def test_the_paired_chart_follows_the_subgroup_chosen(app, open_page):
    import json

    def rows(at) -> set[str]:
        chart = next(c for c in at.get("plotly_chart") if c.proto.id.endswith("-income_dumbbell"))
        return {y for trace in json.loads(chart.proto.spec)["data"][1:] for y in trace["y"]}

    at = open_page(app, "pages/3_income.py")
    assert "warung/kelontong" in rows(at)  # business types by default
    at.selectbox(key="income_subgroup").set_value("cooperative_id").run()
    assert not at.exception
    assert "Kopwan Gama" in rows(at)
