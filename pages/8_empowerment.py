"""Empowerment beyond income (issue 13): the Alkire-Foster index of the survey's ``emp_*`` items.

The configuration (cutoff, and per indicator its domain, weight and adequacy cutoff) is edited
here and downloaded as TOML; the page then shows H, A and M0 per wave, what each indicator
and domain contributes, the index by subgroup, the program members' change with the
difference in differences of the score, and Cronbach's alpha of each domain. Every number is
computed by ``analysis`` (``methods/empowerment.py``) through ``ui/compute.py``.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

import analysis
from ui import charts, compute, state, tables, widgets
from ui import format as fmt
from ui.i18n import Lang, t

#: Subgroups offered, when the column they are made from is in the data (``by`` of the index).
SUBGROUPS: tuple[tuple[str, str], ...] = (
    ("in_program", "in_program"),
    ("cooperative_id", "cooperative_id"),
    ("business_type", "business_type"),
    ("loan_tier", "capital"),
    ("trained", "training_hours"),
)
#: Columns of the index table, with their display format.
INDEX_FORMATS: dict[str, tables.Format] = {
    "n": "int",
    "n_missing": "int",
    "headcount_empowered": "share",
    "headcount_disempowered": "share",
    "mean_score": "number",
    "intensity": "share",
    "m0": "number",
}
#: Contributions drawn by indicator or by domain.
LEVELS = ("domain", "indicator")


def main() -> None:
    """Draw the Empowerment page."""
    widgets.page("page_empowerment", _body)


def _body(view: state.View, lang: Lang, threshold: int) -> None:
    config = _config(view, lang)
    if config is None:
        return
    frame = view.frame(
        *analysis.read_empowerment_config(config).items, "in_program", "cooperative_id"
    )
    result = compute.empowerment(view.key, config, None, frame)
    if not result.ok:
        st.warning(t("emp_cannot", lang, reason=fmt.md_escape(result.message(lang))))
        return
    index = tables.suppress_small_cells(result.value.index, "n", threshold, keep=["wave"])
    _cards(index, lang)
    _index_chart(index, lang)
    _contributions(result.value, index, lang)
    _subgroups(view, config, threshold, lang)
    _change(view, config, frame, threshold, lang)
    _reliability(view, config, frame, lang)


def _config(view: state.View, lang: Lang) -> str | None:
    """The editor; the checked configuration as TOML text, or ``None`` (and why)."""
    start = analysis.starting_config(list(view.base.columns))
    if start is None:
        st.info(t("emp_no_items", lang), icon=":material/info:")
        return None
    with st.expander(t("emp_config", lang), expanded=False, icon=":material/tune:"):
        st.caption(t("emp_config_help", lang))
        cutoff = st.number_input(
            t("emp_cutoff", lang),
            min_value=0.05,
            max_value=1.0,
            value=start.cutoff,
            step=0.05,
            key="empowerment_cutoff",
            help=t("emp_cutoff_help", lang),
        )
        rows = st.data_editor(
            _indicator_frame(start),
            key=f"empowerment_indicators_{view.dataset.key[:8]}",
            num_rows="dynamic",
            hide_index=True,
            width="stretch",
            column_config={c: t(f"emp_col_{c}", lang) for c in _INDICATOR_COLUMNS},
        )
        widgets.download(rows, "empowerment_indicators", lang, key="empowerment_download_rows")
    try:
        config = analysis.make_config(cutoff, _indicator_records(rows))
    except ValueError as exc:
        detail = exc.text(lang) if hasattr(exc, "text") else str(exc)
        st.warning(
            t("emp_config_invalid", lang, detail=fmt.md_escape(detail)), icon=":material/warning:"
        )
        return None
    toml = analysis.config_to_toml(config)
    st.download_button(
        t("emp_download_toml", lang),
        toml,
        file_name="berdaya_empowerment.toml",
        mime="application/toml",
        key="empowerment_download_toml",
        icon=":material/download:",
    )
    return toml


_INDICATOR_COLUMNS = ("item", "domain", "weight", "adequate_from")


def _indicator_frame(config: analysis.EmpowermentConfig) -> pd.DataFrame:
    return pd.DataFrame(config.to_dict()["indicators"], columns=list(_INDICATOR_COLUMNS))


def _indicator_records(rows: pd.DataFrame) -> list[dict[str, object]]:
    """The edited rows as the engine reads them; rows without an item are ignored."""
    rows = rows.dropna(subset=["item"])
    return [
        {
            "item": str(r.item),
            "domain": "" if pd.isna(r.domain) else str(r.domain),
            "weight": None if pd.isna(r.weight) else float(r.weight),
            "adequate_from": None if pd.isna(r.adequate_from) else float(r.adequate_from),
        }
        for r in rows.itertuples(index=False)
    ]


def _cards(index: pd.DataFrame, lang: Lang) -> None:
    """Empowered share, H, A and M0 per wave."""
    st.subheader(t("emp_index", lang))
    for rec in index.itertuples(index=False):
        st.markdown("**" + fmt.md_escape(t("wave_label", lang, wave=rec.wave)) + "**")
        c = st.columns(4)
        n = t(
            "emp_card_n", lang, n=fmt.number(rec.n, lang), missing=fmt.number(rec.n_missing, lang)
        )
        widgets.card(c[0], t("emp_empowered", lang), fmt.percent(rec.headcount_empowered, lang), n)
        widgets.card(
            c[1],
            t("emp_h", lang),
            fmt.percent(rec.headcount_disempowered, lang),
            help=t("emp_h_help", lang),
        )
        widgets.card(
            c[2], t("emp_a", lang), fmt.percent(rec.intensity, lang), help=t("emp_a_help", lang)
        )
        widgets.card(
            c[3],
            t("emp_m0", lang),
            fmt.number(rec.m0, lang, 3),
            t("emp_score_detail", lang, score=fmt.number(rec.mean_score, lang, 3)),
            help=t("emp_m0_help", lang),
        )


def _index_chart(index: pd.DataFrame, lang: Lang) -> None:
    """H, A and M0 side by side per wave, and the index table."""
    fig = charts.grouped_bars(
        index,
        lang,
        x="wave",
        series={
            t("emp_h", lang): "headcount_disempowered",
            t("emp_a", lang): "intensity",
            t("emp_m0", lang): "m0",
        },
        title=t("emp_index_chart", lang),
        x_title=t("col_wave", lang),
        y_title="",
    )
    st.plotly_chart(fig, key="empowerment_index_chart")
    widgets.table(
        index, "empowerment_index", lang, key="empowerment_download_index", formats=INDEX_FORMATS
    )


def _contributions(result, index: pd.DataFrame, lang: Lang) -> None:
    """What each domain (or indicator) contributes to M0, wave by wave."""
    st.subheader(t("emp_contrib", lang))
    level = (
        st.segmented_control(
            t("emp_contrib_by", lang),
            LEVELS,
            default="domain",
            key="empowerment_contrib_level",
            format_func=lambda k: t(f"emp_level_{k}", lang),
        )
        or "domain"
    )
    table = result.by_domain if level == "domain" else result.by_indicator
    # a wave of few members shows no contribution: its M0 was suppressed in ``index``
    table = table[table["wave"].isin(index.loc[index["m0"].notna(), "wave"])]
    fig = charts.stacked_bars(
        table,
        lang,
        x="wave",
        part=level,
        value="contribution",
        title=t("emp_contrib_chart", lang),
        x_title=t("col_wave", lang),
        y_title=t("emp_contrib_axis", lang),
    )
    st.plotly_chart(fig, key="empowerment_contributions")
    formats: dict[str, tables.Format] = {
        "weight": "number",
        "uncensored_headcount": "share",
        "censored_headcount": "share",
        "contribution": "share",
    }
    widgets.table(
        table, f"empowerment_by_{level}", lang, key="empowerment_download_contrib", formats=formats
    )
    st.caption(t("emp_contrib_note", lang))


def _subgroups(view: state.View, config: str, threshold: int, lang: Lang) -> None:
    """The index per wave and subgroup, small subgroups suppressed."""
    st.subheader(t("emp_subgroups", lang))
    offered = [by for by, col in SUBGROUPS if col in view.base.columns]
    if not offered:
        return
    by = st.selectbox(
        t("inc_subgroup_by", lang),
        offered,
        format_func=lambda k: t(f"sub_{k}", lang),
        key="empowerment_subgroup",
    )
    items = analysis.read_empowerment_config(config).items
    frame = view.frame(*items, dict(SUBGROUPS)[by])
    result = compute.empowerment(view.key, config, by, frame)
    if not result.ok:
        st.info(fmt.md_escape(result.message(lang)))
        return
    # the subgroups of a wave split the wave's index shown above: complementary suppression
    sub = tables.suppress_small_cells(
        result.value.index, "n", threshold, keep=["wave", by], margins=["wave"]
    )
    widgets.table(
        sub, f"empowerment_{by}", lang, key="empowerment_download_subgroups", formats=INDEX_FORMATS
    )
    st.caption(t("suppressed_rows", lang, threshold=threshold))


def _change(view: state.View, config: str, frame, threshold: int, lang: Lang) -> None:
    """Program members' score and empowered share before and after, and the DiD."""
    b, a = view.before, view.after
    st.subheader(t("emp_change", lang, before=fmt.md_escape(b), after=fmt.md_escape(a)))
    res = compute.empowerment_change(view.key, config, b, a, "cooperative_id", frame)
    if not res.ok:
        st.info(fmt.md_escape(res.message(lang)))
        return
    ch = res.value
    if ch.n_pairs < threshold:
        st.warning(t("emp_small_pairs", lang, n=ch.n_pairs, threshold=threshold))
        return
    c = st.columns(3)
    ci = fmt.interval(ch.ci_low, ch.ci_high, lang, money=False)
    widgets.card(
        c[0],
        t("emp_score_change", lang),
        fmt.number(ch.score_change, lang, 3, sign=True),
        t(
            "emp_score_detail_change",
            lang,
            before=fmt.number(ch.score_before, lang, 3),
            after=fmt.number(ch.score_after, lang, 3),
            ci=ci,
            p=fmt.p_text(ch.p_t, lang),
            n=fmt.number(ch.n_pairs, lang),
        ),
    )
    widgets.card(
        c[1],
        t("emp_share_change", lang),
        fmt.percent(ch.share_change, lang, sign=True),
        t(
            "emp_share_detail",
            lang,
            before=fmt.percent(ch.share_before, lang),
            after=fmt.percent(ch.share_after, lang),
            p=fmt.p_text(ch.p_mcnemar, lang),
        ),
    )
    _did_card(c[2], ch, threshold, lang)


