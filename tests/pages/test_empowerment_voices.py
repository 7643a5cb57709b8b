"""The Empowerment and Voices pages (issue 13): the configuration editor, the cards and their
warnings, the excerpts shown as text, masked identifiers and the link to the numbers.

Every page's smoke test (both languages, charts, one CSV per table, no identifier) runs from
``tests/pages/conftest.py``'s ``PAGES``; these are the pages' own interactions.
"""

from __future__ import annotations

import pandas as pd
import streamlit

from tests.pages.conftest import ROOT, as_editor
from ui.i18n import t
from ui.tables import column_label

EMP = "pages/8_empowerment.py"
VOICES = "pages/9_voices.py"
DATA = "pages/2_data.py"


def _metric(at, label: str) -> list[str]:
    return [m.value for m in at.main.metric if m.label == label]


def test_the_cards_show_the_index_of_the_shipped_configuration(app, open_page):
    at = open_page(app, EMP)
    assert not at.exception
    # pandas on data/synthetic_survey.csv (the 19 rows without an income left out, as the
    # loader does) with data/empowerment/default.toml's weights: in 2021, 507 members answer
    # all seven items, 48 reach c >= 0.8 (9.5%), and sum(1 - c) over the rest / 507 = 0.7128
    assert _metric(at, t("emp_empowered", "en"))[0] == "9.5%"
    assert _metric(at, t("emp_m0", "en"))[0] == "0.713"
    assert len(_metric(at, t("emp_h", "en"))) == 3  # one card per wave
    assert t("emp_download_toml", "en") in [d.label for d in at.get("download_button")]


def test_a_higher_cutoff_empowers_fewer_members(app, open_page):
    at = open_page(app, EMP)
    before = _metric(at, t("emp_empowered", "en"))
    at.number_input(key="empowerment_cutoff").set_value(1.0).run()
    assert not at.exception
    after = _metric(at, t("emp_empowered", "en"))
    # empowered needs every indicator now: each wave's share can only fall
    assert all(float(a[:-1]) <= float(b[:-1]) for a, b in zip(after, before, strict=True))
    assert after != before


def test_weights_not_summing_to_one_are_said_and_nothing_is_computed(app, open_page, monkeypatch):
    # the editor as a researcher leaves it: the first weight raised from 0.15 to 0.5
    def edited(data, **kwargs):
        return data.assign(weight=[0.5, *data["weight"].tolist()[1:]])

    monkeypatch.setattr(streamlit, "data_editor", edited)
    at = open_page(app, EMP)
    assert not at.exception
    # 0.5 + 0.85 (the other six shipped weights) = 1.35
    assert any("sum to 1\\.35" in w.value for w in at.warning)
    assert _metric(at, t("emp_m0", "en")) == []


def test_a_low_alpha_is_shown_with_its_warning(app, open_page, monkeypatch):
    # the engine's rule (alpha below 0.6 flagged) is tested in tests/analysis/test_empowerment;
    # every scale of the demo is above 0.7, so the page gets one low row here
    import analysis
    from ui import compute

    low = pd.DataFrame(
        {"scale": ["decisions"], "items": ["emp_decide_income, emp_purchase"], "n_items": [2],
         "n": [100], "alpha": [0.42], "warning": [True]}
    )  # fmt: skip
    monkeypatch.setattr(analysis, "cronbach_alpha", lambda survey, config: low)
    compute.cronbach.clear()
    at = open_page(app, EMP)
    compute.cronbach.clear()  # the next test computes the real one again
    assert not at.exception
    assert t("emp_alpha_low", "en", scale="decisions", alpha="0.42") in [
        w.value for w in at.warning
    ]


def test_a_survey_without_items_is_told_what_to_do(app, open_page, monkeypatch):
    import analysis

    # what analysis.starting_config answers for a survey without emp_* columns
    # (tests/analysis/test_cli_empowerment: starting_config of income-only columns is None)
    monkeypatch.setattr(analysis, "starting_config", lambda columns: None)
    at = open_page(app, EMP)
    assert not at.exception
    assert t("emp_no_items", "en") in [i.value for i in at.info]
    assert _metric(at, t("emp_m0", "en")) == []


# ---------------------------------------------------------------------------------------
# voices


def _table_with(at, header: str) -> pd.DataFrame:
    return next(df.value for df in at.dataframe if header in df.value.columns)


def test_the_demo_excerpts_are_labelled_synthetic(app, open_page):
    at = open_page(app, VOICES, locale="id-ID")
    assert not at.exception
    assert t("voices_synthetic", "id") in [w.value for w in at.warning]
    # data/voices/synthetic_excerpts.csv: 108 rows, every one kept
    assert any("108" in s.value for s in at.success)


