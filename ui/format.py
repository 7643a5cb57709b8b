"""Numbers as people read them: money, counts, percents and p-values in English or Indonesian.

Every number the dashboard prints or puts on a chart axis goes through here, so that
``Rp 1.500.000`` (Indonesian) and ``IDR 1,500,000`` (English) are written one way throughout.
Money is written in the unit of the data shown (issue 9): rupiah by default, another
currency by its ISO code with its usual decimals (``USD 289.79``), or a plain number
(``number``: a score, an index, a log). The page frame sets that unit once per run with
:func:`money_unit`; every money formatter below follows it unless given ``unit=``.
No Streamlit here.
"""

from __future__ import annotations

import contextlib
import math
from collections.abc import Iterator, Sequence
from contextvars import ContextVar
from typing import Literal

Lang = Literal["en", "id"]

#: (thousands separator, decimal separator) per language.
_SEPARATORS: dict[str, tuple[str, str]] = {"en": (",", "."), "id": (".", ",")}
#: Currency prefix per language: Indonesians write "Rp", English texts the ISO code.
_CURRENCY: dict[str, str] = {"en": "IDR ", "id": "Rp "}
#: Short scales for axes and cards: (factor, English suffix, Indonesian suffix).
#: Indonesian: rb = ribu (thousand), jt = juta (million), M = miliar (billion), T = triliun.
_SCALES: tuple[tuple[float, str, str], ...] = (
    (1e12, "T", " T"),
    (1e9, "B", " M"),
    (1e6, "M", " jt"),
    (1e3, "K", " rb"),
)
#: The text shown for a missing or suppressed value.
MISSING = "–"

#: The unit of money of the data being shown: ``IDR``, an ISO 4217 code or ``number``.
_UNIT: ContextVar[str] = ContextVar("berdaya_money_unit", default="IDR")
#: ISO 4217 currencies written without minor units (ISO 4217's exponent 0; rupiah is written
#: in whole rupiah as Indonesians do) and those with three decimals; the others have two.
# fmt: off
_NO_DECIMALS = frozenset({"IDR", "JPY", "KRW", "VND", "CLP", "ISK", "PYG", "UGX", "XAF", "XOF",
                          "XPF", "KMF", "GNF", "RWF", "VUV", "BIF", "DJF"})
# fmt: on
_THREE_DECIMALS = frozenset(["BHD", "IQD", "JOD", "KWD", "LYD", "OMR", "TND"])
#: Decimals of a ``number`` outcome (a score, an index, a log).
_NUMBER_DECIMALS = 2


def normalise_unit(unit: str | None) -> str:
    """The unit as the loader's report names it: ``IDR`` (also ``Rp``), an upper-case ISO
    code, or ``number``; empty or ``None`` is rupiah.

    Examples
    --------
    >>> normalise_unit("usd"), normalise_unit("Rp"), normalise_unit("Number"), normalise_unit(None)
    ('USD', 'IDR', 'number', 'IDR')
    """
    text = str(unit or "").strip()
    if not text or text.lower() in ("rp", "idr", "rupiah"):
        return "IDR"
    return text.lower() if text.lower() in ("number", "log") else text.upper()


@contextlib.contextmanager
def money_unit(unit: str | None) -> Iterator[None]:
    """Write money in ``unit`` within the block (the page frame's one decision per run)."""
    token = _UNIT.set(normalise_unit(unit))
    try:
        yield
    finally:
        _UNIT.reset(token)


def current_unit() -> str:
    """The unit money is written in now (``IDR`` outside any :func:`money_unit` block)."""
    return _UNIT.get()


def unit_decimals(unit: str) -> int:
    """Digits after the decimal mark for amounts in ``unit``.

    Examples
    --------
    >>> unit_decimals("IDR"), unit_decimals("USD"), unit_decimals("JPY"), unit_decimals("KWD")
    (0, 2, 0, 3)
    """
    if unit in ("number", "log"):
        return 3 if unit == "log" else _NUMBER_DECIMALS
    if unit in _NO_DECIMALS:
        return 0
    return 3 if unit in _THREE_DECIMALS else 2


def _prefix(unit: str, lang: Lang) -> str:
    if unit == "IDR":
        return _CURRENCY[lang]
    return "" if unit in ("number", "log") else unit + " "


def with_unit(label: str, unit: str | None = None) -> str:
    """A label written for rupiah (``From (Rp)``, ``per Rp 1 million``) in the unit of the
    data shown.

    Examples
    --------
    >>> with_unit("From (Rp)", "USD"), with_unit("From (Rp)", "number")
    ('From (USD)', 'From')
    >>> with_unit("Capital (per Rp 1 million)", "EUR")
    'Capital (per EUR 1 million)'
    """
    u = normalise_unit(unit) if unit is not None else current_unit()
    if u == "IDR":
        return label
    plain = u in ("number", "log")
    text = label.replace(" (Rp)", "" if plain else f" ({u})")
    return text.replace("Rp 1 ", "1 " if plain else f"{u} 1 ")


