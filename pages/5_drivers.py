"""Drivers: what goes with larger income gains? Capital, training hours and market channels.

The four default regressions side by side, a coefficient plot, dose-response by capital band,
diagnostics (residuals, VIF, heteroskedasticity) and a model builder for researchers.
"""

from __future__ import annotations

import streamlit as st

from ui import charts, compute, state, tables, widgets
from ui import format as fmt
from ui.i18n import Lang, t

SE_TYPES = ("HC3", "HC1", "nonrobust", "cluster")
CLUSTERS = ("cooperative_id", "group_id", "kelurahan")
#: Model terms with a readable label (others are shown as the engine names them).
TERMS = (
    "capital_m",
    "training_hours",
    "market_channels_change",
    "log(capital)",
    "capital_m:training_hours",
    "age",
    "household_size",
    "business_age_years",
    "in_program",
    "Intercept",
)


def main() -> None:
    """Draw the Drivers page."""
    widgets.page("page_drivers", _body)


def _term_labels(lang: Lang) -> dict[str, str]:
    # "per Rp 1 million" in the unit of the data shown (issue 9)
    return {term: fmt.with_unit(t(f"term_{_key(term)}", lang)) for term in TERMS}


def _key(term: str) -> str:
    return term.replace("(", "_").replace(")", "").replace(":", "_x_").lower()


def _body(view: state.View, lang: Lang, threshold: int) -> None:
    b, a = view.before, view.after
    st.caption(t("drv_intro", lang))
    se, cluster, sample, use_loans = _controls(view, lang)
    changes = compute.changes(view.key, b, a, view.survey)
    if use_loans:
        loan_cap = compute.attempt(
            compute.changes_with_loan_capital, view.key, b, a, view.survey, view.loans
        )
        if loan_cap.ok:
            changes = loan_cap.value
        else:
            st.warning(t("drv_loans_unusable", lang, reason=fmt.md_escape(loan_cap.message(lang))))
            use_loans = False

    labels = _term_labels(lang)
    st.subheader(t("drv_models", lang))
    _default_models(view, changes, se, cluster, sample, use_loans, labels, threshold, lang)

    st.subheader(t("drv_builder", lang))
    _builder(view, changes, se, cluster, use_loans, labels, lang)


def _default_models(
    view: state.View,
    changes,
    se: str,
    cluster: str | None,
    sample: str,
    use_loans: bool,
    labels: dict[str, str],
    threshold: int,
    lang: Lang,
) -> None:
    """The four default models, coefficient plot, dose-response and diagnostics."""
    models = compute.driver_models(
        view.key, view.before, view.after, se, cluster, sample, use_loans, changes
    )
    if not models.ok:
        st.info(t("drv_no_models", lang, reason=fmt.md_escape(models.message(lang))))
        return
    results = models.value
    st.caption(fmt.with_unit(t("drv_models_note", lang)))
    _regression_table(results, labels, lang, "drivers_download_table")
    tidy = compute.tidy(tuple(results))
    widgets.download(
        tidy,
        "driver_coefficients",
        lang,
        key="drivers_download_tidy",
        label=t("download_coefficients", lang),
    )

    names = [m.name for m in results]
    chosen = st.selectbox(
        t("drv_pick_model", lang),
        names,
        format_func=lambda n: t(f"model_{n}", lang) if f"model_{n}" in _MODELS else n,
        key="drivers_model",
    )
    model = results[names.index(chosen)]
    left, right = st.columns(2)
    with left:
        _coefficient_plot(model, labels, lang, key="drivers_coefficients")
    with right:
        _dose(view, sample, use_loans, changes, threshold, lang)

    st.subheader(
        t(
            "drv_diagnostics",
            lang,
            model=t(f"model_{chosen}", lang) if f"model_{chosen}" in _MODELS else chosen,
        )
    )
    _diagnostics(model, labels, lang)


def _regression_table(results, labels, lang: Lang, key: str) -> None:
    table = compute.regression_table(tuple(results), labels)
    shown = table.copy()
    for col in shown.columns[2:]:
        shown[col] = [tables.localize_numbers(v, lang) for v in shown[col]]
    shown["term"] = [
        "" if stat == "se" else tables.term_label(term, labels, lang)
        for term, stat in zip(shown["term"], shown["statistic"], strict=True)
    ]
    shown["statistic"] = [
        t(f"stat_{s}", lang) if s in ("estimate", "se") else "" for s in shown["statistic"]
    ]
    shown = shown.rename(
        columns={
            "term": t("col_term", lang),
            "statistic": "",
            **{n: t(f"model_{n}", lang) for n in shown.columns[2:] if f"model_{n}" in _MODELS},
        }
    )
    st.dataframe(shown, hide_index=True, width="stretch", height="content")
    se_types = sorted({m.se_type_text(lang) for m in results})
    st.caption(fmt.md_escape(t("drv_table_note", lang, se=", ".join(se_types))))
    widgets.download(table, "regression_table", lang, key=key)