def _did_card(column, ch, threshold: int, lang: Lang) -> None:
    """The difference in differences of the score, or why it is not shown."""
    d = ch.did
    if d is None:
        reason = ch.did_note.text(lang) if ch.did_note is not None else ""
        widgets.card(column, t("emp_did", lang), fmt.MISSING, fmt.md_escape(reason))
        return
    if min(d["n_program"], d["n_comparison"]) < threshold:
        widgets.card(
            column,
            t("emp_did", lang),
            fmt.MISSING,
            t("cmp_small_groups", lang, threshold=threshold),
        )
        return
    ci = fmt.interval(d["ci_low"], d["ci_high"], lang, money=False)
    wild = fmt.p_text(d["wild_p"], lang) if d.get("wild_p") is not None else fmt.MISSING
    widgets.card(
        column,
        t("emp_did", lang),
        fmt.number(d["estimate"], lang, 3, sign=True),
        t("emp_did_detail", lang, ci=ci, p=fmt.p_text(d["p_value"], lang), wild=wild),
        help=t("emp_did_help", lang),
    )


def _reliability(view: state.View, config: str, frame, lang: Lang) -> None:
    """Cronbach's alpha of each domain and of all items, with a warning below 0.6."""
    st.subheader(t("emp_alpha", lang))
    res = compute.cronbach(view.key, config, frame)
    if not res.ok:
        st.info(fmt.md_escape(res.message(lang)))
        return
    alpha = res.value
    widgets.table(
        alpha,
        "empowerment_alpha",
        lang,
        key="empowerment_download_alpha",
        formats={"alpha": "number", "n": "int", "n_items": "int"},
    )
    for rec in alpha[alpha["warning"]].itertuples(index=False):
        st.warning(
            t(
                "emp_alpha_low",
                lang,
                scale=fmt.md_escape(rec.scale),
                alpha=fmt.number(rec.alpha, lang, 2),
            ),
            icon=":material/warning:",
        )
    st.caption(t("emp_alpha_note", lang))


if __name__ == "__main__":
    main()