def _is_missing(value: object) -> bool:
    if value is None:
        return True
    try:
        return not math.isfinite(float(value))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return True


def number(value: float | None, lang: Lang = "en", decimals: int = 0, *, sign: bool = False) -> str:
    """A number with the language's thousands and decimal separators.

    Parameters
    ----------
    value : the number; ``None`` or NaN gives ``"–"``.
    lang : ``"en"`` (``1,234.5``) or ``"id"`` (``1.234,5``).
    decimals : digits after the decimal separator.
    sign : write ``+`` before positive numbers (for changes).

    Examples
    --------
    >>> number(1234.5, "id", 1)
    '1.234,5'
    >>> number(-1234.5, "en", 1)
    '-1,234.5'
    """
    if _is_missing(value):
        return MISSING
    v = float(value)  # type: ignore[arg-type]
    thousands, dec = _SEPARATORS[lang]
    text = f"{abs(v):,.{decimals}f}"
    # Swap via a placeholder: English "1,234.5" -> Indonesian "1.234,5".
    text = text.replace(",", "\0").replace(".", dec).replace("\0", thousands)
    if text.strip("0.,") == "":  # rounds to zero: no "-0"
        return text
    if v < 0:
        return "-" + text
    return ("+" + text) if sign and v > 0 else text


def rupiah(
    value: float | None, lang: Lang = "en", *, sign: bool = False, unit: str | None = None
) -> str:
    """An amount of money as written in ``lang``, in ``unit`` (default: the unit of the
    data shown, :func:`current_unit`): whole rupiah, another currency with its code and
    usual decimals, or a plain number without currency.

    Examples
    --------
    >>> rupiah(1_500_000, "id")
    'Rp 1.500.000'
    >>> rupiah(1_500_000, "en")
    'IDR 1,500,000'
    >>> rupiah(-250_000, "id", sign=True)
    '-Rp 250.000'
    >>> rupiah(289.7899, "en", unit="USD"), rupiah(289.7899, "id", unit="USD")
    ('USD 289.79', 'USD 289,79')
    >>> rupiah(-2.8134, "en", unit="number")
    '-2.81'
    """
    if _is_missing(value):
        return MISSING
    u = normalise_unit(unit) if unit is not None else current_unit()
    decimals = unit_decimals(u)
    v = float(value)  # type: ignore[arg-type]
    body = _prefix(u, lang) + number(abs(v), lang, decimals)
    shown = round(v, decimals)
    if shown < 0:
        return "-" + body
    return ("+" + body) if sign and shown > 0 else body


#: :func:`rupiah` under the name of what it writes whatever the unit.
money = rupiah


def short_number(value: float | None, lang: Lang = "en", *, digits: int = 3) -> str:
    """A large number shortened with the language's scale words, for axes and cards.

    ``digits`` significant digits at most, trailing zeros dropped.

    Examples
    --------
    >>> short_number(1_500_000, "id")
    '1,5 jt'
    >>> short_number(1_500_000, "en")
    '1.5M'
    >>> short_number(2_300_000_000, "id")
    '2,3 M'
    >>> short_number(750_000, "id")
    '750 rb'
    """
    if _is_missing(value):
        return MISSING
    v = float(value)  # type: ignore[arg-type]
    if v != 0:  # round first so that 999,999 becomes 1M, not 1,000K
        v = round(v, digits - 1 - math.floor(math.log10(abs(v))))
    for factor, en_suffix, id_suffix in _SCALES:
        if abs(v) >= factor:
            scaled = v / factor
            return _significant(scaled, lang, digits) + (id_suffix if lang == "id" else en_suffix)
    return _significant(v, lang, digits)


def _significant(v: float, lang: Lang, digits: int) -> str:
    if v == 0:
        return "0"
    magnitude = math.floor(math.log10(abs(v)))
    decimals = max(0, digits - 1 - magnitude)
    text = number(round(v, decimals), lang, decimals)
    _, dec = _SEPARATORS[lang]
    if dec in text:
        text = text.rstrip("0").rstrip(dec)
    return text


def rupiah_short(
    value: float | None, lang: Lang = "en", *, sign: bool = False, unit: str | None = None
) -> str:
    """An amount of money shortened: ``Rp 1,5 jt`` / ``IDR 1.5M`` / ``USD 290`` / ``-2.81``
    (in the unit of the data shown unless ``unit`` is given).

    Examples
    --------
    >>> rupiah_short(1_500_000, "id")
    'Rp 1,5 jt'
    >>> rupiah_short(-2_000_000_000, "en")
    '-IDR 2B'
    >>> rupiah_short(1_500, "en", unit="USD")
    'USD 1.5K'
    """
    if _is_missing(value):
        return MISSING
    u = normalise_unit(unit) if unit is not None else current_unit()
    v = float(value)  # type: ignore[arg-type]
    body = _prefix(u, lang) + short_number(abs(v), lang)
    if body.endswith(_prefix(u, lang) + "0"):
        return body
    if v < 0:
        return "-" + body
    return ("+" + body) if sign and v > 0 else body


