"""Complementary small-cell suppression: a hidden cell cannot be recomputed from its margin.

Hiding the statistics of a group of fewer than ``min_n`` members (primary suppression) is not
enough when a total is shown: with the total's count and mean and every other sibling's count
and mean visible, the hidden mean is ``(N * M - sum(n_i * m_i)) / n_h``. So in each margin
(the siblings under one total) where exactly one cell is hidden, the next-smallest visible
sibling is hidden too (complementary suppression), repeated over every margin until nothing
changes. This is the standard rule of statistical offices' cell suppression for tables of
counts and means (e.g. Hundepool et al., *Statistical Disclosure Control*, 2012, sec. 4.3).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

#: The value of ``suppression`` for a cell hidden for its own count, and for its sibling.
PRIMARY, COMPLEMENTARY = "primary", "complementary"


def _small(table: pd.DataFrame, count_col: str, min_n: int) -> np.ndarray:
    counts = pd.to_numeric(table[count_col], errors="coerce").to_numpy(dtype="float64")
    return ~(counts >= min_n)  # a missing count is small: nothing to show it is safe


def _groups(table: pd.DataFrame, cols: Sequence[str]) -> list[np.ndarray]:
    if not cols:
        return [np.arange(len(table))]
    return [
        np.asarray(ix)
        for ix in table.groupby(list(cols), sort=False, dropna=False).indices.values()
    ]


def _complete_margin(
    rows: np.ndarray, hidden: np.ndarray, counts: np.ndarray, is_total: np.ndarray
) -> bool:
    """Hide one more sibling (or the total) where exactly one cell of the margin is hidden."""
    cells = rows[~is_total[rows]]
    totals = rows[is_total[rows]]
    n_hidden = int(hidden[cells].sum())
    if n_hidden != 1:
        return False
    visible = cells[~hidden[cells]]
    if len(visible):
        # the smallest visible sibling: the least information lost (ties: the first row)
        pick = visible[np.argsort(counts[visible], kind="stable")[0]]
        hidden[pick] = True
        return True
    if len(totals) and not hidden[totals].all():
        hidden[totals] = True  # a single sibling equals its total: hide the total
        return True
    return False


def complementary_suppression(
    table: pd.DataFrame,
    count_col: str,
    value_cols: Sequence[str],
    *,
    min_n: int = 10,
    group_cols: Sequence[str] = (),
    margins: Sequence[Sequence[str]] = (),
    total_col: str | None = None,
    total_label: object = "Total",
    hide_counts: bool = False,
) -> pd.DataFrame:
    """Primary and complementary suppression of a table of group statistics.

    Parameters
    ----------
    table : one row per cell (group), with a member count and statistics.
    count_col : the members behind each row.
    value_cols : the statistics to hide (means, shares, ...).
    min_n : the smallest count whose statistics may be shown (the dashboard's 10).
    group_cols : the columns whose values name one margin's siblings (cells sharing them add
        up to one total); ``()``: the whole table is one margin (its grand total shown
        elsewhere, or in a total row).
    margins : further margins of a two-way table, each a list of columns like ``group_cols``
        (e.g. ``[["program"]]`` besides ``group_cols=["cooperative_id"]``); all margins are
        completed in turn until no cell changes.
    total_col, total_label : the rows where ``table[total_col] == total_label`` are total
        rows (the margin itself): never picked as a complementary cell, hidden when small
        themselves or when their only sibling is hidden.
    hide_counts : also blank ``count_col`` in the hidden rows (when the counts add up to a
        shown total, a primary cell's count is itself a small number to protect).

    Returns
    -------
    A copy of ``table`` with ``value_cols`` (and the counts with ``hide_counts``) set to
    missing in hidden rows, and a column ``suppression``: ``"primary"``, ``"complementary"``
    or missing.

    Notes
    -----
    Missing data: a row with a missing count is treated as small (primary). Missing
    statistics stay missing. Rows with missing ``group_cols`` values form a margin of their
    own.

    Examples
    --------
    >>> t = pd.DataFrame({"g": ["a", "b", "c", "Total"], "n": [4, 20, 30, 54],
    ...                   "mean": [1.0, 2.0, 3.0, 2.4]})
    >>> out = complementary_suppression(t, "n", ["mean"], total_col="g")
    >>> out["mean"].tolist(), out["suppression"].tolist()
    ([nan, nan, 3.0, 2.4], ['primary', 'complementary', nan, nan])
    """
    for col in [count_col, *value_cols, *group_cols, *(c for m in margins for c in m)]:
        if col not in table.columns:
            raise KeyError(f"column {col!r} not in the table {list(table.columns)}")
    counts = pd.to_numeric(table[count_col], errors="coerce").to_numpy(dtype="float64")
    is_total = np.zeros(len(table), dtype=bool)
    if total_col is not None:
        is_total = (table[total_col] == total_label).fillna(False).to_numpy(dtype=bool)
    primary = _small(table, count_col, min_n)
    hidden = primary.copy()
    groupings = [_groups(table, cols) for cols in [tuple(group_cols), *map(tuple, margins)]]
    changed = True
    while changed:  # each pass hides at least one more cell, so this ends
        changed = False
        for groups in groupings:
            for rows in groups:
                changed |= _complete_margin(rows, hidden, counts, is_total)
    out = table.copy()
    blank = [*value_cols, *([count_col] if hide_counts else [])]
    for col in blank:
        values = out[col].astype("float64") if pd.api.types.is_integer_dtype(out[col]) else out[col]
        out[col] = values.mask(hidden)
    label = np.where(primary, PRIMARY, np.where(hidden, COMPLEMENTARY, None))
    out["suppression"] = pd.Series(label, index=out.index, dtype="object").where(hidden, np.nan)
    return out
