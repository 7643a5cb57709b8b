"""Loans: the cooperative's portfolio as a loan officer or auditor reads it.

Disbursement over time, portfolio at risk and ageing, repayment rate, loan cycles and sizes,
by cooperative and joint-liability group (definitions of the Microfinance Consensus
Guidelines, computed in ``analysis.methods.portfolio``).
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from ui import charts, compute, state, tables, widgets
from ui import format as fmt
from ui.i18n import TEXTS, Lang, t

FREQS = ("M", "Q", "Y")
BY = ("cooperative_id", "group_id")
_BY_FORMATS: dict[str, tables.Format] = {
    "disbursed": "money",
    "avg_loan": "money",
    "outstanding": "money",
    "avg_outstanding": "money",
    "par1": "share",
    "par30": "share",
    "par90": "share",
    "par_base": "money",
    "repayment_rate": "share",
    "repayment_due": "money",
    "repayment_paid": "money",
    "npl_ratio": "share",
    "written_off": "money",
    "outstanding_unknown_overdue": "money",
}


def main() -> None:
    """Draw the Loans page."""
    widgets.page(
        "page_loans", _body, analyses_survey=False, money=("loans", "principal"), warn_lost=True
    )


def _body(view: state.View, lang: Lang, threshold: int) -> None:
    s = _portfolio(view, lang, threshold)
    if s is None:
        return
    _cards(s, lang)
    left, right = st.columns(2)
    with left:
        _disbursements(view, lang)
    with right:
        _aging(view, lang)
    left, right = st.columns(2)
    with left:
        _cycles(s, lang, threshold)
    with right:
        _kolektibilitas(s, lang)
    _by_group(view, lang, threshold)


def _portfolio(view: state.View, lang: Lang, threshold: int):
    """The portfolio summary, or ``None`` after saying why there is none to show."""
    if view.loans is None:
        st.info(t("loans_none", lang), icon=":material/info:")
        st.page_link("pages/2_data.py", label=t("go_to_data", lang), icon=":material/upload_file:")
        return None
    summary = compute.portfolio(view.key, view.loans)
    if not summary.ok:
        st.error(t("error_data", lang, detail=fmt.md_escape(summary.message(lang))))
        return None
    s = summary.value
    # the portfolio's rates are shown only when the ledger has enough borrowers
    if s.n_borrowers < threshold:
        st.warning(t("small_view", lang, n=s.n_borrowers, threshold=threshold))
        return None
    return s


def _cards(s, lang: Lang) -> None:
    st.caption(t("loans_as_of", lang, date=s.as_of.date() if s.as_of is not None else fmt.MISSING))
    c = st.columns(4)
    widgets.card(
        c[0],
        t("loans_disbursed", lang),
        fmt.rupiah_short(s.disbursed, lang),
        t(
            "loans_disbursed_detail",
            lang,
            n=fmt.number(s.n_loans, lang),
            borrowers=fmt.number(s.n_borrowers, lang),
            avg=fmt.rupiah(s.avg_disbursed_loan, lang),
        ),
    )
    widgets.card(
        c[1],
        t("loans_portfolio", lang),
        fmt.rupiah_short(s.gross_loan_portfolio, lang),
        t(
            "loans_portfolio_detail",
            lang,
            n=fmt.number(s.n_active_loans, lang),
            borrowers=fmt.number(s.n_active_borrowers, lang),
        ),
        help=t("loans_portfolio_help", lang),
    )
    widgets.card(
        c[2],
        t("ov_repayment", lang),
        fmt.percent(s.repayment_rate, lang),
        t(
            "ov_repayment_detail",
            lang,
            paid=fmt.rupiah_short(s.repayment_paid, lang),
            due=fmt.rupiah_short(s.repayment_due, lang),
            par30=fmt.percent(s.par30, lang),
        ),
        help=t("ov_repayment_help", lang),
    )
    widgets.card(
        c[3],
        t("loans_par30", lang),
        fmt.percent(s.par30, lang),
        t(
            "loans_par_detail",
            lang,
            par1=fmt.percent(s.par1, lang),
            par90=fmt.percent(s.par90, lang),
            wo=fmt.rupiah_short(s.written_off, lang),
            n_wo=fmt.number(s.n_written_off, lang),
        ),
        help=t("loans_par_help", lang),
    )
    for note in s.notes:
        st.caption(":material/info: " + fmt.md_escape(note.text(lang)))


def _disbursements(view: state.View, lang: Lang) -> None:
    freq = st.segmented_control(
        t("loans_freq", lang),
        FREQS,
        default="Q",
        required=True,
        format_func=lambda f: t(f"freq_{f}", lang),
        key="loans_freq",
    )
    disb = compute.disbursements(view.key, freq, view.loans)
    if disb.ok:
        fig = charts.bars(
            disb.value,
            lang,
            x="period",
            y="amount",
            money=True,
            title=t("loans_disb_title", lang),
            x_title=t("loans_period", lang),
            y_title=t("loans_amount", lang),
        )
        st.plotly_chart(fig, key="loans_disbursements")
        widgets.download(disb.value, "disbursements", lang, key="loans_download_disb")


def _aging(view: state.View, lang: Lang) -> None:
    aging = compute.par_aging(view.key, None, view.loans)
    if aging.ok:
        ag = aging.value.assign(
            bucket_label=lambda d: d["bucket"].map(lambda b: t(f"bucket_{_bucket_key(b)}", lang))
        )
        fig = charts.bars(
            ag,
            lang,
            x="bucket_label",
            y="outstanding",
            money=True,
            color=charts.ALERT,
            title=t("loans_aging_title", lang),
            x_title=t("loans_days_overdue", lang),
            y_title=t("loans_outstanding", lang),
        )
        st.plotly_chart(fig, key="loans_aging")
        widgets.download(aging.value, "par_aging", lang, key="loans_download_aging")


def _cycles(s, lang: Lang, threshold: int) -> None:
    cycles = pd.DataFrame([c.__dict__ for c in s.cycles])
    if not cycles.empty:
        # one loan per borrower and cycle: a cycle of few loans is one of few members
        cycles = tables.suppress_small_cells(
            cycles.assign(cycle=cycles["cycle"].map(lambda c: f"{c:g}")),
            "n_loans",
            threshold,
            keep=["cycle"],
            margins=[],
        )
        fig = charts.bars(
            cycles,
            lang,
            x="cycle",
            y="avg_loan",
            money=True,
            title=t("loans_cycles_title", lang),
            x_title=t("loans_cycle", lang),
            y_title=t("loans_avg", lang),
        )
        st.plotly_chart(fig, key="loans_cycles")
        widgets.table(
            cycles,
            "loan_cycles",
            lang,
            key="loans_download_cycles",
            formats={"disbursed": "money", "avg_loan": "money"},
        )
        if (cycles["n_loans"] < threshold).any():
            st.caption(t("suppressed_rows", lang, threshold=threshold))


def _kolektibilitas(s, lang: Lang) -> None:
    kol = pd.DataFrame([k.__dict__ for k in s.kolektibilitas])
    if not kol.empty:
        kol = kol.assign(
            kolektibilitas=kol["kolektibilitas"].map(
                lambda k: t(f"kol_{k}", lang) if f"kol_{k}" in TEXTS else k
            )
        )
    if not kol.empty:
        st.markdown("**" + t("loans_kol", lang) + "**")
        widgets.table(
            kol,
            "kolektibilitas",
            lang,
            key="loans_download_kol",
            formats={"outstanding": "money", "share_of_portfolio": "share"},
        )
        st.caption(t("loans_kol_note", lang))


def _by_group(view: state.View, lang: Lang, threshold: int) -> None:
    st.subheader(t("loans_by", lang))
    by_options = [b for b in BY if b in view.loans.columns]
    if not by_options:
        return
    by = st.segmented_control(
        t("inc_subgroup_by", lang),
        by_options,
        default=by_options[0],
        required=True,
        format_func=lambda b: t(f"sub_{b}", lang),
        key="loans_by",
    )
    per = compute.portfolio_by(view.key, by, view.loans)
    if not per.ok:
        st.info(fmt.md_escape(per.message(lang)))
        return
    # the rows split the portfolio of the cards: complementary suppression
    table = tables.suppress_small_cells(per.value, "n_borrowers", threshold, keep=[by], margins=[])
    shown = table.sort_values("par30", ascending=False, na_position="last")
    fig = charts.ranked_bars(
        shown.head(40),
        lang,
        label=by,
        value="par30",
        share=True,
        n="n_borrowers",
        title=t("loans_par_by_title", lang, by=t(f"sub_{by}", lang)),
        x_title="PAR30",
        suppressed_text=t("suppressed", lang, threshold=threshold),
    )
    st.plotly_chart(fig, key="loans_par_by")
    if len(shown) > 40:
        st.caption(t("loans_top", lang, n=40, total=len(shown)))
    widgets.table(shown, f"portfolio_by_{by}", lang, key="loans_download_by", formats=_BY_FORMATS)
    if (per.value["n_borrowers"] < threshold).any():
        st.caption(t("suppressed_rows", lang, threshold=threshold))


def _bucket_key(bucket: str) -> str:
    return {
        ">180": "over180",
        "1-30": "1_30",
        "31-60": "31_60",
        "61-90": "61_90",
        "91-180": "91_180",
    }.get(bucket, bucket)


if __name__ == "__main__":
    main()
