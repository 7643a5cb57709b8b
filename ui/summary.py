"""The Overview's plain-language summary, written from the numbers in English or Indonesian.

A policymaker reads these sentences before any chart. They are generated only from the
engine's estimates passed in :class:`Headline` (never typed by hand), say which way income
moved, how sure we are, and what the comparison group adds; a missing estimate leaves its
sentence out rather than inventing one. Pure Python, no Streamlit.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from ui import format as fmt
from ui.i18n import Lang, t


@dataclass(frozen=True)
class Headline:
    """The estimates the summary speaks about (money in rupiah per month; shares 0-1)."""

    before: object
    after: object
    real: bool
    n_program: int
    mean_before: float | None = None
    mean_after: float | None = None
    mean_change: float | None = None
    ci_low: float | None = None
    ci_high: float | None = None
    median_change: float | None = None
    share_improved: float | None = None
    n_comparison: int = 0
    comparison_mean_change: float | None = None
    did: float | None = None
    did_low: float | None = None
    did_high: float | None = None
    did_p: float | None = None
    repayment_rate: float | None = None
    suppressed: bool = False


def _ok(v: float | None) -> bool:
    return v is not None and not (isinstance(v, float) and math.isnan(v))


def _sure(low: float | None, high: float | None) -> bool | None:
    """Whether a 95% CI excludes zero (None when there is no CI)."""
    if not (_ok(low) and _ok(high)):
        return None
    return bool(low > 0 or high < 0)  # type: ignore[operator]


def summary(h: Headline, lang: Lang) -> list[str]:
    """Sentences summarising ``h`` in ``lang``, most important first.

    Examples
    --------
    >>> h = Headline(2021, 2023, False, 400, 2.0e6, 2.3e6, 3.0e5, 2.4e5, 3.6e5, 2.5e5, 0.66)
    >>> summary(h, "en")[0]  # doctest: +NORMALIZE_WHITESPACE
    'Between 2021 and 2023, the monthly net business income of the 400 program members
    observed in both waves rose by IDR 300,000 on average, from IDR 2,000,000 to IDR 2,300,000.'
    """

    def rp(v: float | None) -> str:
        return fmt.rupiah(abs(float(v)), lang)  # type: ignore[arg-type]

    def change_text(v: float) -> str:
        """A change; in a log outcome 'log points' with the percentage they approximate."""
        if fmt.current_unit() != "log":
            return rp(v)
        pct = fmt.percent(math.exp(abs(v)) - 1, lang, 1)
        return t("sum_log_points", lang, x=fmt.number(abs(v), lang, 3), pct=pct)

    if h.suppressed or h.n_program == 0 or not _ok(h.mean_change):
        return [t("sum_none", lang)]
    out: list[str] = []
    change = float(h.mean_change)  # type: ignore[arg-type]
    main = t(
        f"sum_main_{_way(change)}",
        lang,
        before=h.before,
        after=h.after,
        basis=t("sum_real", lang) if h.real else "",
        n=fmt.number(h.n_program, lang),
        change=change_text(change),
    )
    if _ok(h.mean_before) and _ok(h.mean_after):
        main += t("sum_from", lang, a=rp(h.mean_before), b=rp(h.mean_after))
    out.append(main + ".")

    sure = _sure(h.ci_low, h.ci_high)
    if sure is not None:
        ci = fmt.interval(h.ci_low, h.ci_high, lang)
        out.append(t("sum_ci_clear" if sure else "sum_ci_zero", lang, ci=ci))
    if _ok(h.median_change):
        out.append(t("sum_median", lang, change=fmt.rupiah(h.median_change, lang, sign=True)))
    if _ok(h.share_improved):
        out.append(t("sum_share", lang, share=fmt.percent(h.share_improved, lang, 0)))

    if h.n_comparison > 0 and _ok(h.comparison_mean_change):
        cmp_change = float(h.comparison_mean_change)  # type: ignore[arg-type]
        out.append(
            t(
                f"sum_cmp_{_way(cmp_change)}",
                lang,
                n=fmt.number(h.n_comparison, lang),
                change=change_text(cmp_change),
            )
        )
    if _ok(h.did):
        out.append(_did_sentence(h, lang))
    if _ok(h.repayment_rate):
        out.append(t("sum_repay", lang, rate=fmt.percent(h.repayment_rate, lang)))
    out.append(t("sum_caveat", lang))
    return out


def _did_sentence(h: Headline, lang: Lang) -> str:
    """The difference-in-differences sentence, with its interval when there is one."""
    did = float(h.did)  # type: ignore[arg-type]
    s = t(
        "sum_did_more" if did >= 0 else "sum_did_less",
        lang,
        did=fmt.rupiah(abs(did), lang),
    )
    sure_did = _sure(h.did_low, h.did_high)
    if sure_did is not None:
        ci = fmt.interval(h.did_low, h.did_high, lang)
        p = fmt.p_text(h.did_p, lang) if _ok(h.did_p) else "p = " + fmt.MISSING
        s += t("sum_did_ci", lang, ci=ci, p=p)
    s += "."
    if sure_did is False:
        s += " " + t("sum_did_unclear", lang)
    return s


def _way(change: float) -> str:
    # 'flat' when the change rounds to zero in the unit's own decimals (a log change of 0.05
    # or USD 0.40 is a change; a rupiah below one is not)
    if round(change, fmt.unit_decimals(fmt.current_unit())) == 0:
        return "flat"
    return "up" if change > 0 else "down"
