"""Overview: what the program did to members' incomes, in a minute.

Headline cards with their uncertainty, a plain-language summary written from the numbers,
the distribution of income changes and the change by cooperative. Thin: reads the view,
calls ``ui.compute`` (the engine, cached), renders.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import streamlit as st

from ui import charts, compute, state, tables, widgets
from ui import format as fmt
from ui.i18n import Lang, t
from ui.summary import Headline, summary

OVERVIEW_COLUMNS = ("income", "in_program", "cooperative_id", "capital")


def _row(ba, group: str):
    rows = ba[ba["group"] == group]
    return None if rows.empty or int(rows.iloc[0]["n"]) == 0 else rows.iloc[0]


def _num(value) -> float | None:
    try:
        v = float(value)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(v) else v


def main() -> None:
    """Draw the Overview page."""
    widgets.page("page_overview", _body)


@dataclass(frozen=True)
class _Overview:
    """What every section of the page reads: the view, the before/after table and the
    engine results, each computed once."""

    view: state.View
    lang: Lang
    threshold: int
    data: Any
    ba: Any
    prog: Any
    cmp_: Any
    small_prog: bool
    small_cmp: bool
    did: Any
    port: Any
    no_port: str

    @property
    def n_prog(self) -> int:
        return 0 if self.prog is None else int(self.prog["n"])

    @property
    def n_cmp(self) -> int:
        return 0 if self.cmp_ is None else int(self.cmp_["n"])

    @property
    def did_ok(self) -> bool:
        return self.did is not None and self.did.ok


def _body(view: state.View, lang: Lang, threshold: int) -> None:
    o = _results(view, lang, threshold)
    widgets.compared_caption(view, lang)
    _first_cards(o)
    _second_cards(o)
    _summary(o)
    coop = _charts(o)
    _tables(o, coop)


def _results(view: state.View, lang: Lang, threshold: int) -> _Overview:
    b, a = view.before, view.after
    # one selection of the columns this page reads, shared by every computation below
    data = view.frame(*OVERVIEW_COLUMNS)
    ba = compute.before_after(view.key, b, a, data)
    prog, cmp_ = _row(ba, "program"), _row(ba, "comparison")
    small_prog = prog is None or int(prog["n"]) < threshold
    small_cmp = cmp_ is None or int(cmp_["n"]) < threshold
    # a difference of means is shown only when both of its groups are large enough
    did = (
        compute.did(view.key, b, a, "cooperative_id", data)
        if not (small_prog or small_cmp)
        else None
    )
    port, no_port = _portfolio(view, threshold, lang)
    return _Overview(
        view, lang, threshold, data, ba, prog, cmp_, small_prog, small_cmp, did, port, no_port
    )


def _first_cards(o: _Overview) -> None:
    lang, threshold, prog = o.lang, o.threshold, o.prog
    c = st.columns(4)
    # 1. members compared
    lost = None if prog is None else _num(prog.get("share_lost"))
    widgets.card(
        c[0],
        t("ov_members", lang),
        fmt.number(o.n_prog, lang),
        t("ov_members_detail", lang, n=fmt.number(o.n_cmp, lang), lost=fmt.percent(lost, lang)),
        help=t("ov_members_help", lang),
    )
    # 2. capital disbursed
    _capital_card(o, c[1])
    # 3. mean change with its CI
    if o.small_prog:
        widgets.card(
            c[2], t("ov_mean", lang), fmt.MISSING, t("suppressed", lang, threshold=threshold)
        )
        widgets.card(
            c[3], t("ov_median", lang), fmt.MISSING, t("suppressed", lang, threshold=threshold)
        )
        return
    widgets.card(
        c[2],
        t("ov_mean", lang),
        fmt.rupiah_short(prog["mean_change"], lang, sign=True),
        t(
            "ov_ci",
            lang,
            ci=fmt.interval(prog["ci_low"], prog["ci_high"], lang),
            method=t(f"ci_{prog['ci_method']}", lang) if prog.get("ci_method") else "",
        ),
        help=t("ov_mean_help", lang),
    )
    widgets.card(
        c[3],
        t("ov_median", lang),
        fmt.rupiah_short(prog["median_change"], lang, sign=True),
        t("ov_wilcoxon", lang, p=fmt.p_text(prog["wilcoxon_p"], lang)),
        help=t("ov_median_help", lang),
    )


def _capital_card(o: _Overview, col) -> None:
    lang, port, view = o.lang, o.port, o.view
    if port is not None:
        widgets.card(
            col,
            t("ov_capital", lang),
            fmt.rupiah_short(port.disbursed, lang),
            t(
                "ov_capital_loans",
                lang,
                loans=fmt.number(port.n_loans, lang),
                borrowers=fmt.number(port.n_borrowers, lang),
            ),
            help=t("ov_capital_help", lang),
        )
        return
    ch = compute.income_changes(view.key, view.before, view.after, o.data)
    total = compute.capital_total(view.key, view.before, view.after, ch)
    widgets.card(
        col,
        t("ov_capital", lang),
        fmt.rupiah_short(total, lang) if total is not None else fmt.MISSING,
        t("ov_capital_survey", lang),
        help=t("ov_capital_help", lang),
    )


def _second_cards(o: _Overview) -> None:
    lang, threshold, prog, port, cmp_ = o.lang, o.threshold, o.prog, o.port, o.cmp_
    c = st.columns(4)
    # 4. share improved, with its Wilson interval when the engine gives one
    widgets.card(
        c[0],
        t("ov_share", lang),
        fmt.MISSING if o.small_prog else fmt.percent(prog["share_improved"], lang),
        t("suppressed", lang, threshold=threshold) if o.small_prog else _share_detail(prog, lang),
        help=t("ov_share_help", lang),
    )
    # 5. repayment rate
    if port is not None and port.repayment_rate is not None:
        widgets.card(
            c[1],
            t("ov_repayment", lang),
            fmt.percent(port.repayment_rate, lang),
            t(
                "ov_repayment_detail",
                lang,
                paid=fmt.rupiah_short(port.repayment_paid, lang),
                due=fmt.rupiah_short(port.repayment_due, lang),
                par30=fmt.percent(getattr(port, "par30", None), lang),
            ),
            help=t("ov_repayment_help", lang),
        )
    else:
        widgets.card(
            c[1], t("ov_repayment", lang), fmt.MISSING, o.no_port or t("ov_no_loans", lang)
        )
    # 6. difference in differences
    _did_card(o, c[2])
    # 7. comparison group's change
    widgets.card(
        c[3],
        t("ov_cmp_change", lang),
        fmt.MISSING if o.small_cmp else fmt.rupiah_short(cmp_["mean_change"], lang, sign=True),
        fmt.interval(cmp_["ci_low"], cmp_["ci_high"], lang)
        if not o.small_cmp
        else t("ov_no_comparison", lang, threshold=threshold),
        help=t("ov_cmp_help", lang),
    )


def _did_card(o: _Overview, col) -> None:
    lang, threshold, did = o.lang, o.threshold, o.did
    if o.did_ok:
        d = did.value
        detail = t(
            "ov_did_detail",
            lang,
            ci=fmt.interval(d.ci_low, d.ci_high, lang),
            p=fmt.p_text(d.p_value, lang),
            clusters=fmt.number(d.n_clusters, lang) if d.n_clusters else fmt.MISSING,
        )
        if d.wild_p is not None:
            detail += " " + t("ov_did_wild", lang, p=fmt.p_text(d.wild_p, lang))
        widgets.card(
            col,
            t("ov_did", lang),
            fmt.rupiah_short(d.estimate, lang, sign=True),
            detail,
            help=t("ov_did_help", lang),
        )
        return
    if did is not None:
        reason = did.message(lang)
    elif o.small_cmp:
        reason = t("ov_no_comparison", lang, threshold=threshold)
    else:
        reason = t("suppressed", lang, threshold=threshold)
    widgets.card(col, t("ov_did", lang), fmt.MISSING, reason, help=t("ov_did_help", lang))


def _summary(o: _Overview) -> None:
    lang, prog, cmp_, view = o.lang, o.prog, o.cmp_, o.view
    small_prog, small_cmp = o.small_prog, o.small_cmp
    did = o.did.value if o.did_ok else None
    st.subheader(t("ov_summary", lang))
    h = Headline(
        before=fmt.md_escape(view.before),
        after=fmt.md_escape(view.after),
        real=view.real,
        n_program=o.n_prog,
        mean_before=None if small_prog else _num(prog["mean_before"]),
        mean_after=None if small_prog else _num(prog["mean_after"]),
        mean_change=None if small_prog else _num(prog["mean_change"]),
        ci_low=None if small_prog else _num(prog["ci_low"]),
        ci_high=None if small_prog else _num(prog["ci_high"]),
        median_change=None if small_prog else _num(prog["median_change"]),
        share_improved=None if small_prog else _num(prog["share_improved"]),
        n_comparison=o.n_cmp if not small_cmp else 0,
        comparison_mean_change=None if small_cmp else _num(cmp_["mean_change"]),
        did=None if did is None else did.estimate,
        did_low=None if did is None else did.ci_low,
        did_high=None if did is None else did.ci_high,
        did_p=None if did is None else did.p_value,
        repayment_rate=None if o.port is None else o.port.repayment_rate,
        suppressed=small_prog,
    )
    st.markdown("\n\n".join(summary(h, lang)))


def _charts(o: _Overview):
    """The distribution of changes and the change by cooperative; returns the latter's table."""
    lang, view = o.lang, o.view
    b, a = view.before, view.after
    left, right = st.columns(2)
    with left:
        ch = compute.income_changes(view.key, b, a, o.data)
        values = compute.member_values(view.key, b, a, "income_change", ch)
        series = {t("program", lang): values[1]}
        if not o.small_cmp:
            series[t("comparison", lang)] = values[0]
        fig = charts.overlaid_histograms(
            series,
            lang,
            title=t("ov_dist_title", lang),
            x_title=t("ov_dist_x", lang),
            y_title=t("count_axis", lang),
        )
        st.plotly_chart(fig, key="overview_distribution")
        st.caption(t("aggregated_note", lang))
    with right:
        return _coop_chart(o)


