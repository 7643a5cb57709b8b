"""Cached calls into the engine: every page computation goes through here.

Each wrapper takes the view's ``key`` (dataset bytes' hash + mapping + filters) and hashable
options as its cache key, and the frames under leading-underscore names (never hashed: a
large frame would be sampled, and a stale result served). Member-level frames are kept in
``st.cache_resource`` (shared, read-only, no copy per access); small result tables in
``st.cache_data``. The statistics themselves are all in ``analysis``.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd
import streamlit as st

import analysis
from analysis.methods.comparison import DEFAULT_BALANCE_COVARIATES

_TTL = 3600
#: Columns the balance table reads by default; the page hands over only these, which makes
#: selecting rows cheap. The engine's own list, so that the two never drift apart.
BALANCE_COVARIATES: tuple[str, ...] = DEFAULT_BALANCE_COVARIATES


@dataclass(frozen=True)
class Outcome:
    """A result, or why there is none, in English and Indonesian.

    The reason is kept as text, not as the exception: results go through ``st.cache_data``,
    which pickles them, and the engine's ``DataError`` does not survive a pickle round trip.
    """

    value: Any = None
    error_en: str | None = None
    error_id: str | None = None

    @property
    def ok(self) -> bool:
        """Whether there is a result."""
        return self.error_en is None

    def message(self, lang: str) -> str:
        """The reason in ``lang`` (empty when there is a result)."""
        if self.error_en is None:
            return ""
        return (self.error_id or self.error_en) if lang == "id" else self.error_en


def attempt(fn: Any, *args: Any, **kwargs: Any) -> Outcome:
    """Call ``fn``; a data problem (``ValueError``, ``DataError``) becomes an :class:`Outcome`.

    Used where a missing estimate is normal (no comparison group, too few clusters) and the
    page shows the reason next to the empty card instead of failing.
    """
    try:
        return Outcome(fn(*args, **kwargs))
    except ValueError as exc:
        text = getattr(exc, "text", None)
        if callable(text):
            return Outcome(None, str(text("en")), str(text("id")))
        return Outcome(None, str(exc), str(exc))


# --- member level (cache_resource: large, read-only) ---------------------------------------


@st.cache_resource(show_spinner=False, max_entries=16, ttl=_TTL)
def changes(key: str, before: Any, after: Any, _survey: pd.DataFrame) -> pd.DataFrame:
    """One row per member between the compared waves (:func:`analysis.member_changes`)."""
    return analysis.member_changes(_survey, before, after)


#: Columns the income charts and totals need: member_changes on these alone is 2-3x faster
#: than on a survey with every covariate and empowerment item.
_INCOME_COLUMNS = ("member_id", "wave", "income", "in_program", "capital")


@st.cache_resource(show_spinner=False, max_entries=16, ttl=_TTL)
def income_changes(key: str, before: Any, after: Any, _survey: pd.DataFrame) -> pd.DataFrame:
    """:func:`changes` of income (and capital) only, for charts and totals."""
    cols = [c for c in _INCOME_COLUMNS if c in _survey.columns]
    return analysis.member_changes(_survey[cols], before, after)


@st.cache_resource(show_spinner=False, max_entries=16, ttl=_TTL)
def changes_with_loan_capital(
    key: str, before: Any, after: Any, _survey: pd.DataFrame, _loans: pd.DataFrame
) -> pd.DataFrame:
    """:func:`changes` with capital taken from the loans ledger over the compared period.

    ``ValueError`` when the waves carry no dates (labels such as ``baseline``).
    """
    base = changes(key, before, after, _survey)
    period = analysis.period_from_waves(before, after)
    return analysis.capital_from_loans(base, _loans, period=period)


# --- small results (cache_data) ------------------------------------------------------------


@st.cache_data(show_spinner=False, max_entries=64, ttl=_TTL)
def before_after(
    key: str, before: Any, after: Any, _survey: pd.DataFrame, ci_method: str = "auto"
) -> pd.DataFrame:
    """Paired before/after comparison per group (:func:`analysis.before_after`).

    ``ci_method="t"`` skips the bootstrap where only means are shown.
    """
    return analysis.before_after(_survey, before, after, ci_method=ci_method)


@st.cache_data(show_spinner=False, max_entries=64, ttl=_TTL)
def subgroups(
    key: str, by: str, before: Any, after: Any, min_n: int, _survey: pd.DataFrame
) -> pd.DataFrame:
    """Before/after by subgroup with corrected p-values."""
    return analysis.subgroup_before_after(_survey, by, before, after, min_n=min_n)


@st.cache_data(show_spinner=False, max_entries=8, ttl=_TTL)
def link(key: str, _survey: pd.DataFrame, _loans: pd.DataFrame) -> pd.DataFrame:
    """How survey and loans match on member_id (per dataset)."""
    return analysis.link_datasets(_survey, _loans)


@st.cache_data(show_spinner=False, max_entries=32, ttl=_TTL)
def attrition(key: str, before: Any, after: Any, _survey: pd.DataFrame) -> Outcome:
    """Who is lost between the compared waves, by program status."""
    return attempt(analysis.attrition, _survey, before, after)


@st.cache_data(show_spinner=False, max_entries=64, ttl=_TTL)
def program_subgroups(
    key: str, by: str, before: Any, after: Any, min_n: int, _survey: pd.DataFrame
) -> pd.DataFrame:
    """:func:`subgroups` of program members only (the comparison group is not computed)."""
    if "in_program" in _survey.columns:
        _survey = _survey[(_survey["in_program"] == 1).to_numpy(dtype=bool, na_value=False)]
    out = analysis.subgroup_before_after(_survey, by, before, after, min_n=min_n)
    return out[out["group"] == "program"].reset_index(drop=True)


@st.cache_data(show_spinner=False, max_entries=64, ttl=_TTL)
def did(
    key: str,
    before: Any,
    after: Any,
    cluster: str | None,
    _survey: pd.DataFrame,
    all_waves: bool = False,
) -> Outcome:
    """Two-way fixed-effects DiD with clustered SE, or why it cannot be estimated."""
    cl = cluster if cluster in _survey.columns else None
    return attempt(analysis.did_twfe, _survey, before, after, cluster=cl, all_waves=all_waves)


@st.cache_data(show_spinner=False, max_entries=64, ttl=_TTL)
def did_table(
    key: str, before: Any, after: Any, cluster: str | None, _survey: pd.DataFrame
) -> Outcome:
    """The 2x2 DiD table."""
    cl = cluster if cluster in _survey.columns else None
    return attempt(analysis.did_table, _survey, before, after, cluster=cl)


@st.cache_data(show_spinner=False, max_entries=32, ttl=_TTL)
def balance(key: str, baseline: Any, cluster: str | None, _survey: pd.DataFrame) -> Outcome:
    """Baseline balance table."""
    cl = cluster if cluster in _survey.columns else None
    return attempt(analysis.balance_table, _survey, baseline, cluster=cl)  # default covariates


@st.cache_data(show_spinner=False, max_entries=32, ttl=_TTL)
def trends(key: str, waves: tuple[Any, ...], _survey: pd.DataFrame) -> Outcome:
    """Group means by wave with CIs over the chosen waves."""
    sub = _survey[_survey["wave"].isin(list(waves))] if waves else _survey
    return attempt(analysis.group_trends, sub)


@st.cache_data(show_spinner=False, max_entries=32, ttl=_TTL)
def staggered(key: str, cluster: str | None, _survey: pd.DataFrame) -> Outcome:
    """Callaway-Sant'Anna effects when status is recorded per wave (value ``None`` otherwise)."""
    cl = cluster if cluster in _survey.columns else None
    return attempt(analysis.staggered_summary, _survey, cluster=cl)


