"""Method: what each number means and how it was computed, the assumptions and caveats that
come with it, and where the data came from (file hash, mapping used).
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

import analysis
from ui import compute, state, tables, widgets
from ui import format as fmt
from ui.i18n import Lang, t

#: Definitions shown, in reading order (``meth_def_<key>`` holds the text).
DEFINITIONS = (
    "mean_change",
    "median_change",
    "share_improved",
    "ci",
    "tests",
    "dz",
    "subgroups",
    "did",
    "clusters",
    "balance",
    "event",
    "drivers",
    "dose",
    "real",
    "portfolio",
    "suppression",
)
CAVEATS = ("selection", "attrition", "few_clusters", "self_report", "synthetic")


def main() -> None:
    """Draw the Method page."""
    widgets.page("page_method", _body, analyses_survey=False)


def _body(view: state.View, lang: Lang, threshold: int) -> None:
    st.subheader(t("meth_numbers", lang))
    for key in DEFINITIONS:
        with st.expander(t(f"meth_title_{key}", lang)):
            st.markdown(t(f"meth_def_{key}", lang, threshold=threshold))

    st.subheader(t("meth_caveats", lang))
    for key in CAVEATS:
        if key == "synthetic" and not view.synthetic:
            continue
        st.markdown(f"**{t(f'meth_cav_title_{key}', lang)}.** " + t(f"meth_cav_{key}", lang))
    if view.base is not None and view.before is not None:
        lost = compute.attrition(
            view.key, view.before, view.after, view.frame("income", "in_program")
        )
        if lost.ok:
            st.markdown("**" + t("meth_attrition_table", lang) + "**")
            # counts stay; the share lost of a group of few members is suppressed
            table = tables.suppress_small_cells(
                lost.value.assign(
                    group=lambda d: d["group"].map(
                        {1: t("program", lang), 0: t("comparison", lang)}
                    )
                ),
                "n_before",
                threshold,
                keep=["group", "n_after", "n_both", "n_lost"],
            )
            widgets.table(
                table,
                "attrition",
                lang,
                key="method_download_attrition",
                formats={"share_lost": "share"},
            )

    st.subheader(t("meth_prices", lang))
    cpi = compute.attempt(analysis.load_cpi)
    if cpi.ok:
        cols = [c for c in ("year", "cpi", "kind", "source") if c in cpi.value.columns]
        widgets.table(
            cpi.value[cols], "cpi", lang, key="method_download_cpi", formats={"cpi": "number"}
        )
        st.caption(t("meth_cpi_note", lang))

    st.subheader(t("meth_provenance", lang))
    widgets.table(_provenance(view, lang), "provenance", lang, key="method_download_provenance")
    mapping = _mapping_table(view, lang)
    if mapping is not None:
        st.markdown("**" + t("meth_mapping", lang) + "**")
        widgets.table(mapping, "mapping", lang, key="method_download_mapping")


def _provenance(view: state.View, lang: Lang) -> pd.DataFrame:
    ds = view.dataset
    rows: list[tuple[str, str]] = [
        (t("meth_source", lang), t(f"meth_source_{ds.source}", lang)),
        (t("meth_survey_file", lang), ds.survey_file.name),
        (t("meth_sha256", lang), ds.survey_file.sha256),
    ]
    if ds.survey_file.data:  # a saved evaluation keeps no bytes, only their hash
        rows.append((t("meth_size", lang), fmt.number(len(ds.survey_file.data), lang) + " bytes"))
    if ds.loans_file is not None:
        rows += [
            (t("meth_loans_file", lang), ds.loans_file.name),
            (t("meth_sha256_loans", lang), ds.loans_file.sha256),
        ]
    if view.base is not None:
        rows += [
            (t("meth_rows", lang), fmt.number(len(ds.survey), lang)),
            (t("meth_members", lang), fmt.number(view.n_members_total, lang)),
            (t("meth_waves", lang), ", ".join(str(w) for w in view.waves)),
            (t("meth_compared", lang), f"{view.before} → {view.after}"),
            (t("meth_view_members", lang), fmt.number(view.n_members, lang)),
            (t("meth_basis", lang), t(f"basis_{view.filters.basis}", lang)),
            (t("meth_threshold", lang), fmt.number(state.small_cell_min(), lang)),
        ]
    return pd.DataFrame(rows, columns=[t("meth_item", lang), t("meth_value", lang)])


def _mapping_table(view: state.View, lang: Lang) -> pd.DataFrame | None:
    """Which column of the file became which field, from the load report."""
    frames = []
    for kind, loaded, chosen in (
        ("survey", view.dataset.survey_loaded, dict(view.dataset.survey_mapping)),
        ("loans", view.dataset.loans_loaded, dict(view.dataset.loans_mapping)),
    ):
        report = getattr(loaded, "report", None)
        mapping = getattr(report, "mapping", None)
        if not mapping:
            continue
        frames.append(
            pd.DataFrame(
                {
                    "dataset": kind,
                    "field": list(mapping),
                    "column": [str(c) for c in mapping.values()],
                    "chosen_by": [
                        t("meth_by_user", lang) if f in chosen else t("meth_by_auto", lang)
                        for f in mapping
                    ],
                }
            )
        )
    return pd.concat(frames, ignore_index=True) if frames else None


if __name__ == "__main__":
    main()