def _coefficient_plot(model, labels, lang: Lang, *, key: str) -> None:
    coefs = model.coefficients
    coefs = coefs[coefs["term"] != "Intercept"].assign(
        label=lambda d: d["term"].map(lambda x: tables.term_label(x, labels, lang))
    )
    fig = charts.forest(
        coefs,
        lang,
        label="label",
        estimate="estimate",
        low="ci_low",
        high="ci_high",
        title=t("drv_coef_title", lang),
        x_title=t("drv_coef_x", lang),
        money=model.outcome == "income_change",
    )
    st.plotly_chart(fig, key=key)


def _diagnostics(model, labels: dict[str, str], lang: Lang) -> None:
    _diagnostic_cards(model, lang)
    for w in model.warnings:
        st.caption(":material/info: " + fmt.md_escape(w.text(lang)))
    left, right = st.columns(2)
    with left:
        money = model.outcome == "income_change"
        if len(model.resid):
            fig = charts.heatmap2d(
                model.fitted,
                model.resid,
                lang,
                title=t("drv_resid_title", lang),
                x_title=t("drv_fitted", lang),
                y_title=t("drv_resid", lang),
                money=money,
            )
            st.plotly_chart(fig, key="drivers_residuals")
    with right:
        r = model.residuals
        resid = tables.residual_summary(r, lang)
        widgets.table(
            resid,
            "residuals",
            lang,
            key="drivers_download_resid",
            formats={"value": "money" if money else "number"},
        )
        if not model.vif.empty:
            widgets.table(
                model.vif.assign(
                    term=lambda d: d["term"].map(lambda x: tables.term_label(x, labels, lang))
                ),
                "vif",
                lang,
                key="drivers_download_vif",
                formats={"vif": "number"},
            )
            st.caption(t("drv_vif_note", lang))


def _builder(
    view: state.View, changes, se: str, cluster: str | None, use_loans: bool, labels, lang: Lang
) -> None:
    st.caption(t("drv_builder_note", lang))
    _builder_form(changes, lang)
    if "drivers_last_formula" not in st.session_state:
        return
    formula, fixed_t = st.session_state["drivers_last_formula"]
    st.code(formula, language=None)
    custom = compute.custom_model(
        view.key, view.before, view.after, formula, fixed_t, se, cluster, use_loans, changes
    )
    if not custom.ok:
        st.error(t("drv_formula_error", lang, detail=fmt.md_escape(custom.message(lang))))
        return
    _regression_table([custom.value], labels, lang, "drivers_download_custom")
    widgets.download(
        custom.value.tidy(),
        "custom_model_coefficients",
        lang,
        key="drivers_download_custom_tidy",
        label=t("download_coefficients", lang),
    )
    _coefficient_plot(custom.value, labels, lang, key="drivers_custom_coefficients")


def _controls(view: state.View, lang: Lang) -> tuple[str, str | None, str, bool]:
    """Standard errors, cluster, sample and capital source chosen above the models."""
    c1, c2, c3, c4 = st.columns(4)
    se = c1.selectbox(
        t("drv_se", lang),
        SE_TYPES,
        format_func=lambda s: t(f"se_{s}", lang),
        key="drivers_se",
        persist_state="session",
    )
    clusters = [c for c in CLUSTERS if c in view.base.columns]
    cluster = None
    if se == "cluster" and clusters:
        cluster = c2.selectbox(
            t("drv_cluster", lang),
            clusters,
            format_func=lambda c: t(f"sub_{c}", lang) if f"sub_{c}" in _SUB else c,
            key="drivers_cluster",
            persist_state="session",
        )
    sample = c3.radio(
        t("drv_sample", lang),
        ("members", "all"),
        format_func=lambda s: t(f"drv_sample_{s}", lang),
        key="drivers_sample",
        persist_state="session",
    )
    use_loans = False
    if view.loans is not None:
        use_loans = (
            c4.radio(
                t("drv_capital_source", lang),
                ("survey", "loans"),
                format_func=lambda s: t(f"drv_capital_{s}", lang),
                key="drivers_capital",
                persist_state="session",
            )
            == "loans"
        )
    if se == "cluster" and cluster is None:
        se = "HC3"

    return se, cluster, sample, use_loans


