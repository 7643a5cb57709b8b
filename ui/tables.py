"""Tables as shown on screen: small-cell suppression, translated headers, formatted numbers.

Pure pandas, no Streamlit. The CSV downloads keep the raw numbers (with suppressed cells
blank); only the on-screen copy is formatted as text in the reader's language.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Literal

import numpy as np
import pandas as pd

import analysis
from analysis.schema import NIK_PATTERN, PHONE_PATTERN
from ui import format as fmt
from ui.i18n import TEXTS, Lang, t

Format = Literal["money", "money_signed", "percent", "share", "p", "number", "int", "text"]


def _with_complements(
    df: pd.DataFrame, counts: list[str], threshold: int, margins: list[str]
) -> np.ndarray:
    """The rows to blank: the small ones and their complements in each margin."""
    if len(counts) != 1:
        raise ValueError("complementary suppression needs a single count column")
    cells = df[[counts[0], *margins]].assign(_value=0.0)
    done = analysis.complementary_suppression(
        cells, counts[0], ["_value"], min_n=threshold, group_cols=margins
    )
    return done["suppression"].notna().to_numpy()


def suppress_small_cells(
    df: pd.DataFrame,
    n_col: str | Sequence[str],
    threshold: int,
    *,
    keep: Iterable[str] = (),
    margins: Sequence[str] | None = None,
) -> pd.DataFrame:
    """Blank every statistic of the rows describing fewer than ``threshold`` members.

    Parameters
    ----------
    df : one row per group, with member counts.
    n_col : the count column, or several (program and comparison members of a row): a row
        is small when any of them is under ``threshold``. Counts are kept.
    threshold : smallest count whose statistics may be shown.
    keep : further columns to keep (labels, group names).
    margins : when the rows split a total shown elsewhere (the program's mean change in a
        card, split by cooperative), the columns naming one margin's rows (``[]``: the whole
        table is one margin; ``["group"]``: program and comparison rows each add up to
        their group). A margin with exactly one small row then loses the statistics of its
        smallest other row too (:func:`analysis.complementary_suppression`), so that the
        small one cannot be worked out from the total. Needs a single count column.

    Returns
    -------
    A new frame: numeric columns other than the counts and ``keep`` set to missing in the
    small rows; a row with a missing count is suppressed too.

    Raises
    ------
    KeyError
        When a count column is not in ``df``: without it nothing could be suppressed.

    Examples
    --------
    >>> df = pd.DataFrame({"group": ["a", "b"], "n": [12, 4], "mean": [1.0, 2.0]})
    >>> suppress_small_cells(df, "n", 10)["mean"].tolist()
    [1.0, nan]
    >>> df = pd.DataFrame({"group": ["a", "b", "c"], "n": [12, 4, 30], "mean": [1.0, 2.0, 3.0]})
    >>> suppress_small_cells(df, "n", 10, margins=[])["mean"].tolist()
    [nan, nan, 3.0]
    """
    counts = [n_col] if isinstance(n_col, str) else list(n_col)
    missing = [c for c in counts if c not in df.columns]
    if missing:
        raise KeyError(f"count column {missing} not in the table {list(df.columns)}")
    out = df.copy()
    small = np.zeros(len(out), dtype=bool)
    for c in counts:
        small |= ~(pd.to_numeric(out[c], errors="coerce") >= threshold).to_numpy()
    if not small.any():
        return out
    if margins is not None:
        small = _with_complements(out, counts, threshold, list(margins))
    protected = {*counts, *keep}
    cols = [
        c
        for c in out.columns
        if c not in protected
        and pd.api.types.is_numeric_dtype(out[c])
        and not pd.api.types.is_bool_dtype(out[c])
    ]
    if cols:
        # one block assignment: a column-by-column astype/where took ~2 ms per table
        values = out[cols].to_numpy(dtype="float64", na_value=np.nan, copy=True)
        values[small] = np.nan
        out[cols] = values
    return out


def column_label(column: str, lang: Lang) -> str:
    """A readable header for ``column``: the i18n table, then the schema, else the name.

    ``X_before``/``X_after``/``X_change`` are labelled from ``X``.
    """
    key = f"col_{column}"
    if key in TEXTS:
        return fmt.with_unit(t(key, lang))  # "From (Rp)" in the unit of the data shown
    for suffix in ("_before", "_after", "_change"):
        if column.endswith(suffix):
            base = column[: -len(suffix)]
            if f"col_{base}" in TEXTS or _schema_label(base, lang):
                return f"{column_label(base, lang)} ({t('suffix' + suffix, lang)})"
    return _schema_label(column, lang) or column


def _schema_label(column: str, lang: Lang) -> str | None:
    for kind in ("survey", "loans"):
        try:
            return analysis.field(column, kind).label(lang)
        except KeyError:
            continue
    return None


def _formatter(kind: Format, lang: Lang):
    return {
        "money": lambda v: fmt.rupiah(v, lang),
        "money_signed": lambda v: fmt.rupiah(v, lang, sign=True),
        "percent": lambda v: fmt.number(v, lang, 1) + "%" if pd.notna(v) else fmt.MISSING,
        "share": lambda v: fmt.percent(v, lang),
        "p": lambda v: fmt.p_value(v, lang),
        "number": lambda v: fmt.number(v, lang, 2),
        "int": lambda v: fmt.number(v, lang, 0),
        "text": lambda v: fmt.MISSING if pd.isna(v) else str(v),
    }[kind]


def _blank(v: object) -> bool:
    try:
        return v is None or bool(pd.isna(v))
    except (TypeError, ValueError):
        return False


def display(df: pd.DataFrame, lang: Lang, formats: dict[str, Format]) -> pd.DataFrame:
    """The on-screen copy of ``df``: formatted values, translated headers.

    Columns without a format are kept as they are (numbers with 3 significant decimals).
    """
    out = pd.DataFrame(index=df.index)
    for col in df.columns:
        kind = formats.get(col)
        if kind is not None:
            out[column_label(col, lang)] = [_formatter(kind, lang)(v) for v in df[col]]
        elif pd.api.types.is_float_dtype(df[col]):
            out[column_label(col, lang)] = [fmt.number(v, lang, 3) for v in df[col]]
        elif col == "group" and df[col].isin(["program", "comparison", "difference"]).all():
            out[column_label(col, lang)] = [t(str(v), lang) for v in df[col]]
        elif col in ("variable", "field") and df[col].dtype != "float64":
            # canonical names (income, age) read better as their labels
            out[column_label(col, lang)] = [column_label(str(v), lang) for v in df[col]]
        elif pd.api.types.is_integer_dtype(df[col]) or pd.api.types.is_bool_dtype(df[col]):
            out[column_label(col, lang)] = df[col]
        else:  # text, dates, mixed: one string column (Arrow needs one type per column)
            out[column_label(col, lang)] = [fmt.MISSING if _blank(v) else str(v) for v in df[col]]
    return out.reset_index(drop=True)


def by_statistic(
    df: pd.DataFrame, id_col: str, stats: Iterable[tuple[str, Format]], lang: Lang
) -> pd.DataFrame:
    """One row per statistic, one column per group: how a paired comparison is read.

    Group names that are translation keys (``program``, ``comparison``) are translated.

    Examples
    --------
    >>> df = pd.DataFrame({"group": ["program"], "n": [12], "mean_change": [1500.0]})
    >>> by_statistic(df, "group", [("n", "int"), ("mean_change", "money")], "id").values.tolist()
    [['n (anggota)', '12'], ['Rata-rata perubahan', 'Rp 1.500']]
    """
    out: dict[str, list[str]] = {t("col_statistic", lang): []}
    present = [(c, f) for c, f in stats if c in df.columns]
    for c, _ in present:
        out[t("col_statistic", lang)].append(column_label(c, lang))
    for _, row in df.iterrows():
        name = str(row[id_col])
        header = t(name, lang) if name in TEXTS else name
        out[header] = [_formatter(f, lang)(row[c]) for c, f in present]
    return pd.DataFrame(out)


def nominal_vs_real(nominal: pd.DataFrame, real: pd.DataFrame, threshold: int) -> pd.DataFrame:
    """Mean and percent change per group in current and in constant prices, side by side.

    Groups under ``threshold`` members are suppressed.
    """
    cols = ["group", "n", "mean_change", "pct_change"]
    both = nominal[cols].merge(
        real[cols].drop(columns="n"), on="group", suffixes=("_nominal", "_real")
    )
    both = both.rename(
        columns={
            "mean_change_nominal": "nominal_mean_change",
            "mean_change_real": "real_mean_change",
            "pct_change_nominal": "nominal_pct_change",
            "pct_change_real": "real_pct_change",
        }
    )
    return suppress_small_cells(both, "n", threshold, keep=["group"])


_NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?(?:e[+-]?\d+)?")


def localize_numbers(text: object, lang: Lang) -> str:
    """Numbers inside English-formatted text (``"81,200**"``, ``"(0.0321)"``) in ``lang``.

    Only digit runs are touched, so words and stars stay as they are.

    Examples
    --------
    >>> localize_numbers("(1,234.5)***", "id")
    '(1.234,5)***'
    """
    s = "" if text is None else str(text)
    if lang == "en":
        return s
    swap = str.maketrans({",": ".", ".": ","})
    return _NUMBER.sub(lambda m: m.group(0).translate(swap), s)


#: A run of digits, perhaps written with spaces, dots, dashes or brackets, long enough to be a
#: phone number or a NIK.
_DIGIT_RUN = re.compile(r"\+?\d[\d .()-]{7,}\d")


def mask_identifiers(text: object) -> object:
    """``text`` with any NIK or phone number inside it replaced by ``[masked]``.

    The loader masks a problem cell that *is* a NIK or a phone number; a cell that only
    contains one (``Rp 0812-3456-7890``, typed into the income column) would otherwise be
    shown in the validation report. Non-text values are returned as they are.

    Examples
    --------
    >>> mask_identifiers("Rp 0812-3456-7890x"), mask_identifiers("Rp 1.500.000")
    ('Rp [masked]x', 'Rp 1.500.000')
    """
    if not isinstance(text, str):
        return text

    def mask(m: re.Match[str]) -> str:
        compact = re.sub(r"[ .()-]", "", m.group(0))
        if NIK_PATTERN.match(compact) or PHONE_PATTERN.match(compact):
            return "[masked]"
        return m.group(0)

    return _DIGIT_RUN.sub(mask, text)


#: Rows under the coefficients of a regression table, by the engine's English name.
_MODEL_ROWS = {
    "R-squared": "reg_r2",
    "Adj. R-squared": "reg_adj_r2",
    "SE type": "reg_se_type",
    "Clusters": "reg_clusters",
    "Fixed effects": "reg_fixed_effects",
    "Reference levels": "reg_reference_levels",
}
#: A level of a categorical regressor as the formula engine names it: ``education[SD]``,
#: ``C(education)[T.SD]``.
_LEVEL_TERM = re.compile(r"^(?:C\()?(\w+)\)?\[(?:T\.)?(.*)\]$")


def term_label(term: str, labels: dict[str, str], lang: Lang) -> str:
    """A regression term as a reader names it: the page's label, a translated row name,
    ``Education: SD`` for a level of a categorical regressor, else the term itself.

    Examples
    --------
    >>> term_label("education[SD]", {}, "en"), term_label("R-squared", {}, "id")
    ('Education: SD', 'R-kuadrat')
    """
    if term in labels:
        return labels[term]
    if term in _MODEL_ROWS:
        return t(_MODEL_ROWS[term], lang)
    level = _LEVEL_TERM.match(term)
    if level:
        return f"{column_label(level.group(1), lang)}: {level.group(2)}"
    return term


def residual_summary(r: object, lang: Lang) -> pd.DataFrame:
    """A model's residual summary (min, quartiles, max, SD) as a two-column table, the
    statistics named in ``lang``."""
    names = ("min", "q1", "median", "q3", "max", "sd")
    return pd.DataFrame(
        {
            "statistic": [t(f"resid_{n}", lang) for n in names],
            "value": [getattr(r, n) for n in names],
        }
    )


def band_label(lower: float, upper: float, lang: Lang) -> str:
    """A capital band as written in ``lang``: ``0``, ``(1 jt, 2,5 jt]`` / ``(1M, 2.5M]``, or
    ``> 10 jt`` for the open top band.

    Examples
    --------
    >>> band_label(1e6, 2.5e6, "id"), band_label(1e6, 2.5e6, "en"), band_label(1e7, np.inf, "id")
    ('(1 jt, 2,5 jt]', '(1M, 2.5M]', '> 10 jt')
    """
    if not np.isfinite(upper):
        return "> " + fmt.short_number(lower, lang)
    if upper == 0:
        return "0"
    return f"({fmt.short_number(lower, lang)}, {fmt.short_number(upper, lang)}]"


def did_result_frame(result: object) -> pd.DataFrame:
    """A DiD result as a one-row table for the CSV download (warnings joined as text)."""
    record = dict(result.to_dict())  # type: ignore[attr-defined]
    record["warnings"] = " | ".join(w["en"] for w in record.get("warnings", []))
    return pd.DataFrame([record])


def extremes(df: pd.DataFrame, value: str, n: int = 15) -> pd.DataFrame:
    """The ``n`` rows with the highest and the ``n`` with the lowest ``value``, for charts of
    many groups (16,000 cooperatives at a million members); all rows when there are few.

    Rows with a missing value (suppressed cells) are kept only when all rows are kept.

    Examples
    --------
    >>> df = pd.DataFrame({"g": list("abcde"), "v": [5.0, 1.0, 4.0, 2.0, 3.0]})
    >>> extremes(df, "v", n=1)["g"].tolist()
    ['a', 'b']
    """
    known = df[df[value].notna()]
    if len(known) <= 2 * n:
        return df
    ordered = known.sort_values(value, ascending=False)
    return pd.concat([ordered.head(n), ordered.tail(n)])