@st.cache_data(show_spinner=False, max_entries=32, ttl=_TTL)
def event_study(key: str, cluster: str | None, _survey: pd.DataFrame) -> Outcome:
    """Event study / pre-trend check over all waves."""
    cl = cluster if cluster in _survey.columns else None
    return attempt(analysis.event_study, _survey, cluster=cl)


@st.cache_data(show_spinner=False, max_entries=32, ttl=_TTL)
def driver_models(
    key: str,
    before: Any,
    after: Any,
    se: str,
    cluster: str | None,
    sample: str,
    use_loans: bool,
    _changes: pd.DataFrame,
) -> Outcome:
    """The default driver regressions (list of model results)."""
    return attempt(analysis.driver_models, _changes, se=se, cluster=cluster, sample=sample)


@st.cache_data(show_spinner=False, max_entries=32, ttl=_TTL)
def custom_model(
    key: str,
    before: Any,
    after: Any,
    formula: str,
    fixed_effects: tuple[str, ...],
    se: str,
    cluster: str | None,
    use_loans: bool,
    _changes: pd.DataFrame,
) -> Outcome:
    """A researcher's model from a formula."""
    return attempt(
        analysis.custom_model,
        _changes,
        formula,
        fixed_effects=fixed_effects,
        se=se,
        cluster=cluster,
    )


