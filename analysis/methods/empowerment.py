"""An Alkire-Foster empowerment index over the survey's ``emp_*`` items (the WEAI family).

Method (Alkire & Foster 2011, J. Public Econ. 95; Alkire, Meinzen-Dick, Peterman,
Quisumbing, Seymour & Vaz 2013, "The Women's Empowerment in Agriculture Index", World
Development 52):

- a member is *adequate* in indicator ``j`` when her answer is at least ``adequate_from``;
- her empowerment score is ``c = sum_j w_j * adequate_j`` (weights sum to 1);
- she is *empowered* when ``c >= cutoff``, otherwise *disempowered*;
- ``H`` (headcount_disempowered) is the share disempowered, ``A`` (intensity) the mean
  inadequacy ``1 - c`` among the disempowered, and ``M0 = H x A``;
- the *censored headcount* of ``j`` is the share both disempowered and inadequate in ``j``,
  and ``M0 = sum_j w_j * CH_j``, so the contributions ``w_j * CH_j / M0`` sum to 1.

Missing data: a member-wave row missing any configured indicator has no score; it is left
out of that wave's index and counted in ``n_missing`` (never imputed, never silently
dropped). Rows with a missing wave (or a missing ``by`` level) are not counted anywhere.

Every sentence meant for a person is a :class:`~analysis.messages.Message`; a configuration
or survey that cannot be analysed raises :class:`~analysis.messages.DataError`.
"""

from __future__ import annotations

import math
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats

from analysis.messages import DataError, Message, plain
from analysis.methods.inference import paired_t_test, wilcoxon_signed_rank
from analysis.methods.panel import resolve_waves
from analysis.schema import wave_order

#: The shipped configuration for the demo's seven items.
DEFAULT_CONFIG_PATH = Path(__file__).resolve().parents[2] / "data" / "empowerment" / "default.toml"
#: Weights may miss 1 by this much (decimal weights such as 0.15 are not exact in binary).
WEIGHT_TOLERANCE = 1e-6
#: A score within this of the cutoff counts as reaching it (0.15 + 0.15 + ... sums are not
#: exact in binary, and a member at exactly the cutoff is empowered by definition).
SCORE_TOLERANCE = 1e-9
#: Cronbach's alpha below this gets a warning (the usual "questionable" threshold).
ALPHA_WARNING = 0.6
#: The column of the score added to a survey for the difference in differences.
SCORE_COLUMN = "empowerment_score"

#: The per-wave columns of the index, in order (the report's ``by_wave`` keys too).
INDEX_COLUMNS = _INDEX_COLUMNS = (
    "n",
    "n_missing",
    "headcount_empowered",
    "headcount_disempowered",
    "mean_score",
    "intensity",
    "m0",
)


@dataclass(frozen=True)
class Indicator:
    """One indicator of the index: a survey column, its domain, weight and adequacy cutoff."""

    item: str
    domain: str
    weight: float
    adequate_from: float


