"""Income before/after: the paired comparison per group with its tests and effect sizes, a
paired chart of group means, the before and after distributions, subgroups with corrected
p-values, and nominal against real income.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from ui import charts, compute, state, tables, widgets
from ui import format as fmt
from ui.i18n import Lang, t

#: Statistics shown per group, in reading order, with their display format.
STATS: tuple[tuple[str, tables.Format], ...] = (
    ("n", "int"),
    ("n_lost", "int"),
    ("mean_before", "money"),
    ("mean_after", "money"),
    ("median_before", "money"),
    ("median_after", "money"),
    ("mean_change", "money_signed"),
    ("ci_low", "money"),
    ("ci_high", "money"),
    ("ci_method", "text"),
    ("median_change", "money_signed"),
    ("pct_change", "percent"),
    ("share_improved", "share"),
    ("share_improved_ci_low", "share"),
    ("share_improved_ci_high", "share"),
    ("t_stat", "number"),
    ("t_df", "int"),
    ("t_p", "p"),
    ("wilcoxon_p", "p"),
    ("cohen_dz", "number"),
    ("dz_ci_low", "number"),
    ("dz_ci_high", "number"),
)
#: Subgroups offered, when their column is in the data (``by`` of subgroup_before_after).
SUBGROUPS: tuple[tuple[str, str], ...] = (
    ("business_type", "business_type"),
    ("cooperative_id", "cooperative_id"),
    ("kelurahan", "kelurahan"),
    ("loan_tier", "capital"),
    ("trained", "training_hours"),
    ("market_channels", "market_channels"),
)
_KEEP = ["group", "by", "level", "wave_before", "wave_after", "tested", "ci_method", "note"]


def main() -> None:
    """Draw the Income before/after page."""
    widgets.page("page_income", _body)


def _body(view: state.View, lang: Lang, threshold: int) -> None:
    b, a = view.before, view.after
    widgets.compared_caption(view, lang)
    ba = compute.before_after(view.key, b, a, view.frame("income", "in_program"))
    ba = tables.suppress_small_cells(ba, "n", threshold, keep=[*_KEEP, "n_lost", "share_lost"])

    st.subheader(t("inc_paired", lang))
    st.dataframe(
        tables.by_statistic(ba, "group", STATS, lang),
        hide_index=True,
        width="stretch",
        height="content",
    )
    widgets.download(ba, "before_after", lang, key="income_download_ba")
    st.caption(t("inc_paired_note", lang))

    ch = compute.income_changes(view.key, b, a, view.frame("income", "in_program"))
    values_b = compute.member_values(view.key, b, a, "income_before", ch)
    values_a = compute.member_values(view.key, b, a, "income_after", ch)
    fig = charts.overlaid_histograms(
        {
            t("wave_label", lang, wave=b): values_b[1],
            t("wave_label", lang, wave=a): values_a[1],
        },
        lang,
        title=t("inc_dist_title", lang),
        x_title=t("inc_income_axis", lang),
        y_title=t("count_axis", lang),
        colors=(charts.NEUTRAL, charts.PROGRAM),  # the waves' colours in the paired chart
    )
    st.plotly_chart(fig, key="income_distributions")
    st.caption(t("aggregated_note", lang))

    st.subheader(t("inc_subgroups", lang))
    offered = [by for by, col in SUBGROUPS if col in view.base.columns]
    by = st.selectbox(
        t("inc_subgroup_by", lang),
        offered,
        format_func=lambda k: t(f"sub_{k}", lang),
        key="income_subgroup",
    )
    if by:
        _subgroups(view, by, threshold, lang)
    _nominal_vs_real(view, ba, threshold, lang)


def _subgroups(view: state.View, by: str, threshold: int, lang: Lang) -> None:
    """Program members' means before and after by subgroup (paired chart), every group's
    mean change with its CI (forest plot) and the table with corrected p-values.

    Both charts come from one engine call: a second one, by cooperative, cost a third of
    the page's rerun at a million members.
    """
    b, a = view.before, view.after
    sub = compute.subgroups(
        view.key, by, b, a, threshold, view.frame("income", "in_program", dict(SUBGROUPS)[by])
    )
    # each group's subgroups split its total in the table above: complementary suppression
    sub = tables.suppress_small_cells(sub, "n", threshold, keep=_KEEP, margins=["group"])
    by_name = t(f"sub_{by}", lang)
    left, right = st.columns(2)
    with left:
        _dumbbell(sub, by_name, b, a, threshold, lang)
    with right:
        _forest(sub, by_name, lang)
    cols = ["group", "level", "n", "mean_change", "ci_low", "ci_high", "t_p", "p_bh", "p_holm"]
    widgets.table(
        sub[[c for c in cols if c in sub.columns]],
        f"subgroups_{by}",
        lang,
        key="income_download_subgroups",
        formats={
            "mean_change": "money_signed",
            "ci_low": "money",
            "ci_high": "money",
            "t_p": "p",
            "p_bh": "p",
            "p_holm": "p",
        },
    )
    st.caption(t("inc_subgroup_note", lang, threshold=threshold))


def _dumbbell(sub: pd.DataFrame, by_name: str, b: str, a: str, threshold: int, lang: Lang) -> None:
    """Program members' means before and after by subgroup."""
    prog = sub[(sub["group"] == "program") & (sub["n"] >= threshold)].assign(
        label=lambda d: d["level"].astype(str)
    )
    drawn = tables.extremes(prog, "mean_after")
    fig = charts.dumbbell(
        drawn,
        lang,
        label="label",
        before="mean_before",
        after="mean_after",
        title=t("inc_dumbbell_title", lang, by=by_name),
        x_title=t("inc_mean_income", lang),
        before_name=t("wave_label", lang, wave=b),
        after_name=t("wave_label", lang, wave=a),
    )
    st.plotly_chart(fig, key="income_dumbbell")
    if len(drawn) < len(prog):
        st.caption(t("chart_extremes", lang, n=len(drawn) // 2, total=len(prog)))
    st.caption(t("inc_dumbbell_note", lang, threshold=threshold))


def _forest(sub: pd.DataFrame, by_name: str, lang: Lang) -> None:
    """Every group's mean change with its CI, the extremes of each group drawn."""
    shown = sub[sub["n"] > 0].assign(
        label=lambda d: d["level"].astype(str),
        group_name=lambda d: d["group"].map(lambda g: t(g, lang) if g in _GROUPS else g),
    )
    drawn = pd.concat(
        [tables.extremes(part, "mean_change") for _, part in shown.groupby("group", sort=False)]
    )
    fig = charts.forest(
        drawn,
        lang,
        label="label",
        estimate="mean_change",
        low="ci_low",
        high="ci_high",
        title=t("inc_forest_title", lang, by=by_name),
        x_title=t("ov_coop_x", lang),
        color_by="group_name",
        colors={t("program", lang): charts.PROGRAM, t("comparison", lang): charts.COMPARISON},
    )
    st.plotly_chart(fig, key="income_forest")
    if len(drawn) < len(shown):
        st.caption(t("chart_extremes", lang, n=15, total=len(shown)))


def _nominal_vs_real(view: state.View, ba: pd.DataFrame, threshold: int, lang: Lang) -> None:
    """Mean change per group in current and in constant prices."""
    b, a = view.before, view.after
    st.subheader(t("inc_real", lang))
    real = compute.attempt(view.frame_in, "real", "income", "in_program")
    if not real.ok:
        st.info(t("real_unavailable", lang, reason=fmt.md_escape(real.message(lang))))
        return
    # the table shows means only: the other basis needs no bootstrap
    other = compute.before_after(
        view.key + "|other",
        b,
        a,
        real.value if not view.real else view.frame_in("nominal", "income", "in_program"),
        "t",
    )
    nominal_ba, real_ba = (other, ba) if view.real else (ba, other)
    both = tables.nominal_vs_real(nominal_ba, real_ba, threshold)
    widgets.table(
        both,
        "nominal_vs_real",
        lang,
        key="income_download_real",
        formats={
            "nominal_mean_change": "money_signed",
            "real_mean_change": "money_signed",
            "nominal_pct_change": "percent",
            "real_pct_change": "percent",
        },
    )
    deflation = getattr(real.value, "attrs", {}).get("deflation", {})
    if deflation:
        st.caption(t("inc_real_note", lang, base=deflation.get("base_year", fmt.MISSING)))


_GROUPS = ("program", "comparison")


if __name__ == "__main__":
    main()