@st.cache_data(show_spinner=False, max_entries=32, ttl=_TTL)
def dose_response(
    key: str, before: Any, after: Any, sample: str, use_loans: bool, _changes: pd.DataFrame
) -> Outcome:
    """Mean income change by capital band."""
    return attempt(analysis.dose_response, _changes, sample=sample)


@st.cache_data(show_spinner=False, max_entries=32, ttl=_TTL)
def portfolio(key: str, _loans: pd.DataFrame) -> Outcome:
    """The whole-ledger portfolio summary."""
    return attempt(analysis.portfolio_summary, _loans)


@st.cache_data(show_spinner=False, max_entries=32, ttl=_TTL)
def portfolio_by(key: str, by: str, _loans: pd.DataFrame) -> Outcome:
    """Portfolio indicators per cooperative or group."""
    return attempt(analysis.portfolio_by, _loans, by)


@st.cache_data(show_spinner=False, max_entries=32, ttl=_TTL)
def disbursements(key: str, freq: str, _loans: pd.DataFrame) -> Outcome:
    """Loans and amount disbursed by period."""
    return attempt(analysis.disbursements, _loans, freq=freq)


@st.cache_data(show_spinner=False, max_entries=32, ttl=_TTL)
def par_aging(key: str, by: str | None, _loans: pd.DataFrame) -> Outcome:
    """Portfolio-at-risk ageing buckets."""
    return attempt(analysis.par_aging, _loans, by=by)


@st.cache_data(show_spinner=False, max_entries=16, ttl=_TTL)
def member_values(key: str, before: Any, after: Any, column: str, _changes: pd.DataFrame) -> Any:
    """One member-level column as a float array (for numpy binning), per program group."""
    out: dict[int, Any] = {}
    groups = _changes["in_program"].to_numpy()
    values = pd.to_numeric(_changes[column], errors="coerce").to_numpy(dtype="float64")
    for g in (1, 0):
        out[g] = values[groups == g]
    return out


@st.cache_data(show_spinner=False, max_entries=32, ttl=_TTL)
def capital_total(key: str, before: Any, after: Any, _changes: pd.DataFrame) -> float | None:
    """Loan capital program members reported receiving between the waves (survey)."""
    if "capital" not in _changes.columns:
        return None
    received = _changes.loc[_changes["in_program"] == 1, "capital"]
    return float(received.sum()) if received.notna().any() else None


def regression_table(models: Sequence[Any], labels: dict[str, str]) -> pd.DataFrame:
    """Models side by side (not cached: cheap, and hashing the fitted models is not)."""
    return analysis.regression_table(list(models), labels=labels)


def tidy(models: Sequence[Any]) -> pd.DataFrame:
    """Every coefficient of the given models, one row per model and term (for the CSV)."""
    return pd.concat([m.tidy() for m in models], ignore_index=True)


def build_formula(outcome: str, terms: Sequence[str]) -> str:
    """``outcome ~ a + b`` from column names, quoting names that are not identifiers.

    Examples
    --------
    >>> build_formula("income_change", ["capital", "jenis usaha"])
    'income_change ~ capital + `jenis usaha`'
    """

    def q(name: str) -> str:
        return name if name.isidentifier() else f"`{name}`"

    unique = [c for c in dict.fromkeys(terms) if c != outcome]
    return f"{q(outcome)} ~ " + (" + ".join(q(c) for c in unique) if unique else "1")


def columns_of(frame: pd.DataFrame, kinds: Sequence[str] = ("number",)) -> list[str]:
    """Column names of ``frame`` that are numeric (for the model builder's choices)."""
    if "number" in kinds:
        return [
            c
            for c in frame.columns
            if pd.api.types.is_numeric_dtype(frame[c]) and not pd.api.types.is_bool_dtype(frame[c])
        ]
    return list(frame.columns)