def _dose(
    view: state.View, sample: str, use_loans: bool, changes, threshold: int, lang: Lang
) -> None:
    """Mean income change by capital band, with its table."""
    dose = compute.dose_response(view.key, view.before, view.after, sample, use_loans, changes)
    if dose.ok:
        bands = tables.suppress_small_cells(
            dose.value, "n", threshold, keep=["band", "lower", "upper"], margins=[]
        ).assign(  # the engine writes bands in English numbers: 2.5 jt
            band=lambda d: [
                tables.band_label(lo, hi, lang)
                for lo, hi in zip(d["lower"], d["upper"], strict=True)
            ]
        )
        fig = charts.lines_with_ci(
            bands,
            lang,
            x="band",
            y="mean",
            low="ci_low",
            high="ci_high",
            title=t("drv_dose_title", lang),
            x_title=t("drv_dose_x", lang),
            y_title=t("ov_coop_x", lang),
            reference=0.0,
        )
        st.plotly_chart(fig, key="drivers_dose")
        widgets.table(
            bands.drop(columns=["note"], errors="ignore"),
            "dose_response",
            lang,
            key="drivers_download_dose",
            formats={
                "mean": "money_signed",
                "sd": "money",
                "se": "money",
                "ci_low": "money",
                "ci_high": "money",
                "lower": "money",
                "upper": "money",
            },
        )
    else:
        st.info(dose.message(lang))


def _diagnostic_cards(model, lang: Lang) -> None:
    c = st.columns(4)
    widgets.card(
        c[0],
        "N",
        fmt.number(model.nobs, lang),
        t(
            "drv_dropped",
            lang,
            dropped=fmt.number(model.n_dropped, lang),
            excluded=fmt.number(model.n_excluded, lang),
        ),
    )
    widgets.card(
        c[1],
        t("drv_r2", lang),
        fmt.number(model.r2, lang, 3),
        t("drv_adj_r2", lang, adj=fmt.number(model.adj_r2, lang, 3)),
    )
    het = model.heteroskedasticity
    widgets.card(
        c[2],
        t("drv_het", lang),
        fmt.p_text(het.p_value, lang),
        t("drv_het_detail", lang, stat=fmt.number(het.statistic, lang, 2), df=het.df),
    )
    widgets.card(
        c[3],
        t("drv_se_used", lang),
        fmt.md_escape(model.se_type_text(lang)),
        t(
            "drv_clusters",
            lang,
            n=fmt.number(model.n_clusters, lang) if model.n_clusters else fmt.MISSING,
        ),
    )


def _builder_form(changes, lang: Lang) -> None:
    """The model builder's inputs; its button stores the formula (see :func:`_store_model`)."""
    numeric = compute.columns_of(changes)
    every = list(changes.columns)
    with st.form("drivers_builder_form"):
        c1, c2 = st.columns(2)
        c1.selectbox(
            t("drv_outcome", lang),
            numeric,
            index=numeric.index("income_change") if "income_change" in numeric else 0,
            format_func=lambda c: tables.column_label(c, lang),
            key="drivers_outcome",
        )
        c2.multiselect(
            t("drv_regressors", lang),
            every,
            default=[
                c for c in ("capital", "training_hours", "market_channels_change") if c in every
            ],
            format_func=lambda c: tables.column_label(c, lang),
            key="drivers_regressors",
        )
        c3, c4 = st.columns(2)
        c3.multiselect(
            t("drv_controls", lang),
            every,
            format_func=lambda c: tables.column_label(c, lang),
            key="drivers_controls",
        )
        c4.multiselect(
            t("drv_fixed", lang),
            [
                c
                for c in ("cooperative_id", "group_id", "kelurahan", "kecamatan", "business_type")
                if c in every
            ],
            format_func=lambda c: tables.column_label(c, lang),
            key="drivers_fixed",
        )
        st.text_input(
            t("drv_formula", lang),
            key="drivers_formula",
            help=t("drv_formula_help", lang),
            placeholder="income_change ~ capital + training_hours + C(business_type)",
        )
        st.form_submit_button(t("drv_fit", lang), type="primary", on_click=_store_model)


def _store_model() -> None:
    """Callback of the model builder's button: keep the formula to fit (typed or built)."""
    ss = st.session_state
    typed = (ss.get("drivers_formula") or "").strip()
    terms = [*ss.get("drivers_regressors", []), *ss.get("drivers_controls", [])]
    formula = typed or compute.build_formula(ss.get("drivers_outcome", "income_change"), terms)
    ss["drivers_last_formula"] = (formula, tuple(ss.get("drivers_fixed", [])))


_MODELS = (
    "model_capital_training_market",
    "model_with_controls",
    "model_log_log",
    "model_interaction",
    "model_custom",
)
_SUB = ("sub_cooperative_id", "sub_kelurahan", "sub_group_id")


if __name__ == "__main__":
    main()