UPLOAD = (
    "respondent_id,wave,source,code,excerpt\n"
    'A000002,2023,interview,OWN_CODE,"<script>alert(1)</script> **tebal** [x](http://e.x)"\n'
    "A000002,2023,interview,MOBILITY,Telepon saya 0812-3456-7890 kalau perlu.\n"
    "A000004,2023,interview,,Tanpa kode.\n"
)


def test_uploaded_excerpts_are_shown_as_text_masked_and_their_problems_listed(
    app, open_page, shown_text, editing_on
):
    at = as_editor(open_page(app, VOICES))  # uploads are for signed-in editors (issue 14)
    up = ("kutipan.csv", UPLOAD.encode(), "text/csv")
    at.file_uploader(key="voices_excerpts_upload").set_value(up).run()
    assert not at.exception
    assert t("voices_synthetic", "en") not in [w.value for w in at.warning]
    words = _table_with(at, t("col_excerpt", "en"))
    shown = words[t("col_excerpt", "en")].tolist()
    # the excerpt exactly as written, in a grid cell (text, never rendered)
    assert "<script>alert(1)</script> **tebal** [x](http://e.x)" in shown
    assert "Telepon saya [masked] kalau perlu." in shown
    text = shown_text(at)
    assert "0812" not in text
    assert "<script>" not in " ".join(m.value for m in at.markdown)
    # the third row has no code: left out and listed with its row; OWN_CODE is no problem,
    # as no codebook was uploaded (the synthetic one goes with the synthetic excerpts only)
    problems = _table_with(at, t("col_action", "en"))
    assert problems[t("col_row", "en")].tolist() == [3]


def test_picking_a_theme_shows_only_its_excerpts(app, open_page):
    at = open_page(app, VOICES)
    everything = len(_table_with(at, t("col_excerpt", "en")))
    at.selectbox(key="voices_pick_theme").set_value("voice").run()
    assert not at.exception
    words = _table_with(at, t("col_excerpt", "en"))
    # data/voices/synthetic_codebook.csv: VOICE_MEET and VOICE_SHY are the "voice" codes
    assert set(words[t("col_theme_code", "en")]) <= {"VOICE_MEET", "VOICE_SHY"}
    assert 0 < len(words) < everything


def test_the_words_of_members_whose_income_fell(app, open_page):
    at = open_page(app, VOICES)
    at.selectbox(key="voices_group").set_value("income_fell").run()
    assert not at.exception
    # 79 program and comparison members of the demo earned less in 2023 than in 2021
    # (pandas on data/synthetic_survey.csv: income 2023 < income 2021, both present)
    assert any(c.value.startswith("79 members in this group") for c in at.caption)
    at.selectbox(key="voices_group").set_value("stayed_disempowered").run()
    assert not at.exception


def test_a_cooperative_cell_shows_the_excerpts_of_its_members(app, open_page, editing_on):
    at = as_editor(open_page(app, VOICES))  # an editor, to see whose excerpts they are
    at.selectbox(key="voices_case_by").set_value("cooperative_id").run()
    at.selectbox(key="voices_pick_case").set_value("Kopwan Gama").run()
    assert not at.exception
    words = _table_with(at, t("col_excerpt", "en"))
    # members of Kopwan Gama in data/synthetic_survey.csv (pandas, any wave)
    survey = pd.read_csv(ROOT / "data" / "synthetic_survey.csv")
    gama = set(survey.loc[survey["cooperative_id"] == "Kopwan Gama", "member_id"])
    assert len(words) > 0 and set(words[column_label("member_id", "en")]) <= gama


def test_every_subgroup_of_the_index_can_be_chosen(app, open_page):
    at = open_page(app, EMP, locale="id-ID")
    # the demo has every column the subgroups are made from
    for by in ("in_program", "cooperative_id", "business_type", "loan_tier", "trained"):
        at.selectbox(key="empowerment_subgroup").set_value(by).run()
        assert not at.exception
        assert [e.value for e in at.error] == []


def test_a_viewer_reads_the_words_without_member_ids_and_an_editor_with_them(
    app, open_page, editing_on
):
    at = open_page(app, VOICES)
    member = column_label("member_id", "en")
    assert at.get("file_uploader") == []
    assert all(member not in df.value.columns for df in at.dataframe)
    assert t("sub_member_id", "en") not in at.selectbox(key="voices_case_by").options
    at = as_editor(at)
    assert len(at.get("file_uploader")) == 2
    assert member in _table_with(at, t("col_excerpt", "en")).columns
