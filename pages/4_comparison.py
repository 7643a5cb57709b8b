"""Program vs comparison: were the groups alike at baseline, how did their incomes move, and
what is the difference-in-differences estimate with clustered standard errors?
"""

from __future__ import annotations

import streamlit as st

from ui import charts, compute, state, tables, widgets
from ui import format as fmt
from ui.i18n import Lang, t

CLUSTERS = ("cooperative_id", "group_id", "kelurahan", "member_id")


def main() -> None:
    """Draw the Program vs comparison page."""
    widgets.page("page_comparison", _body)


def _body(view: state.View, lang: Lang, threshold: int) -> None:
    cluster, all_waves = _controls(view, lang)
    narrow = view.frame("income", "in_program", cluster)
    if not _estimate(view, lang, threshold, cluster, narrow, all_waves):
        return
    _staggered(view, lang, threshold, cluster, narrow)
    _two_by_two(view, lang, threshold, cluster, narrow)
    left, right = st.columns(2)
    with left:
        _trends(view, lang, threshold, narrow)
    with right:
        _event_study(view, lang, threshold, cluster, narrow)
    _balance(view, lang, threshold, cluster)


def _controls(view: state.View, lang: Lang) -> tuple[str, bool]:
    clusters = [c for c in CLUSTERS if c in view.base.columns]
    c1, c2 = st.columns(2)
    cluster = c1.selectbox(
        t("cmp_cluster", lang),
        clusters,
        format_func=lambda c: t(f"sub_{c}", lang),
        key="comparison_cluster",
        persist_state="session",
    )
    all_waves = c2.toggle(
        t("cmp_all_waves", lang),
        key="comparison_all_waves",
        help=t("cmp_all_waves_help", lang),
        persist_state="session",
    )
    return cluster, all_waves


def _estimate(
    view: state.View, lang: Lang, threshold: int, cluster: str, narrow, all_waves: bool
) -> bool:
    """The difference-in-differences cards; ``False`` when there is nothing more to show."""
    b, a = view.before, view.after
    st.subheader(t("cmp_did", lang))
    did = compute.did(view.key, b, a, cluster, narrow, all_waves=all_waves)
    if not did.ok:
        st.info(t("cmp_no_did", lang, reason=fmt.md_escape(did.message(lang))))
        return False
    d = did.value
    if min(d.n_program, d.n_comparison) < threshold:
        st.warning(t("cmp_small_groups", lang, threshold=threshold))
        return False
    c = st.columns(4)
    widgets.card(
        c[0],
        t("ov_did", lang),
        fmt.rupiah_short(d.estimate, lang, sign=True),
        t("ov_ci", lang, ci=fmt.interval(d.ci_low, d.ci_high, lang), method=d.se_type),
        help=t("ov_did_help", lang),
    )
    widgets.card(
        c[1],
        t("cmp_p", lang),
        fmt.p_text(d.p_value, lang),
        t("cmp_se", lang, se=fmt.rupiah(d.se, lang), df=d.df),
    )
    widgets.card(
        c[2],
        t("cmp_clusters", lang),
        fmt.number(d.n_clusters, lang) if d.n_clusters else fmt.MISSING,
        t("cmp_wild", lang, p=fmt.p_text(d.wild_p, lang), n=fmt.number(d.n_boot, lang))
        if d.wild_p is not None
        else t("cmp_no_wild", lang),
    )
    widgets.card(
        c[3],
        t("cmp_members", lang),
        fmt.number(d.n_members, lang),
        t(
            "cmp_members_detail",
            lang,
            program=fmt.number(d.n_program, lang),
            comparison=fmt.number(d.n_comparison, lang),
            method=t(f"cmp_method_{d.method.replace(' ', '_').replace('-', '_')}", lang),
        ),
    )
    for w in d.warnings:
        st.warning(fmt.md_escape(w.text(lang)), icon=":material/warning:")
    widgets.download(tables.did_result_frame(d), "did_twfe", lang, key="comparison_download_did")
    return True