@dataclass(frozen=True)
class EmpowermentConfig:
    """The index's configuration: the empowerment ``cutoff`` (share of weighted adequacy
    needed) and the indicators. Build with :func:`make_config` or
    :func:`read_empowerment_config`, which check it."""

    cutoff: float
    indicators: tuple[Indicator, ...]

    @property
    def items(self) -> tuple[str, ...]:
        """The survey columns, in configuration order."""
        return tuple(i.item for i in self.indicators)

    @property
    def domains(self) -> tuple[str, ...]:
        """The domains in order of first appearance."""
        return tuple(dict.fromkeys(i.domain for i in self.indicators))

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form (the report's ``config`` object)."""
        return {
            "cutoff": self.cutoff,
            "indicators": [
                {
                    "item": i.item,
                    "domain": i.domain,
                    "weight": i.weight,
                    "adequate_from": i.adequate_from,
                }
                for i in self.indicators
            ],
        }


def _config_error(en: str, id_: str) -> DataError:
    return DataError(Message(en, id_), code="empowerment_config")


def _number(value: object, what: str, where: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise _config_error(
            f"{where}: {what} must be a number, not {value!r}",
            f"{where}: {what} harus berupa angka, bukan {value!r}",
        )
    x = float(value)
    if not math.isfinite(x):
        raise _config_error(
            f"{where}: {what} must be a finite number, not {value!r}",
            f"{where}: {what} harus berupa angka terhingga, bukan {value!r}",
        )
    return x


def make_config(
    cutoff: float, indicators: Sequence[Indicator | Mapping[str, Any]]
) -> EmpowermentConfig:
    """A checked :class:`EmpowermentConfig`.

    Raises
    ------
    DataError
        (code ``empowerment_config``) a cutoff outside (0, 1], no indicators, an indicator
        without item or domain, a duplicate item, a weight that is not positive, weights not
        summing to 1, or a non-numeric ``adequate_from``.
    """
    c = _number(cutoff, "cutoff", "cutoff")
    if not 0 < c <= 1:
        raise _config_error(
            f"the cutoff must be above 0 and at most 1 (a share of the weights), not {plain(cutoff)}",
            f"batas (cutoff) harus di atas 0 dan paling besar 1 (bagian dari bobot), bukan {plain(cutoff)}",
        )
    if not indicators:
        raise _config_error(
            "the configuration names no indicators", "konfigurasi tidak menyebut indikator apa pun"
        )
    out: list[Indicator] = []
    for k, raw in enumerate(indicators, start=1):
        out.append(_indicator(raw, k))
    items = [i.item for i in out]
    dupes = sorted({i for i in items if items.count(i) > 1})
    if dupes:
        raise _config_error(
            f"an item may appear only once; repeated: {', '.join(dupes)}",
            f"setiap butir hanya boleh muncul sekali; berulang: {', '.join(dupes)}",
        )
    total = sum(i.weight for i in out)
    if abs(total - 1.0) > WEIGHT_TOLERANCE:
        raise _config_error(
            f"the weights must sum to 1; they sum to {total:.6g} "
            f"({', '.join(f'{i.item} {i.weight:g}' for i in out)})",
            f"jumlah bobot harus 1; jumlahnya {total:.6g} "
            f"({', '.join(f'{i.item} {i.weight:g}' for i in out)})",
        )
    return EmpowermentConfig(c, tuple(out))


def _indicator(raw: Indicator | Mapping[str, Any], k: int) -> Indicator:
    """One checked indicator; ``k`` (1-based) names it in messages."""
    if isinstance(raw, Indicator):
        raw = {
            "item": raw.item,
            "domain": raw.domain,
            "weight": raw.weight,
            "adequate_from": raw.adequate_from,
        }
    where = f"indicator {k}"
    unknown = sorted(set(raw) - {"item", "domain", "weight", "adequate_from"})
    if unknown:
        raise _config_error(
            f"{where}: unknown key(s) {', '.join(unknown)}; keys are item, domain, weight, adequate_from",
            f"indikator {k}: kunci tidak dikenal {', '.join(unknown)}; kuncinya item, domain, weight, adequate_from",
        )
    item, domain = raw.get("item"), raw.get("domain")
    for name, value in (("item", item), ("domain", domain)):
        if not isinstance(value, str) or not value.strip():
            raise _config_error(
                f"{where}: '{name}' must be a non-empty text",
                f"indikator {k}: '{name}' harus berupa teks yang tidak kosong",
            )
    label = f"{where} ({item})"
    weight = _number(raw.get("weight"), "weight", label)
    if weight <= 0:
        raise _config_error(
            f"{label}: the weight must be above 0, not {weight:g}",
            f"indikator {k} ({item}): bobot harus di atas 0, bukan {weight:g}",
        )
    adequate = _number(raw.get("adequate_from"), "adequate_from", label)
    return Indicator(str(item).strip(), str(domain).strip(), weight, adequate)


def read_empowerment_config(source: str | Path) -> EmpowermentConfig:
    """Read a configuration from a TOML file (a path) or TOML text.

    A ``str`` holding a newline or ``=`` is read as TOML text, anything else as a path. The
    format is that of ``data/empowerment/default.toml``: a top-level ``cutoff`` and one
    ``[[indicators]]`` table per indicator with ``item``, ``domain``, ``weight`` and
    ``adequate_from``.

    Raises
    ------
    DataError
        Malformed TOML, unknown keys, or any check of :func:`make_config`.
    OSError
        The file cannot be read.
    """
    if isinstance(source, str) and ("\n" in source or "=" in source):
        text = source
    else:
        text = Path(source).read_text(encoding="utf-8-sig")
    try:
        doc = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise _config_error(
            f"the empowerment configuration is not valid TOML: {exc}",
            f"konfigurasi pemberdayaan bukan TOML yang sah: {exc}",
        ) from None
    unknown = sorted(set(doc) - {"cutoff", "indicators"})
    if unknown:
        raise _config_error(
            f"unknown key(s) in the configuration: {', '.join(unknown)}; keys are cutoff and [[indicators]]",
            f"kunci tidak dikenal dalam konfigurasi: {', '.join(unknown)}; kuncinya cutoff dan [[indicators]]",
        )
    if "cutoff" not in doc:
        raise _config_error(
            "the configuration has no cutoff (e.g. cutoff = 0.8)",
            "konfigurasi tidak memiliki cutoff (mis. cutoff = 0.8)",
        )
    indicators = doc.get("indicators", [])
    if not isinstance(indicators, list) or not all(isinstance(i, dict) for i in indicators):
        raise _config_error(
            "indicators must be [[indicators]] tables",
            "indicators harus berupa tabel [[indicators]]",
        )
    return make_config(doc["cutoff"], indicators)


def default_empowerment_config() -> EmpowermentConfig:
    """The shipped configuration for the demo's seven ``emp_*`` items (see the file's comments)."""
    return read_empowerment_config(DEFAULT_CONFIG_PATH)


def config_for_items(
    items: Sequence[str], *, cutoff: float = 0.8, adequate_from: float = 4, domain: str = "all"
) -> EmpowermentConfig:
    """A starting configuration over any items: equal weights (the last one takes the rounding
    so that they sum to 1), one ``domain``, adequate from ``adequate_from``.

    For a survey whose ``emp_*`` items are not the demo's: a start to edit, not a choice.

    Examples
    --------
    >>> [i.weight for i in config_for_items(["emp_a", "emp_b", "emp_c"]).indicators]
    [0.333333, 0.333333, 0.333334]
    """
    k = len(items)
    if k == 0:
        raise _config_error(
            "no items to build a configuration from",
            "tidak ada butir untuk membuat konfigurasi",
        )
    w = round(1.0 / k, 6)
    weights = [w] * (k - 1) + [round(1.0 - w * (k - 1), 6)]
    return make_config(
        cutoff,
        [Indicator(i, domain, wt, adequate_from) for i, wt in zip(items, weights, strict=True)],
    )


def starting_config(columns: Sequence[str]) -> EmpowermentConfig | None:
    """The configuration to start from for a survey with these ``columns``: the shipped one
    when it has all its items, else :func:`config_for_items` over its own ``emp_*`` items,
    else ``None`` (nothing to build an index from)."""
    from analysis.schema import is_empowerment_item

    default = default_empowerment_config()
    if all(i in columns for i in default.items):
        return default
    items = [str(c) for c in columns if is_empowerment_item(str(c))]
    return config_for_items(items) if items else None


def config_to_toml(config: EmpowermentConfig) -> str:
    """The configuration as TOML text that :func:`read_empowerment_config` reads back equal."""

    def s(text: str) -> str:
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'

    lines = [
        "# Berdaya empowerment index configuration (Alkire-Foster; see docs/empowerment.md).",
        "# Adequate when the answer >= adequate_from; empowered when the weighted adequacy >= cutoff.",
        "",
        f"cutoff = {config.cutoff!r}",
    ]
    for i in config.indicators:
        lines += [
            "",
            "[[indicators]]",
            f"item = {s(i.item)}",
            f"domain = {s(i.domain)}",
            f"weight = {i.weight!r}",
            f"adequate_from = {i.adequate_from!r}",
        ]
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------------------------------------
# the core: one pass over the items, then counts per (wave, level) cell with np.bincount


@dataclass(frozen=True)
class _Core:
    """Per-row adequacy and scores, and the cell (wave x level) of each row."""

    adequate: tuple[np.ndarray, ...]  # bool per indicator (False where missing)
    complete: np.ndarray  # bool: every indicator answered
    score: np.ndarray  # float, NaN where incomplete
    empowered: np.ndarray  # bool (False where incomplete)
    cell: np.ndarray  # intp, -1 when the wave or the level is missing
    waves: list[Any]
    levels: list[Any] | None


def _check_items(survey: pd.DataFrame, config: EmpowermentConfig, wave: str) -> None:
    missing = [c for c in (wave, *config.items) if c not in survey.columns]
    if missing:
        raise DataError(
            Message(
                f"the survey has no column(s) {', '.join(missing)} named in the empowerment "
                "configuration; map them or edit the configuration",
                f"survei tidak memiliki kolom {', '.join(missing)} yang disebut dalam "
                "konfigurasi pemberdayaan; petakan atau ubah konfigurasinya",
            ),
            code="empowerment_items",
        )


def subgroup_values(survey: pd.DataFrame, by: str) -> pd.Series:
    """The values of subgroup ``by``: a column, or ``loan_tier`` / ``trained`` derived.

    ``loan_tier`` (when not a column) is the loan-size band of ``capital`` (as in
    :func:`analysis.methods.before_after.loan_tier`); ``trained`` (when not a column) is
    ``"yes"`` when ``training_hours > 0`` at that wave, ``"no"`` at 0, missing when missing.
    """
    if by in survey.columns:
        return survey[by]
    if by == "loan_tier" and "capital" in survey.columns:
        from analysis.methods.before_after import loan_tier

        return pd.Series(loan_tier(survey["capital"]).array, index=survey.index)
    if by == "trained" and "training_hours" in survey.columns:
        h = pd.to_numeric(survey["training_hours"]).to_numpy(dtype="float64", na_value=np.nan)
        out = np.where(np.isnan(h), None, np.where(h > 0, "yes", "no"))
        return pd.Series(out, index=survey.index, dtype="str")
    raise DataError(
        Message(
            f"no column {by!r} in the survey to split the index by",
            f"tidak ada kolom {by!r} di survei untuk memilah indeks",
        ),
        code="empowerment_by",
    )


def _core(survey: pd.DataFrame, config: EmpowermentConfig, by: str | None, wave: str) -> _Core:
    _check_items(survey, config, wave)
    order = wave_order(survey[wave])
    wcodes = pd.Categorical(survey[wave], categories=order).codes.astype(np.intp)
    cell, levels = wcodes, None
    if by is not None:
        values = subgroup_values(survey, by)
        lcodes, uniq = pd.factorize(values, sort=True)
        levels = list(uniq)
        n_levels = max(len(levels), 1)
        cell = np.where((wcodes >= 0) & (lcodes >= 0), wcodes * n_levels + lcodes, -1)
    n = len(survey)
    complete = np.ones(n, dtype=bool)
    score = np.zeros(n, dtype="float64")
    adequate = []
    for ind in config.indicators:
        x = survey[ind.item].to_numpy(dtype="float64", na_value=np.nan)
        ok = x >= ind.adequate_from  # NaN compares False
        complete &= ~np.isnan(x)
        score += ind.weight * ok
        adequate.append(ok)
    score[~complete] = np.nan
    empowered = complete & (score >= config.cutoff - SCORE_TOLERANCE)
    return _Core(tuple(adequate), complete, score, empowered, cell, order, levels)


def _cells(core: _Core, by: str | None, wave: str) -> pd.DataFrame:
    """The (wave, level) label columns of every cell, in cell-code order."""
    if core.levels is None:
        return pd.DataFrame({wave: core.waves})
    n_l = max(len(core.levels), 1)
    return pd.DataFrame(
        {
            wave: [w for w in core.waves for _ in range(n_l)],
            by: [lv for _ in core.waves for lv in core.levels],
        }
    )


def _ratio(num: np.ndarray, den: np.ndarray) -> np.ndarray:
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(den > 0, num / np.where(den > 0, den, 1), np.nan)


@dataclass(frozen=True)
class EmpowermentTables:
    """The index, its indicator and domain breakdowns, per wave (and subgroup level).

    Attributes
    ----------
    index : one row per wave (and ``by`` level): ``wave``, [``by``], ``n`` (members with
        every indicator), ``n_missing`` (members left out for a missing indicator),
        ``headcount_empowered`` (share with ``c >= cutoff``), ``headcount_disempowered``
        (``H``), ``mean_score`` (mean ``c``), ``intensity`` (``A``: mean ``1 - c`` among the
        disempowered; NaN when nobody is), ``m0`` (``H x A``). Shares are NaN when ``n = 0``.
    by_indicator : one row per wave [level] and indicator: ``indicator``, ``domain``,
        ``weight``, ``uncensored_headcount`` (share inadequate), ``censored_headcount`` (share
        disempowered and inadequate), ``contribution`` (``w x CH / M0``; NaN when ``M0 = 0``).
    by_domain : one row per wave [level] and domain: ``domain``, ``weight`` (sum of its
        indicators' weights), ``censored_headcount`` (weighted: ``sum w_j CH_j / weight``),
        ``contribution`` (sum of its indicators' contributions).
    """

    index: pd.DataFrame
    by_indicator: pd.DataFrame
    by_domain: pd.DataFrame


def empowerment_tables(
    survey: pd.DataFrame,
    config: EmpowermentConfig | None = None,
    by: str | None = None,
    *,
    wave: str = "wave",
) -> EmpowermentTables:
    """The index, by indicator and by domain in one pass (see :class:`EmpowermentTables`).

    Parameters
    ----------
    survey : long survey, one row per member per wave, with the configured item columns.
    config : the configuration; :func:`default_empowerment_config` by default.
    by : split each wave by this column's levels (``cooperative_id``, ``business_type``,
        ``in_program``..., or the derived ``loan_tier`` / ``trained``; see
        :func:`subgroup_values`). Rows with a missing level are left out.
    wave : wave column.

    Raises
    ------
    DataError
        A configured item (or the wave column, or ``by``) is not in the survey.
    """
    config = config or default_empowerment_config()
    core = _core(survey, config, by, wave)
    labels = _cells(core, by, wave)
    n_cells = len(labels)
    valid = core.cell >= 0
    cell = np.where(valid, core.cell, 0)
    use = valid & core.complete
    cnt = np.bincount(cell, weights=use, minlength=n_cells)
    n_missing = np.bincount(cell, weights=valid & ~core.complete, minlength=n_cells)
    emp = np.bincount(cell, weights=use & core.empowered, minlength=n_cells)
    dis = use & ~core.empowered
    n_dis = np.bincount(cell, weights=dis, minlength=n_cells)
    score_sum = np.bincount(cell[use], weights=core.score[use], minlength=n_cells)
    gap_sum = np.bincount(cell[dis], weights=1.0 - core.score[dis], minlength=n_cells)
    # cells with no row at all (a level absent from a wave) are not reported
    seen = np.bincount(cell, weights=valid, minlength=n_cells) > 0
    H = _ratio(n_dis, cnt)
    A = _ratio(gap_sum, n_dis)
    m0 = _ratio(gap_sum, cnt)  # = H x A, without multiplying two rounded numbers
    index = labels.assign(
        n=cnt.astype("int64"),
        n_missing=n_missing.astype("int64"),
        headcount_empowered=_ratio(emp, cnt),
        headcount_disempowered=H,
        mean_score=_ratio(score_sum, cnt),
        intensity=A,
        m0=m0,
    )
    ind_rows = []
    for ind, ok in zip(config.indicators, core.adequate, strict=True):
        inad = use & ~ok
        u = _ratio(np.bincount(cell, weights=inad, minlength=n_cells), cnt)
        ch = _ratio(np.bincount(cell, weights=inad & dis, minlength=n_cells), cnt)
        ind_rows.append(
            labels.assign(
                indicator=ind.item,
                domain=ind.domain,
                weight=ind.weight,
                uncensored_headcount=u,
                censored_headcount=ch,
                contribution=_ratio(ind.weight * ch, m0),
            )
        )
    keys = list(labels.columns)
    index = index[seen].reset_index(drop=True)
    by_ind = pd.concat([r[seen] for r in ind_rows], ignore_index=True)
    by_ind = by_ind.sort_values(keys, kind="stable", key=_order_key(labels)).reset_index(drop=True)
    return EmpowermentTables(index, by_ind, _domains(by_ind, keys, config))


def _order_key(labels: pd.DataFrame):
    """Sort key keeping the cells' own order (waves chronological, levels sorted)."""
    positions = {c: {v: k for k, v in enumerate(pd.unique(labels[c]))} for c in labels.columns}

    def key(s: pd.Series) -> pd.Series:
        return s.map(positions[s.name]) if s.name in positions else s

    return key


def _domains(by_ind: pd.DataFrame, keys: list[str], config: EmpowermentConfig) -> pd.DataFrame:
    w_ch = by_ind["weight"] * by_ind["censored_headcount"]
    g = by_ind.assign(_wch=w_ch).groupby([*keys, "domain"], sort=False, dropna=False, observed=True)
    out = g.agg(
        weight=("weight", "sum"),
        _wch=("_wch", lambda s: s.sum(min_count=1)),
        contribution=("contribution", lambda s: s.sum(min_count=1)),
    ).reset_index()
    out["censored_headcount"] = out.pop("_wch") / out["weight"]
    out = out[[*keys, "domain", "weight", "censored_headcount", "contribution"]]
    order = {d: k for k, d in enumerate(config.domains)}
    out = out.assign(_d=out["domain"].map(order))
    out = out.sort_values([*keys, "_d"], kind="stable", key=_order_key(out[keys]))
    return out.drop(columns="_d").reset_index(drop=True)


def empowerment_index(
    survey: pd.DataFrame,
    config: EmpowermentConfig | None = None,
    by: str | None = None,
    *,
    wave: str = "wave",
) -> pd.DataFrame:
    """The Alkire-Foster index per wave (and ``by`` level); columns in
    :class:`EmpowermentTables` ``index``. Parameters and missing data as
    :func:`empowerment_tables`.

    Examples
    --------
    >>> cfg = make_config(0.5, [Indicator("a", "d", 0.5, 4), Indicator("b", "d", 0.5, 4)])
    >>> df = pd.DataFrame({"wave": [1, 1, 1], "a": [5, 1, 5], "b": [1, 1, None]})
    >>> empowerment_index(df, cfg)[["n", "n_missing", "headcount_disempowered", "m0"]].values.tolist()
    [[2.0, 1.0, 0.5, 0.5]]
    """
    return empowerment_tables(survey, config, by, wave=wave).index


def empowerment_by_indicator(
    survey: pd.DataFrame,
    config: EmpowermentConfig | None = None,
    by: str | None = None,
    *,
    wave: str = "wave",
) -> pd.DataFrame:
    """Uncensored and censored headcounts and contributions per indicator; columns in
    :class:`EmpowermentTables` ``by_indicator``."""
    return empowerment_tables(survey, config, by, wave=wave).by_indicator


def empowerment_by_domain(
    survey: pd.DataFrame,
    config: EmpowermentConfig | None = None,
    by: str | None = None,
    *,
    wave: str = "wave",
) -> pd.DataFrame:
    """Contributions summed by domain; columns in :class:`EmpowermentTables` ``by_domain``."""
    return empowerment_tables(survey, config, by, wave=wave).by_domain


def empowerment_scores(
    survey: pd.DataFrame,
    config: EmpowermentConfig | None = None,
    *,
    member: str = "member_id",
    wave: str = "wave",
) -> pd.DataFrame:
    """One row per member and wave: adequacy per indicator, score and empowered flag.

    Returns
    -------
    DataFrame on the survey's index with ``member``, ``wave``, ``adequate_<item>`` (Int8 0/1,
    missing where the item is), ``complete`` (bool: every indicator answered, so in the
    index), ``score`` (``c``, NaN when not complete) and ``empowered`` (boolean, missing when
    not complete).
    """
    config = config or default_empowerment_config()
    core = _core(survey, config, None, wave)
    cols: dict[str, Any] = {}
    if member in survey.columns:
        cols[member] = survey[member]
    cols[wave] = survey[wave]
    for ind, ok in zip(config.indicators, core.adequate, strict=True):
        miss = survey[ind.item].isna().to_numpy()
        cols[f"adequate_{ind.item}"] = pd.arrays.IntegerArray(ok.astype("int8"), miss)
    cols["complete"] = core.complete
    cols["score"] = core.score
    cols["empowered"] = pd.arrays.BooleanArray(core.empowered, ~core.complete)
    return pd.DataFrame(cols, index=survey.index)


# ---------------------------------------------------------------------------------------------
# change between two waves


@dataclass(frozen=True)
class EmpowermentChange:
    """Program members' paired change between two waves, and the DiD against the comparison.

    Attributes
    ----------
    before, after : the compared waves.
    n_pairs : program members with a score at both waves.
    score_before, score_after, score_change : mean scores and the mean paired change.
    t_stat, df, p_t, ci_low, ci_high : paired t-test of the score change (interval of the
        mean change at ``confidence``).
    wilcoxon_v, p_wilcoxon, wilcoxon_method : Wilcoxon signed-rank test (R's rules, see
        :func:`analysis.methods.inference.wilcoxon_signed_rank`).
    share_before, share_after, share_change : empowered shares and their difference.
    n_became_empowered, n_became_disempowered : discordant pairs.
    p_mcnemar : exact McNemar test (two-sided binomial on the discordant pairs; 1 when none).
    did : :meth:`analysis.methods.comparison.DidResult.to_dict` of the score's first-difference
        DiD (program minus comparison), or ``None`` with ``did_note`` saying why.
    warnings : messages to show beside the numbers.
    """

    before: Any
    after: Any
    n_pairs: int
    score_before: float
    score_after: float
    score_change: float
    t_stat: float
    df: float
    p_t: float
    ci_low: float
    ci_high: float
    wilcoxon_v: float
    p_wilcoxon: float
    wilcoxon_method: str
    share_before: float
    share_after: float
    share_change: float
    n_became_empowered: int
    n_became_disempowered: int
    p_mcnemar: float
    confidence: float
    did: dict[str, Any] | None
    did_note: Message | None = None
    warnings: tuple[Message, ...] = field(default_factory=tuple)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: ``before_after`` fields, ``did`` and notes (NaN left to the caller)."""
        out = {
            k: getattr(self, k)
            for k in self.__dataclass_fields__
            if k not in ("did", "did_note", "warnings")
        }
        out["before"], out["after"] = _jsonable(self.before), _jsonable(self.after)
        out["did"] = self.did
        out["did_note"] = None if self.did_note is None else self.did_note.to_dict()
        out["warnings"] = [m.to_dict() for m in self.warnings]
        return out


def _jsonable(v: Any) -> Any:
    if isinstance(v, np.generic):
        return v.item()
    if isinstance(v, (pd.Timestamp,)):
        return v.isoformat()
    return v


def mcnemar_exact(n_01: int, n_10: int) -> float:
    """Exact two-sided McNemar p-value: ``min(1, 2 P(X <= min(b, c)))``, ``X ~ Bin(b + c, 1/2)``.

    Equals statsmodels' ``mcnemar(table, exact=True)`` and scipy's
    ``binomtest(min(b, c), b + c).pvalue``; 1 when there is no discordant pair.
    """
    m = n_01 + n_10
    if m == 0:
        return 1.0
    return float(min(1.0, 2.0 * stats.binom.cdf(min(n_01, n_10), m, 0.5)))


def _pairs(
    scores: pd.DataFrame, b: Any, a: Any, group: str, member: str, wave: str
) -> pd.DataFrame:
    """Program members with a score at both waves: score and empowered before and after."""
    keep = scores["complete"].to_numpy() & scores[wave].isin([b, a]).to_numpy()
    df = scores.loc[keep, [member, wave, "score", "empowered", group]]
    before = df[df[wave] == b].drop_duplicates(member)
    after = df[df[wave] == a].drop_duplicates(member)
    pairs = before.merge(after, on=member, suffixes=("_before", "_after"))
    status = pd.to_numeric(pairs[f"{group}_before"].fillna(pairs[f"{group}_after"]))
    return pairs[(status == 1).to_numpy()]


def empowerment_change(
    survey: pd.DataFrame,
    config: EmpowermentConfig | None = None,
    waves: tuple[object, object] | None = None,
    *,
    group: str = "in_program",
    cluster: str | None = "cooperative_id",
    confidence: float = 0.95,
    member: str = "member_id",
    wave: str = "wave",
) -> EmpowermentChange:
    """Program members' change in score and empowered share; the DiD of the score.

    Parameters
    ----------
    survey : long survey with the items, ``member``, ``wave`` and ``group`` (0/1; without it
        every member counts as a program member and there is no DiD).
    config : the configuration (default: :func:`default_empowerment_config`).
    waves : ``(before, after)``; first and last wave by default.
    group : program indicator, read at ``before`` (at ``after`` when missing there).
    cluster : clustering of the DiD's standard error (CR1), ``None`` for HC1.
    confidence : level of the intervals.

    Returns
    -------
    EmpowermentChange

    Notes
    -----
    Missing data: only members with every indicator at both waves are paired; the DiD uses
    the same complete scores (:func:`analysis.methods.comparison.did_twfe`, two waves:
    first-difference regression ``change ~ 1 + program``). Score differences are rounded to
    12 decimals so that equal changes rank as ties in the Wilcoxon test.

    Raises
    ------
    DataError
        Missing items or columns; fewer than two waves.
    """
    from analysis.methods.comparison import did_twfe

    config = config or default_empowerment_config()
    try:
        b, a, _ = resolve_waves(survey, *(waves or (None, None)), wave=wave)
    except ValueError as exc:
        raise DataError(Message(str(exc), str(exc)), code="waves") from None
    scores = empowerment_scores(survey, config, member=member, wave=wave)
    has_group = group in survey.columns
    scores[group] = survey[group] if has_group else 1
    pairs = _pairs(scores, b, a, group, member, wave)
    s0 = pairs["score_before"].to_numpy(dtype="float64")
    s1 = pairs["score_after"].to_numpy(dtype="float64")
    diff = np.round(s1 - s0, 12)
    e0 = pairs["empowered_before"].to_numpy(dtype=bool)
    e1 = pairs["empowered_after"].to_numpy(dtype=bool)
    tt = paired_t_test(diff, confidence=confidence)
    nan = float("nan")
    wx = wilcoxon_signed_rank(diff) if len(diff) else None
    n01, n10 = int((~e0 & e1).sum()), int((e0 & ~e1).sum())
    did, note = None, None
    if not has_group:
        note = Message(
            f"no {group} column: no comparison group for a difference in differences",
            f"tidak ada kolom {group}: tidak ada kelompok pembanding untuk selisih ganda",
        )
    else:
        frame = survey.assign(**{SCORE_COLUMN: scores["score"].to_numpy()})
        try:
            did = did_twfe(
                frame, b, a, group=group, outcome=SCORE_COLUMN, cluster=cluster,
                confidence=confidence, member=member, wave=wave,
            ).to_dict()  # fmt: skip
        except DataError as exc:
            note = exc.message
    mean = (lambda x: float(x.mean())) if len(diff) else (lambda x: nan)
    return EmpowermentChange(
        before=b, after=a, n_pairs=len(diff),
        score_before=mean(s0), score_after=mean(s1), score_change=mean(diff),
        t_stat=float(tt.t), df=float(tt.df), p_t=float(tt.p),
        ci_low=float(tt.ci_low), ci_high=float(tt.ci_high),
        wilcoxon_v=wx.v if wx else nan, p_wilcoxon=wx.p if wx else nan,
        wilcoxon_method=wx.method if wx else "none",
        share_before=mean(e0), share_after=mean(e1), share_change=mean(e1.astype(float) - e0),
        n_became_empowered=n01, n_became_disempowered=n10,
        p_mcnemar=mcnemar_exact(n01, n10) if len(diff) else nan,
        confidence=confidence, did=did, did_note=note,
    )  # fmt: skip


# ---------------------------------------------------------------------------------------------
# reliability


def _alpha(x: np.ndarray) -> float:
    """Cronbach's alpha of complete rows ``x`` (n x k): ``k/(k-1) (1 - sum var_i / var_sum)``."""
    n, k = x.shape
    if k < 2 or n < 2:
        return float("nan")
    item_var = x.var(axis=0, ddof=1).sum()
    total_var = x.sum(axis=1).var(ddof=1)
    if total_var == 0:
        return float("nan")
    return float(k / (k - 1) * (1.0 - item_var / total_var))


def cronbach_alpha(
    survey: pd.DataFrame,
    items: EmpowermentConfig | Sequence[str] | None = None,
) -> pd.DataFrame:
    """Cronbach's alpha per domain and overall.

    Parameters
    ----------
    survey : the rows to use (all waves pooled; pass one wave's rows for that wave).
    items : a configuration (one row per domain, then ``overall``), a list of columns (one
        row ``overall``), or ``None`` for the default configuration.

    Returns
    -------
    DataFrame with ``scale`` (domain or ``"overall"``), ``items`` (comma-separated),
    ``n_items``, ``n`` (complete rows used), ``alpha`` (NaN with fewer than two items or
    rows, or no variance in the sum) and ``warning`` (True when alpha is below
    :data:`ALPHA_WARNING`; False when alpha is NaN).

    Notes
    -----
    Missing data: listwise, per scale (rows answering every item of that scale).
    """
    if items is None:
        items = default_empowerment_config()
    if isinstance(items, EmpowermentConfig):
        scales = {d: [i.item for i in items.indicators if i.domain == d] for d in items.domains}
        scales["overall"] = list(items.items)
    else:
        scales = {"overall": list(items)}
    missing = sorted({c for cols in scales.values() for c in cols if c not in survey.columns})
    if missing:
        raise DataError(
            Message(
                f"no column(s) {', '.join(missing)} in the survey for Cronbach's alpha",
                f"tidak ada kolom {', '.join(missing)} di survei untuk alfa Cronbach",
            ),
            code="empowerment_items",
        )
    rows = []
    for name, cols in scales.items():
        x = survey[cols].to_numpy(dtype="float64", na_value=np.nan)
        x = x[~np.isnan(x).any(axis=1)]
        alpha = _alpha(x)
        rows.append(
            {
                "scale": name,
                "items": ", ".join(cols),
                "n_items": len(cols),
                "n": int(x.shape[0]),
                "alpha": alpha,
                "warning": bool(alpha < ALPHA_WARNING),
            }
        )
    return pd.DataFrame(rows)