def _coop_chart(o: _Overview):
    lang, threshold, view = o.lang, o.threshold, o.view
    by_coop = compute.program_subgroups(
        view.key, "cooperative_id", view.before, view.after, threshold, o.data
    )
    coop = by_coop[["level", "n", "mean_change", "ci_low", "ci_high", "p_bh"]].rename(
        columns={"level": "cooperative_id"}
    )
    # the cooperatives split the program total of the cards: complementary suppression
    coop = tables.suppress_small_cells(coop, "n", threshold, keep=["cooperative_id"], margins=[])
    drawn = tables.extremes(coop, "mean_change")
    fig = charts.ranked_bars(
        drawn,
        lang,
        label="cooperative_id",
        value="mean_change",
        low="ci_low",
        high="ci_high",
        n="n",
        title=t("ov_coop_title", lang),
        x_title=t("ov_coop_x", lang),
        suppressed_text=t("suppressed", lang, threshold=threshold),
    )
    st.plotly_chart(fig, key="overview_by_coop")
    if len(drawn) < len(coop):
        st.caption(t("chart_extremes", lang, n=len(drawn) // 2, total=len(coop)))
    if (coop["n"] < threshold).any():
        st.caption(t("suppressed_rows", lang, threshold=threshold))
    return coop


def _tables(o: _Overview, coop) -> None:
    lang, threshold = o.lang, o.threshold
    with st.expander(t("ov_table", lang)):
        widgets.table(
            tables.suppress_small_cells(
                o.ba.drop(columns=["note"], errors="ignore"),
                "n",
                threshold,
                keep=["group", "wave_before", "wave_after", "n_lost", "share_lost"],
            ),
            "before_after",
            lang,
            key="overview_download_ba",
            formats=_BA_FORMATS,
        )
        widgets.table(
            coop, "change_by_cooperative", lang, key="overview_download_coop", formats=_BA_FORMATS
        )


def _portfolio(view: state.View, threshold: int, lang: Lang) -> tuple[Any, str]:
    """The loans summary of the view, or ``None`` and why: no ledger, no result, or fewer
    borrowers than the small-cell threshold (as on the Loans page, no rate is shown)."""
    if view.loans is None:
        return None, t("ov_no_loans", lang)
    summary = compute.portfolio(view.key, view.loans)
    if not summary.ok:
        return None, fmt.md_escape(summary.message(lang))
    if summary.value.n_borrowers < threshold:
        return None, t("suppressed", lang, threshold=threshold)
    return summary.value, ""


def _share_detail(prog, lang: Lang) -> str:
    """How many members the share is of, and its interval when there is one."""
    n = fmt.number(int(prog["n"]), lang)
    low, high = _num(prog.get("share_improved_ci_low")), _num(prog.get("share_improved_ci_high"))
    if low is None or high is None:
        return t("ov_share_detail", lang, n=n)
    return t("ov_share_ci", lang, ci=fmt.interval(low, high, lang, share=True), n=n)


_BA_FORMATS = {
    "mean_before": "money",
    "mean_after": "money",
    "median_before": "money",
    "median_after": "money",
    "mean_change": "money_signed",
    "median_change": "money_signed",
    "sd_change": "money",
    "ci_low": "money",
    "ci_high": "money",
    "pct_change": "percent",
    "share_improved": "share",
    "share_improved_ci_low": "share",
    "share_improved_ci_high": "share",
    "share_lost": "share",
    "t_p": "p",
    "wilcoxon_p": "p",
    "p_bh": "p",
    "p_holm": "p",
}


if __name__ == "__main__":
    main()
