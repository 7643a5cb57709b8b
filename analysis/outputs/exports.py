"""Spreadsheet-safe CSV exports of any table the dashboard or the command line hands out.

A cell such as ``=HYPERLINK(...)`` or ``+62812...`` opened in Excel or LibreOffice is run as
a formula (CSV injection, OWASP). Every export goes through :func:`safe_csv_bytes`.
"""

from __future__ import annotations

import pandas as pd

#: First characters that make a spreadsheet treat a cell as a formula.
FORMULA_STARTS: tuple[str, ...] = ("=", "+", "-", "@", "\t", "\r")


def _is_number_text(s: pd.Series) -> pd.Series:
    """Cells that are plain numbers (``-5``, ``+1.5``, ``-1e3``): no formula to fear."""
    return s.str.fullmatch(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?").fillna(False)


def _defuse(col: pd.Series) -> pd.Series:
    text = col.astype("str")
    risky = text.str.startswith(FORMULA_STARTS).fillna(False) & ~_is_number_text(text)
    if not bool(risky.any()):
        return col
    out = col.astype(object).copy()
    out[risky.to_numpy()] = "'" + text[risky]
    return out


def safe_csv_bytes(df: pd.DataFrame, *, index: bool = False) -> bytes:
    """A table as CSV bytes that spreadsheets open safely and correctly.

    Parameters
    ----------
    df : any table.
    index : write the index as a first column.

    Returns
    -------
    bytes
        UTF-8 with a byte-order mark (so Excel reads accented letters), comma-separated,
        ``\\r\\n`` line ends. Text cells starting with ``=``, ``+``, ``-``, ``@``, a tab or a
        carriage return get a leading apostrophe, which spreadsheets show as text. Real
        numbers (numeric columns, and text that is just a number such as ``-5``) are left
        alone. Column names are defused the same way.

    Notes
    -----
    Missing values are written as empty cells.

    Examples
    --------
    >>> safe_csv_bytes(pd.DataFrame({"a": ["=1+1", "-5", "x"], "b": [-5, 2, 3]}))
    b"\\xef\\xbb\\xbfa,b\\r\\n'=1+1,-5\\r\\n-5,2\\r\\nx,3\\r\\n"
    """
    out = df.copy()
    for c in out.columns:
        col = out[c]
        if isinstance(col.dtype, pd.CategoricalDtype):
            col = col.astype(object)
        if pd.api.types.is_numeric_dtype(col.dtype) or pd.api.types.is_datetime64_any_dtype(
            col.dtype
        ):
            continue
        out[c] = _defuse(col)
    names = pd.Series([str(c) for c in out.columns], dtype="str")
    out.columns = list(_defuse(names).astype(object))
    if index and out.index.dtype == object:
        out.index = pd.Index(_defuse(pd.Series(out.index.astype("str"))).to_numpy())
    text = out.to_csv(index=index, lineterminator="\r\n")
    return b"\xef\xbb\xbf" + text.encode("utf-8")


__all__ = ["FORMULA_STARTS", "safe_csv_bytes"]
