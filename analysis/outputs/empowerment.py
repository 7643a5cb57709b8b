"""The empowerment index as a JSON-ready object and as markdown (``python -m analysis
empowerment``; the full report's ``empowerment`` key).

Shape of :func:`empowerment_report` (numbers that cannot be computed are ``None``, never NaN):

- ``config``: ``cutoff`` and ``indicators`` (``item``, ``domain``, ``weight``, ``adequate_from``);
- ``waves``: the survey's waves in order;
- ``by_wave``: one object per wave with ``wave``, ``n``, ``n_missing``,
  ``headcount_empowered``, ``headcount_disempowered``, ``mean_score``, ``intensity``, ``m0``,
  ``by_indicator`` (objects with ``indicator``, ``domain``, ``weight``,
  ``uncensored_headcount``, ``censored_headcount``, ``contribution``) and ``by_domain``
  (``domain``, ``weight``, ``censored_headcount``, ``contribution``);
- ``by_subgroup``: ``None``, or ``{"by": column, "levels": [...]}`` with one object per wave and
  level, as in ``by_wave`` plus ``level``;
- ``before_after``: program members' paired change
  (:class:`analysis.methods.empowerment.EmpowermentChange` fields), or ``None``;
- ``did``: the score's difference in differences (``DidResult.to_dict``), or ``None``;
- ``reliability``: Cronbach's alpha rows (``scale``, ``items``, ``n_items``, ``n``, ``alpha``,
  ``warning``);
- ``warnings``: ``{"en", "id"}`` messages (why a part is missing, low alpha...).
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd

from analysis.messages import DataError, Lang, Message, plain
from analysis.methods.empowerment import (
    ALPHA_WARNING,
    INDEX_COLUMNS,
    EmpowermentConfig,
    EmpowermentTables,
    cronbach_alpha,
    default_empowerment_config,
    empowerment_change,
    empowerment_tables,
)
from analysis.schema import wave_order

_PER_WAVE = INDEX_COLUMNS  # the index's own per-wave columns, in its order
_INDICATOR = (
    "indicator",
    "domain",
    "weight",
    "uncensored_headcount",
    "censored_headcount",
    "contribution",
)
_DOMAIN = ("domain", "weight", "censored_headcount", "contribution")


def clean(value: Any) -> Any:
    """``value`` with numpy scalars as Python values and NaN/inf as ``None`` (JSON-safe)."""
    if isinstance(value, dict):
        return {str(k): clean(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [clean(v) for v in value]
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, pd.Timestamp):
        return value.isoformat()
    return value


def _records(frame: pd.DataFrame, columns: tuple[str, ...]) -> list[dict[str, Any]]:
    return [dict(zip(columns, row, strict=True)) for row in frame[list(columns)].itertuples(False)]


def _cells(tables: EmpowermentTables, keys: list[str]) -> list[dict[str, Any]]:
    """One object per row of ``tables.index`` with its indicator and domain lists."""
    ind = tables.by_indicator.groupby(keys, sort=False, observed=True, dropna=False)
    dom = tables.by_domain.groupby(keys, sort=False, observed=True, dropna=False)
    ind_of = {k if isinstance(k, tuple) else (k,): g for k, g in ind}
    dom_of = {k if isinstance(k, tuple) else (k,): g for k, g in dom}
    out = []
    for row in tables.index.itertuples(index=False):
        rec = row._asdict()
        key = tuple(rec[k] for k in keys)
        obj = {"wave": rec[keys[0]]}
        if len(keys) > 1:
            obj["level"] = plain(rec[keys[1]])
        obj.update({k: rec[k] for k in _PER_WAVE})
        obj["by_indicator"] = _records(ind_of[key], _INDICATOR)
        obj["by_domain"] = _records(dom_of[key], _DOMAIN)
        out.append(obj)
    return out


def empowerment_report(
    survey: pd.DataFrame,
    config: EmpowermentConfig | None = None,
    waves: tuple[object, object] | None = None,
    *,
    by: str | None = None,
    cluster: str | None = "cooperative_id",
) -> dict[str, Any]:
    """Everything the empowerment view shows, as a JSON-ready dict (shape in the module doc).

    Parameters
    ----------
    survey : long survey with the configured items.
    config : the configuration (default: the shipped one).
    waves : ``(before, after)`` of the change and the DiD (first and last by default).
    by : optional subgroup column for ``by_subgroup`` (see
        :func:`analysis.methods.empowerment.subgroup_values`).
    cluster : clustering of the DiD (``None``, HC1, when the survey has no such column).

    Raises
    ------
    DataError
        A configured item or ``by`` is not in the survey, or ``waves`` names a wave the survey
        does not have. A change that cannot be computed (one wave, no program member) is a
        ``None`` with a warning, not an error.
    """
    config = config or default_empowerment_config()
    warnings: list[Message] = []
    tables = empowerment_tables(survey, config)
    report: dict[str, Any] = {
        "config": config.to_dict(),
        "waves": list(wave_order(survey["wave"])),
        "by_wave": _cells(tables, ["wave"]),
        "by_subgroup": None,
    }
    if by is not None:
        sub = empowerment_tables(survey, config, by)
        report["by_subgroup"] = {"by": by, "levels": _cells(sub, ["wave", by])}
    report["before_after"], report["did"] = None, None
    if cluster not in (None, "member_id") and cluster not in survey.columns:
        cluster = None  # as the full report does: no such column, heteroskedasticity-robust
    try:
        change = empowerment_change(survey, config, waves, cluster=cluster)
    except DataError as exc:
        if waves is not None and exc.code == "waves":
            raise  # waves asked for by name and absent: an error, not a missing part
        warnings.append(exc.message)
    else:
        d = change.to_dict()
        report["did"] = d.pop("did")
        note = d.pop("did_note")
        if note is not None:
            warnings.append(Message(note["en"], note["id"]))
        report["before_after"] = d
    rel = cronbach_alpha(survey, config)
    report["reliability"] = rel.to_dict("records")
    for r in report["reliability"]:
        if r["warning"]:
            warnings.append(_low_alpha(r["scale"], r["alpha"]))
    report["warnings"] = [m.to_dict() for m in warnings]
    return clean(report)


def _low_alpha(scale: str, alpha: float) -> Message:
    return Message(
        f"Cronbach's alpha of {scale} is {alpha:.2f}, below {ALPHA_WARNING}: its items may not "
        "measure one thing; read its indicators one by one",
        f"Alfa Cronbach {scale} {alpha:.2f}, di bawah {ALPHA_WARNING}: butir-butirnya mungkin "
        "tidak mengukur satu hal; baca indikatornya satu per satu",
    )


_T = {
    "title": ("Empowerment index (Alkire-Foster)", "Indeks pemberdayaan (Alkire-Foster)"),
    "config": ("Configuration: cutoff", "Konfigurasi: batas"),
    "wave": ("Wave", "Gelombang"),
    "n": ("n", "n"),
    "n_missing": ("missing", "hilang"),
    "headcount_empowered": ("empowered", "berdaya"),
    "headcount_disempowered": ("H (disempowered)", "H (belum berdaya)"),
    "mean_score": ("mean score", "skor rata-rata"),
    "intensity": ("A (intensity)", "A (intensitas)"),
    "m0": ("M0 = H x A", "M0 = H x A"),
    "domains": ("Contribution by domain", "Kontribusi per ranah"),
    "change": ("Program members' change", "Perubahan anggota program"),
    "did": ("Difference in differences (score)", "Selisih ganda (skor)"),
    "alpha": ("Cronbach's alpha", "Alfa Cronbach"),
    "warnings": ("Warnings", "Peringatan"),
}


def _t(key: str, lang: Lang) -> str:
    en, id_ = _T[key]
    return id_ if lang == "id" else en


def _num(v: Any, digits: int = 3) -> str:
    if v is None:
        return "-"
    if isinstance(v, float):
        return f"{v:.{digits}f}"
    return str(v)


def empowerment_markdown(report: dict[str, Any], lang: Lang = "en") -> str:
    """The report of :func:`empowerment_report` as markdown in ``lang``."""
    cfg = report["config"]
    lines = [f"# {_t('title', lang)}", "", f"{_t('config', lang)} {cfg['cutoff']}", ""]
    lines += ["| item | domain | weight | adequate_from |", "|---|---|---:|---:|"]
    lines += [
        f"| {i['item']} | {i['domain']} | {i['weight']} | {i['adequate_from']} |"
        for i in cfg["indicators"]
    ]
    cols = list(_PER_WAVE)
    lines += ["", "| " + " | ".join([_t("wave", lang), *(_t(c, lang) for c in cols)]) + " |"]
    lines.append("|---" + "|---:" * len(cols) + "|")
    for w in report["by_wave"]:
        lines.append("| " + " | ".join([str(w["wave"]), *(_num(w[c]) for c in cols)]) + " |")
    lines += ["", f"## {_t('domains', lang)}", ""]
    domains = [d["domain"] for d in report["by_wave"][0]["by_domain"]] if report["by_wave"] else []
    lines += ["| " + " | ".join([_t("wave", lang), *domains]) + " |"]
    lines.append("|---" + "|---:" * len(domains) + "|")
    for w in report["by_wave"]:
        vals = [_num(d["contribution"]) for d in w["by_domain"]]
        lines.append("| " + " | ".join([str(w["wave"]), *vals]) + " |")
    ba = report["before_after"]
    if ba is not None:
        lines += ["", f"## {_t('change', lang)} ({ba['before']} -> {ba['after']})", ""]
        for k in ("n_pairs", "score_before", "score_after", "score_change", "p_t", "p_wilcoxon",
                  "share_before", "share_after", "share_change", "p_mcnemar"):  # fmt: skip
            lines.append(f"- {k}: {_num(ba[k], 4)}")
    did = report["did"]
    if did is not None:
        lines += ["", f"## {_t('did', lang)}", ""]
        for k in ("estimate", "se", "ci_low", "ci_high", "p_value", "wild_p", "n_members",
                  "n_clusters", "se_type"):  # fmt: skip
            lines.append(f"- {k}: {_num(did[k], 4)}")
    lines += [
        "",
        f"## {_t('alpha', lang)}",
        "",
        "| scale | n_items | n | alpha |",
        "|---|---:|---:|---:|",
    ]
    lines += [
        f"| {r['scale']} | {r['n_items']} | {r['n']} | {_num(r['alpha'], 2)} |"
        for r in report["reliability"]
    ]
    if report["warnings"]:
        lines += ["", f"## {_t('warnings', lang)}", ""]
        lines += [f"- {w[lang]}" for w in report["warnings"]]
    return "\n".join(lines) + "\n"