def percent(
    share: float | None, lang: Lang = "en", decimals: int = 1, *, sign: bool = False
) -> str:
    """A share (0.125) written as a percent (``12.5%`` / ``12,5%``).

    Examples
    --------
    >>> percent(0.125, "id")
    '12,5%'
    >>> percent(0.125, "en", sign=True)
    '+12.5%'
    """
    if _is_missing(share):
        return MISSING
    return number(100.0 * float(share), lang, decimals, sign=sign) + "%"  # type: ignore[arg-type]


def p_value(p: float | None, lang: Lang = "en") -> str:
    """A p-value with three decimals, small ones as ``< 0.001`` (``< 0,001``).

    Examples
    --------
    >>> p_value(0.0004, "id")
    '< 0,001'
    >>> p_value(0.0456, "en")
    '0.046'
    """
    if _is_missing(p):
        return MISSING
    if float(p) < 0.001:  # type: ignore[arg-type]
        return "< " + number(0.001, lang, 3)
    return number(p, lang, 3)


def p_text(p: float | None, lang: Lang = "en") -> str:
    """``p = 0.046`` or ``p < 0.001``, for sentences.

    Examples
    --------
    >>> p_text(0.0004, "id"), p_text(0.0456, "en")
    ('p < 0,001', 'p = 0.046')
    """
    text = p_value(p, lang)
    return "p " + text if text.startswith("<") else "p = " + text


#: Characters with a meaning in Streamlit markdown (CommonMark, ``:colour[...]`` directives,
#: ``$`` math, HTML): user-provided text is backslash-escaped before it is shown.
_MD_SPECIAL = set("\\`*_{}[]()#+-.!|~<>:$&")


def md_escape(text: object) -> str:
    r"""User-provided text made inert in markdown (names, labels, file names).

    Examples
    --------
    >>> md_escape("[click](http://x) **Kopwan**")
    '\\[click\\]\\(http\\://x\\) \\*\\*Kopwan\\*\\*'
    """
    return "".join("\\" + ch if ch in _MD_SPECIAL else ch for ch in str(text))


def html_escape(text: object) -> str:
    """User-provided text made inert in plotly labels (which understand a few HTML tags)."""
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def interval(
    low: float | None,
    high: float | None,
    lang: Lang = "en",
    *,
    money: bool = True,
    share: bool = False,
) -> str:
    """A confidence interval written ``[low; high]`` in money (the unit shown), as percents of shares
    (``share``), or as plain numbers (neither).

    A semicolon separates the bounds because the Indonesian decimal mark is a comma.

    Examples
    --------
    >>> interval(120_000, 480_000, "id")
    '[Rp 120.000; Rp 480.000]'
    >>> interval(0.612, 0.705, "id", share=True)
    '[61,2%; 70,5%]'
    """

    def fmt(v: float | None) -> str:
        if share:
            return percent(v, lang)
        return rupiah(v, lang) if money else number(v, lang, 2)

    if _is_missing(low) or _is_missing(high):
        return MISSING
    return f"[{fmt(low)}; {fmt(high)}]"


def nice_ticks(low: float, high: float, n: int = 5) -> list[float]:
    """About ``n`` round tick values covering ``[low, high]`` (1, 2, 2.5 or 5 times a power of 10).

    Examples
    --------
    >>> nice_ticks(0, 4_800_000)
    [0.0, 1000000.0, 2000000.0, 3000000.0, 4000000.0, 5000000.0]
    """
    if not (math.isfinite(low) and math.isfinite(high)):
        return []
    if high < low:
        low, high = high, low
    if high == low:
        return [float(low)]
    raw = (high - low) / max(n, 1)
    power = 10.0 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)
    start = math.floor(low / step) * step
    ticks = []
    k = 0
    while True:
        t = start + k * step
        ticks.append(round(t, 10))
        if t >= high:
            break
        k += 1
    return [float(t) for t in ticks]


def money_axis(values: Sequence[float], lang: Lang = "en", n: int = 5) -> dict[str, list]:
    """Plotly axis settings (``tickvals``, ``ticktext``) with shortened money labels.

    Plotly's own d3 formats know neither ``jt`` nor ``Rp``, so ticks are chosen here.

    Examples
    --------
    >>> money_axis([0, 2_000_000], "id", n=2)["ticktext"]
    ['Rp 0', 'Rp 1 jt', 'Rp 2 jt']
    """
    finite = [float(v) for v in values if not _is_missing(v) and math.isfinite(float(v))]
    if not finite:
        return {"tickvals": [], "ticktext": []}
    ticks = nice_ticks(min(finite), max(finite), n)
    return {"tickvals": ticks, "ticktext": [rupiah_short(t, lang) for t in ticks]}


def plotly_separators(lang: Lang) -> str:
    """Plotly's ``layout.separators`` (decimal mark, then thousands mark) for ``lang``."""
    thousands, dec = _SEPARATORS[lang]
    return dec + thousands