def _staggered(view: state.View, lang: Lang, threshold: int, cluster: str, narrow) -> None:
    """With status recorded per wave: the heterogeneity-robust estimate beside the two-way one."""
    res = compute.staggered(view.key, cluster, narrow)
    if not res.ok:
        st.info(fmt.md_escape(res.message(lang)))
        return
    s = res.value
    if s is None:  # the status is fixed: the two-way estimate is the one to read
        return
    st.subheader(t("cmp_staggered", lang))
    if s.staggered:
        st.warning(t("cmp_staggered_bias", lang, k=len(s.cohorts)), icon=":material/warning:")
    o = s.simple.iloc[0]
    c = st.columns(3)
    widgets.card(
        c[0],
        t("cmp_staggered_att", lang),
        fmt.rupiah_short(o["att"], lang, sign=True),
        t("ov_ci", lang, ci=fmt.interval(o["ci_low"], o["ci_high"], lang), method="CS"),
    )
    widgets.card(
        c[1],
        t("cmp_staggered_cohorts", lang),
        fmt.number(len(s.cohorts), lang),
        t(f"cmp_staggered_control_{s.control}", lang),
    )
    widgets.card(
        c[2],
        t("cmp_staggered_never", lang),
        fmt.number(s.counts["never_treated"], lang),
        t("cmp_staggered_never_detail", lang, always=fmt.number(s.counts["always_treated"], lang)),
    )
    for w in s.warnings:
        st.info(fmt.md_escape(w.text(lang)), icon=":material/info:")
    _staggered_charts(s, lang, threshold)


def _staggered_charts(s, lang: Lang, threshold: int) -> None:
    """Effects by waves since joining, and by joining wave (cohorts too small are hidden)."""
    sizes = {str(k): v for k, v in s.cohorts.items()}
    group = s.group.iloc[1:].assign(n=lambda d: d["cohort"].astype(str).map(sizes))
    group = tables.suppress_small_cells(group, "n", threshold, keep=["cohort"], margins=[])
    left, right = st.columns(2)
    with left:
        fig = charts.lines_with_ci(
            s.dynamic.iloc[1:], lang, x="event_time", y="att", low="ci_low", high="ci_high",
            title=t("cmp_staggered_dyn_title", lang), x_title=t("cmp_staggered_dyn_x", lang),
            y_title=t("cmp_staggered_y", lang), reference=0.0,
        )  # fmt: skip
        st.plotly_chart(fig, key="comparison_staggered_dynamic")
    with right:
        st.markdown("**" + t("cmp_staggered_by_cohort", lang) + "**")
        widgets.download(group, "staggered_by_cohort", lang, key="comparison_download_staggered")
        st.dataframe(group.drop(columns=["term", "event_time"], errors="ignore"), hide_index=True)


def _two_by_two(view: state.View, lang: Lang, threshold: int, cluster: str, narrow) -> None:
    b, a = view.before, view.after
    st.subheader(t("cmp_2x2", lang))
    table = compute.did_table(view.key, b, a, cluster, narrow)
    if table.ok:
        tab = tables.suppress_small_cells(table.value, "n", threshold, keep=["group", "note"])
        widgets.table(
            tab.drop(columns=["note"], errors="ignore"),
            "did_2x2",
            lang,
            key="comparison_download_2x2",
            formats={
                "before_mean": "money",
                "before_se": "money",
                "after_mean": "money",
                "after_se": "money",
                "change": "money_signed",
                "change_se": "money",
                "change_p": "p",
                "ci_low": "money",
                "ci_high": "money",
            },
        )
        st.caption(t("cmp_2x2_note", lang, before=fmt.md_escape(b), after=fmt.md_escape(a)))
    else:
        st.info(fmt.md_escape(table.message(lang)))


