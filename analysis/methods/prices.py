"""Prices: the consumer price index table and incomes in constant prices.

Before/after comparisons over several years mix real growth with inflation (Jember's prices
rose 7.4% in 2022 alone). :func:`deflate_incomes` adds ``income_real`` and friends in the prices
of one base year, from the Jember CPI table shipped in ``data/cpi/`` or the user's own;
:func:`analysis.before_after` then compares them with ``income="income_real"``.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import re
from collections.abc import Mapping, Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from analysis.messages import plain
from analysis.schema import normalise_name, wave_order

#: The shipped table: Jember's December CPI chained to 2018=100 (sources in data/cpi/README.md).
CPI_PATH = Path(__file__).resolve().parents[2] / "data" / "cpi" / "jember_cpi.csv"

#: Column names accepted in a user's CPI file (after :func:`analysis.schema.normalise_name`).
_YEAR_NAMES = ("year", "tahun", "yr")
_CPI_NAMES = ("cpi", "ihk", "index", "indeks", "price_index", "indeks_harga_konsumen")

#: Columns handled by default by :func:`deflate_incomes` when present.
DEFAULT_COLUMNS = ("income", "revenue", "capital")


def load_cpi(source: bytes | str | os.PathLike[str] | None = None) -> pd.DataFrame:
    """The consumer price index table, one row per year.

    Parameters
    ----------
    source : ``None`` for the table shipped with Berdaya (Jember, see ``data/cpi/README.md``);
        the bytes of a CSV file (an upload); or the path of a CSV file. A user's file needs a
        year column (``year`` or ``tahun``) and an index column (``cpi``, ``ihk``, ``index`` or
        ``indeks``), separated by commas, semicolons or tabs; a decimal comma (``117,36``) is
        accepted. Any base year will do: only ratios between years are used.

    Returns
    -------
    DataFrame sorted by year with columns:

    - ``year`` (int64), ``cpi`` (float64, positive);
    - ``kind`` (str): ``published`` (a December index as printed by Statistics Indonesia),
      ``derived`` (computed from published Jember inflation rates only), ``estimate`` (uses
      national inflation where Jember's was not at hand), or ``user`` for a user's file;
    - ``source`` (str): how the row's level was obtained;
    - for the shipped table also ``inflation_pct``, ``inflation_area``, ``published_base``,
      ``other_base_index``, ``other_base``, ``inflation_source`` (see the README).

    Raises
    ------
    ValueError
        When the file lacks a year or index column, or a year is repeated or not a whole
        number, or an index value is missing, not a number or not positive (the message names
        the row).
    FileNotFoundError
        When ``source`` is a path that does not exist.

    Notes
    -----
    Missing data: a row with a missing year or index is an error, not skipped, because a gap
    in a price table silently changes every real income computed from it.

    Examples
    --------
    >>> cpi = load_cpi()
    >>> float(cpi.loc[cpi.year == 2022, "cpi"].iloc[0])
    115.65
    >>> load_cpi(b"tahun;ihk\\n2021;100\\n2022;107,39\\n")["cpi"].tolist()
    [100.0, 107.39]
    """
    if source is None:
        table = pd.read_csv(CPI_PATH)
        return _validated(table, "year", "cpi", origin=str(CPI_PATH.name))
    if isinstance(source, bytes):
        buffer: io.BytesIO | Path = io.BytesIO(source)
        origin = "uploaded file"
    else:
        buffer = Path(source)
        origin = buffer.name
        if not buffer.is_file():
            raise FileNotFoundError(f"CPI file not found: {buffer}")
    try:
        raw = pd.read_csv(buffer, sep=None, engine="python", dtype=str, skipinitialspace=True)
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError) as exc:
        raise ValueError(f"cannot read the CPI file ({origin}) as CSV: {exc}") from exc
    names = {normalise_name(c): c for c in raw.columns}
    year_col = next((names[n] for n in _YEAR_NAMES if n in names), None)
    cpi_col = next((names[n] for n in _CPI_NAMES if n in names), None)
    if year_col is None or cpi_col is None:
        raise ValueError(
            f"a CPI file needs a 'year' column and a 'cpi' column; {origin} has {list(raw.columns)}"
        )
    table = pd.DataFrame(
        {
            "year": raw[year_col].str.strip(),
            "cpi": raw[cpi_col].str.strip().map(_decimal_comma, na_action="ignore"),
        }
    )
    table["kind"] = "user"
    table["source"] = raw[names["source"]] if "source" in names else f"user file: {origin}"
    return _validated(table, "year", "cpi", origin=origin)


def _decimal_comma(text: str) -> str:
    """'117,36' -> '117.36'; '1.234,5' -> '1234.5'; other text unchanged."""
    if re.fullmatch(r"-?\d{1,3}(\.\d{3})+,\d+", text):
        return text.replace(".", "").replace(",", ".")
    if re.fullmatch(r"-?\d+,\d+", text):
        return text.replace(",", ".")
    return text


def _validated(table: pd.DataFrame, year: str, cpi: str, *, origin: str) -> pd.DataFrame:
    years = pd.to_numeric(table[year], errors="coerce")
    values = pd.to_numeric(table[cpi], errors="coerce")
    for i in range(len(table)):
        row = i + 2  # header is line 1
        y, v = years.iloc[i], values.iloc[i]
        if pd.isna(y) or float(y) != int(y):
            raise ValueError(
                f"{origin}, line {row}: year {table[year].iloc[i]!r} is not a whole year"
            )
        if pd.isna(v) or not np.isfinite(v) or v <= 0:
            raise ValueError(
                f"{origin}, line {row}: index {table[cpi].iloc[i]!r} for {int(y)} is not a "
                "positive number"
            )
    years = years.astype("int64")
    dupes = years[years.duplicated()]
    if len(dupes):
        raise ValueError(f"{origin}: year {int(dupes.iloc[0])} appears more than once")
    if len(years) == 0:
        raise ValueError(f"{origin}: the CPI table has no rows")
    out = table.copy()
    out[year] = years.to_numpy()
    out[cpi] = values.to_numpy(dtype="float64")
    front = ["year", "cpi", "kind", "source"]
    out = out[front + [c for c in out.columns if c not in front]]
    return out.sort_values("year", kind="stable").reset_index(drop=True)


def wave_years(
    waves: Sequence[object], wave_year: Mapping[object, int] | None = None
) -> dict[object, int]:
    """The calendar year of each wave: from ``wave_year``, else the wave read as a year.

    Raises
    ------
    ValueError
        Naming the first wave that is neither in ``wave_year`` nor a year (such as
        ``"baseline"``).
    """
    given = {_plain(k): v for k, v in (wave_year or {}).items()}
    by_text = {str(k).strip(): v for k, v in given.items()}
    out: dict[object, int] = {}
    for w in map(_plain, waves):
        if w in given:
            year = given[w]
        elif str(w).strip() in by_text:
            year = by_text[str(w).strip()]
        else:
            year = _as_year(w)
        if year is None:
            raise ValueError(
                f"wave {_quoted(w)} is not a year: say when each wave was surveyed, e.g. "
                f"wave_year={{{_quoted(w)}: 2021, ...}}"
            )
        out[w] = int(year)
    return out


def _quoted(value: object) -> str:
    """A wave in a message: 2021 as it is, a label in quotes ('baseline'), no numpy reprs."""
    return f"'{value}'" if isinstance(value, str) else plain(value)


def _plain(value: object) -> object:
    """numpy scalars as Python values, so messages read 2023 rather than np.int64(2023)."""
    return value.item() if isinstance(value, np.generic) else value


def _as_year(value: object) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, (dt.date, pd.Timestamp, pd.Period)):
        return int(value.year)
    if isinstance(value, (int, np.integer)):
        return int(value) if 1900 <= int(value) <= 2100 else None
    if isinstance(value, (float, np.floating)):
        return _as_year(int(value)) if float(value).is_integer() else None
    if isinstance(value, str) and re.fullmatch(r"\s*(19|20|21)\d{2}\s*", value):
        return int(value)
    return None


def deflate_incomes(
    survey: pd.DataFrame,
    cpi: pd.DataFrame | None = None,
    *,
    wave_year: Mapping[object, int] | None = None,
    base_year: int | None = None,
    columns: Sequence[str] | None = None,
    wave: str = "wave",
    suffix: str = "_real",
) -> pd.DataFrame:
    """Add money columns in constant prices of ``base_year``.

    Parameters
    ----------
    survey : long survey, one row per member per wave.
    cpi : a table from :func:`load_cpi` (columns ``year`` and ``cpi``); the shipped Jember
        table when ``None``.
    wave_year : calendar year of each wave, for waves that are not years themselves
        (``{"baseline": 2021, "endline": 2023}``). Waves that are years (2021, ``"2021"``,
        dates) need no entry.
    base_year : year whose prices the real columns are in; the first wave's year by default.
    columns : money columns to deflate; by default those of ``income``, ``revenue`` and
        ``capital`` that are present. A column named here but absent is an error.
    wave : name of the wave column.
    suffix : appended to each deflated column's name.

    Returns
    -------
    A copy of ``survey`` with ``<column><suffix>`` (float64) for each column:
    ``value * cpi[base_year] / cpi[year of the row's wave]``. ``attrs["deflation"]`` records
    the base year and each wave's year and factor.

    Raises
    ------
    ValueError
        When a wave is not a year and not in ``wave_year``, when a year needed (a wave's or the
        base year) is not in the table, or when a column is absent or not numeric.

    Notes
    -----
    Missing data: a missing value stays missing; rows with a missing wave get a missing real
    value. The shipped table holds December indices (see ``data/cpi/README.md``), so a wave
    dated by its year is priced at that year's December level; for surveys in another month,
    pass a table of your own (annual averages or the survey month) with :func:`load_cpi`.
    ``capital`` is a flow received over the period ending at the wave and is deflated with the
    wave's index, an approximation when the period spans several years.

    Examples
    --------
    >>> df = pd.DataFrame({"member_id": ["a", "a"], "wave": [2021, 2022],
    ...                    "income": [1_000_000.0, 1_100_000.0]})
    >>> deflate_incomes(df)["income_real"].round().tolist()  # x 107.69 / 115.65
    [1000000.0, 1024289.0]
    """
    if wave not in survey.columns:
        raise ValueError(f"the survey has no wave column {wave!r}")
    table = load_cpi() if cpi is None else cpi
    missing_cols = [c for c in ("year", "cpi") if c not in table.columns]
    if missing_cols:
        raise ValueError(f"the CPI table lacks column(s) {missing_cols}; use load_cpi to read it")
    index = dict(zip(table["year"].astype("int64"), table["cpi"].astype("float64"), strict=True))
    if columns is None:
        cols = [c for c in DEFAULT_COLUMNS if c in survey.columns]
    else:
        cols = list(columns)
        absent = [c for c in cols if c not in survey.columns]
        if absent:
            raise ValueError(f"cannot deflate {absent}: not columns of the survey")
    for c in cols:
        if not pd.api.types.is_numeric_dtype(survey[c].dtype):
            raise ValueError(f"cannot deflate {c!r}: its values are not numbers")

    order = wave_order(survey[wave])
    years = wave_years(order, wave_year)
    base = years[_plain(order[0])] if base_year is None else int(base_year)
    span = f"{min(index)}-{max(index)}" if index else "none"
    for need, what in [
        (base, "the base year"),
        *((y, f"wave {_quoted(w)}") for w, y in years.items()),
    ]:
        if need not in index:
            raise ValueError(
                f"no CPI for {need} ({what}); the table covers {span}. Pass a table of your "
                "own (load_cpi(path)) or choose another base_year"
            )
    factor = {w: index[base] / index[y] for w, y in years.items()}

    codes, uniques = pd.factorize(survey[wave])
    per_unique = np.array([factor.get(_plain(u), np.nan) for u in uniques], dtype="float64")
    row_factor = np.where(codes >= 0, per_unique[np.maximum(codes, 0)], np.nan)
    out = survey.copy()
    for c in cols:
        out[f"{c}{suffix}"] = survey[c].to_numpy(dtype="float64", na_value=np.nan) * row_factor
    out.attrs["deflation"] = {
        "base_year": base,
        "wave_year": {str(w): y for w, y in years.items()},
        "factor": {str(w): f for w, f in factor.items()},
    }
    return out