# --- empowerment and voices (issue 13) -----------------------------------------------------
# The configuration travels as its TOML text: hashable, and what the page offers to download.


def _config(config_toml: str) -> Any:
    return analysis.read_empowerment_config(config_toml)


@st.cache_data(show_spinner=False, max_entries=32, ttl=_TTL)
def empowerment(key: str, config_toml: str, by: str | None, _survey: pd.DataFrame) -> Outcome:
    """The index, by indicator and by domain per wave (and ``by`` level)."""
    return attempt(lambda: analysis.empowerment_tables(_survey, _config(config_toml), by))


@st.cache_data(show_spinner=False, max_entries=32, ttl=_TTL)
def empowerment_change(
    key: str,
    config_toml: str,
    before: Any,
    after: Any,
    cluster: str | None,
    _survey: pd.DataFrame,
) -> Outcome:
    """Program members' change in score and empowered share, and the DiD of the score."""
    cl = cluster if cluster in _survey.columns else None
    return attempt(
        lambda: analysis.empowerment_change(
            _survey, _config(config_toml), (before, after), cluster=cl
        )
    )


@st.cache_data(show_spinner=False, max_entries=32, ttl=_TTL)
def cronbach(key: str, config_toml: str, _survey: pd.DataFrame) -> Outcome:
    """Cronbach's alpha per domain and overall."""
    return attempt(lambda: analysis.cronbach_alpha(_survey, _config(config_toml)))


@st.cache_data(show_spinner=False, max_entries=8, ttl=_TTL)
def voices(
    key: str, excerpts_sha: str, codebook_sha: str | None, _excerpts: bytes, _codebook: Any,
    _survey: pd.DataFrame | None,
) -> Any:  # fmt: skip
    """Coded excerpts and codebook loaded (and checked against the survey), on their hashes."""
    return analysis.load_voices(_excerpts, _codebook, _survey)


@st.cache_data(show_spinner=False, max_entries=32, ttl=_TTL)
def voice_tables(
    key: str, excerpts_sha: str, theme: str, case_by: str | None, by: str | None, _voices: Any,
    _survey: pd.DataFrame | None,
) -> dict[str, pd.DataFrame]:  # fmt: skip
    """Theme summary, case-by-theme, theme-by-subgroup and themes-over-waves matrices."""
    out = {
        "themes": analysis.theme_summary(_voices),
        "waves": analysis.themes_over_waves(_voices, theme=theme),
    }
    if case_by is not None:
        out["cases"] = analysis.case_by_theme(_voices, case_by, survey=_survey, theme=theme)
    if by is not None and _survey is not None:
        out["subgroups"] = analysis.theme_by_subgroup(_voices, _survey, by, theme=theme)
    return out


@st.cache_data(show_spinner=False, max_entries=32, ttl=_TTL)
def members_by_numbers(
    key: str, group: str, before: Any, after: Any, config_toml: str, _survey: pd.DataFrame
) -> Outcome:
    """Members a number puts in ``group`` (income fell, still disempowered...)."""
    config = _config(config_toml) if config_toml else None
    return attempt(lambda: analysis.members_by_numbers(_survey, group, before, after, config))


@st.cache_data(show_spinner=False, max_entries=32, ttl=_TTL)
def voices_of(key: str, excerpts_sha: str, who: str, _voices: Any, _members: Any) -> Any:
    """The loaded excerpts of ``_members`` only (the sidebar's filtered members, or a group
    the numbers define); ``who`` names the selection in the cache key."""
    keep = _voices.data["member_id"].isin(pd.Index(_members)).to_numpy()
    return dataclasses.replace(_voices, data=_voices.data[keep].reset_index(drop=True))


@st.cache_data(show_spinner=False, max_entries=64, ttl=_TTL)
def excerpts(
    key: str,
    excerpts_sha: str,
    who: str,
    picked: tuple[tuple[str, Any], ...],
    _voices: Any,
    _survey: pd.DataFrame | None,
) -> pd.DataFrame:
    """The excerpts ``picked`` (``excerpts_for``'s filters as sorted pairs; ``who`` names the
    selection of ``_voices``)."""
    kwargs = dict(picked)
    if "by" in kwargs:
        kwargs["survey"] = _survey
    return analysis.excerpts_for(_voices, **kwargs)