def _trends(view: state.View, lang: Lang, threshold: int, narrow) -> None:
    trends = compute.trends(view.key, view.waves, narrow)
    if trends.ok:
        tr = tables.suppress_small_cells(
            trends.value, "n", threshold, keep=["group", "group_value", "wave", "note"]
        )
        fig = charts.lines_with_ci(
            tr,
            lang,
            x="wave",
            y="mean",
            low="ci_low",
            high="ci_high",
            group="group",
            group_names={g: t(g, lang) for g in ("program", "comparison")},
            title=t("cmp_trends_title", lang),
            x_title=t("cmp_wave", lang),
            y_title=t("inc_mean_income", lang),
        )
        st.plotly_chart(fig, key="comparison_trends")
        widgets.download(tr, "group_trends", lang, key="comparison_download_trends")
    else:
        st.info(fmt.md_escape(trends.message(lang)))


def _event_study(view: state.View, lang: Lang, threshold: int, cluster: str, narrow) -> None:
    es = compute.event_study(view.key, cluster, narrow)
    if es.ok:
        ev = es.value
        ev_table = tables.suppress_small_cells(
            ev.table, ["n_program", "n_comparison"], threshold, keep=["wave", "period"]
        )
        fig = charts.lines_with_ci(
            ev_table,
            lang,
            x="wave",
            y="estimate",
            low="ci_low",
            high="ci_high",
            title=t("cmp_event_title", lang, ref=fmt.html_escape(ev.reference_wave)),
            x_title=t("cmp_wave", lang),
            y_title=t("cmp_event_y", lang),
            reference=0.0,
        )
        st.plotly_chart(fig, key="comparison_event")
        if ev.pretrend_p is not None:
            st.markdown(
                t(
                    "cmp_pretrend",
                    lang,
                    f=fmt.number(ev.pretrend_f, lang, 2),
                    p=fmt.p_text(ev.pretrend_p, lang),
                )
            )
        elif ev.pretrend_note is not None:
            st.info(fmt.md_escape(ev.pretrend_note.text(lang)), icon=":material/info:")
        widgets.download(ev_table, "event_study", lang, key="comparison_download_event")
    else:
        st.info(fmt.md_escape(es.message(lang)))


def _balance(view: state.View, lang: Lang, threshold: int, cluster: str) -> None:
    b = view.before
    st.subheader(t("cmp_balance", lang, wave=fmt.md_escape(b)))
    bal = compute.balance(
        view.key, b, cluster, view.frame("in_program", cluster, *compute.BALANCE_COVARIATES)
    )
    if not bal.ok:
        st.info(fmt.md_escape(bal.message(lang)))
        return
    bt = bal.value
    if min(bt.n_program, bt.n_comparison) < threshold:
        st.warning(t("cmp_small_groups", lang, threshold=threshold))
        return
    # a covariate known for few members of either group shows no means
    balance = tables.suppress_small_cells(
        bt.table, ["n_program", "n_comparison"], threshold, keep=["variable", "note"]
    )
    widgets.table(
        balance.drop(columns=["note"], errors="ignore"),
        "balance",
        lang,
        key="comparison_download_balance",
        formats={
            "mean_program": "number",
            "sd_program": "number",
            "se_program": "number",
            "mean_comparison": "number",
            "sd_comparison": "number",
            "se_comparison": "number",
            "difference": "number",
            "se_difference": "number",
            "p_value": "p",
            "normalized_difference": "number",
        },
    )
    joint = (
        t(
            "cmp_joint",
            lang,
            f=fmt.number(bt.joint_f, lang, 2),
            p=fmt.p_text(bt.joint_p, lang),
            n=fmt.number(bt.joint_n, lang),
        )
        if bt.joint_f is not None
        else fmt.md_escape(bt.joint_note.text(lang) if bt.joint_note else "")
    )
    st.caption(
        t(
            "cmp_balance_note",
            lang,
            clusters=fmt.number(bt.n_clusters, lang) if bt.n_clusters else fmt.MISSING,
            se=bt.se_type,
        )
        + " "
        + joint
    )


if __name__ == "__main__":
    main()
