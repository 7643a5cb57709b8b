"""Loan-portfolio indicators of a cooperative loans ledger (one row per loan).

The loaders hand over the canonical loans frame; this module turns it into the figures of the
report's ``loans`` key and the dashboard's portfolio page: outstanding portfolio, borrowers,
disbursements, portfolio at risk, repayment, write-offs, loan cycles, ageing and the Indonesian
kolektibilitas classes, for the whole ledger or per cooperative or joint-liability group.

Definitions follow the *Microfinance Consensus Guidelines: Definitions of Selected Financial
Terms, Ratios, and Adjustments for Microfinance* (CGAP/SEEP, 3rd ed., September 2003), cited below
as "the Guidelines", and CGAP Occasional Paper 3 (R. Rosenberg, *Measuring Microcredit
Delinquency*, 1999) for the repayment (collection) rate. Every computation is vectorised: per-loan
arrays are computed once and summed per group with ``numpy.bincount`` on factorised group codes,
so three million loans summarise in well under a second per call.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import pandas as pd

from analysis.messages import DataError, Message, plain_list
from analysis.schema import normalise_name

Frequency = Literal["M", "Q", "Y"]
AgingBucket = Literal["current", "1-30", "31-60", "61-90", "91-180", ">180", "unknown"]
KolClass = Literal["lancar", "kurang_lancar", "diragukan", "macet", "unknown"]
StatusClass = Literal[
    "lancar", "kurang_lancar", "diragukan", "macet", "written_off", "closed", "other"
]

#: PAR thresholds N of PAR>N (days): a loan is at risk when ``days_overdue > N``.
PAR_DAYS: tuple[int, ...] = (1, 30, 90)
#: Ageing buckets of outstanding loans by days overdue, right-closed: "1-30" is 0 < d <= 30.
AGING_BUCKETS: tuple[AgingBucket, ...] = (
    "current",
    "1-30",
    "31-60",
    "61-90",
    "91-180",
    ">180",
    "unknown",
)
# above this many (group, period) cells, disbursements counts only the cells that occur
_DENSE_CELLS = 20_000_000
_AGING_UPPER = np.array([0.0, 30.0, 60.0, 90.0, 180.0])
#: Kolektibilitas classes, best to worst, then loans that cannot be classified.
KOLEKTIBILITAS: tuple[KolClass, ...] = ("lancar", "kurang_lancar", "diragukan", "macet", "unknown")
#: Upper day limits (right-closed) of lancar, kurang lancar and diragukan; above the last: macet.
#: OJK's day limits for bank loans (POJK 40/POJK.03/2019 on commercial banks' asset quality:
#: lancar 0, dalam perhatian khusus 1-90, kurang lancar 91-120, diragukan 121-180, macet > 180
#: days) with "dalam perhatian khusus" folded into lancar to give four classes. Rural banks
#: (BPR) and cooperatives (Ministry of Cooperatives rules, counted in months of arrears) also
#: use four classes with other limits: cooperatives are not supervised by OJK, so the classes are
#: an approximation; pass ``kolektibilitas_days`` to use a cooperative's own limits.
KOLEKTIBILITAS_DAYS: tuple[float, float, float] = (90.0, 120.0, 180.0)

_STATUS_CLASSES: tuple[StatusClass, ...] = (
    "lancar",
    "kurang_lancar",
    "diragukan",
    "macet",
    "written_off",
    "closed",
    "other",
)
# normalised status text -> class. Kolektibilitas codes kol_1..kol_5 follow the five-class bank
# scheme, whose class 2 (dalam perhatian khusus) folds into lancar.
# fmt: off
_STATUS_WORDS: dict[str, StatusClass] = {
    **dict.fromkeys(("lancar", "current", "performing", "active", "aktif", "berjalan", "normal",
                     "dalam_perhatian_khusus", "dpk", "special_mention", "watch", "kol_1",
                     "kol_2", "kolektibilitas_1", "kolektibilitas_2"), "lancar"),
    **dict.fromkeys(("kurang_lancar", "substandard", "sub_standard", "kol_3",
                     "kolektibilitas_3"), "kurang_lancar"),
    **dict.fromkeys(("diragukan", "doubtful", "kol_4", "kolektibilitas_4"), "diragukan"),
    **dict.fromkeys(("macet", "bad", "loss", "default", "defaulted", "kredit_macet", "kol_5",
                     "kolektibilitas_5"), "macet"),
    **dict.fromkeys(("written_off", "write_off", "writeoff", "written", "charged_off",
                     "charge_off", "hapus_buku", "hapusbuku", "dihapusbukukan",
                     "dihapus_bukukan", "hapus_tagih", "wo"), "written_off"),
    **dict.fromkeys(("lunas", "paid", "paid_off", "repaid", "fully_paid", "closed", "selesai",
                     "settled", "tutup"), "closed"),
}
# fmt: on
_ST = {name: i for i, name in enumerate(_STATUS_CLASSES)}
# checked for negatives; amount_repaid is not used in any figure (it may include service charge)
_AMOUNT_COLUMNS = (
    "principal",
    "outstanding",
    "amount_repaid",
    "days_overdue",
    "term_months",
    "cycle",
)


# --------------------------------------------------------------------------------------------
# Results
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CycleRow:
    """Loans of one loan cycle (1 = first loan of a member)."""

    cycle: float
    n_loans: int
    disbursed: float
    avg_loan: float | None


@dataclass(frozen=True)
class AgingRow:
    """Outstanding loans in one ageing bucket; ``share_of_portfolio`` is None when GLP is 0."""

    bucket: AgingBucket
    n_loans: int
    outstanding: float
    share_of_portfolio: float | None


@dataclass(frozen=True)
class KolRow:
    """Outstanding loans in one kolektibilitas class."""

    kolektibilitas: KolClass
    n_loans: int
    outstanding: float
    share_of_portfolio: float | None


@dataclass(frozen=True)
class YearRow:
    """Loans disbursed in one calendar year."""

    year: int
    n_loans: int
    amount: float


@dataclass(frozen=True)
class PortfolioSummary:
    """Headline figures of a loans ledger (:func:`portfolio_summary`; its Notes on missing data).

    Ratios are ``None`` (never NaN) when their denominator is zero or unknown; ``notes`` says why.

    Attributes
    ----------
    - ``n_loans``, ``n_borrowers``: rows of the ledger; distinct members who ever borrowed.
    - ``n_active_loans``, ``n_active_borrowers``: loans with outstanding principal > 0 that are
      not written off; distinct members holding one ("number of active borrowers", Guidelines).
    - ``disbursed``, ``avg_disbursed_loan``: sum of principal; sum / number of loans with a
      principal ("average disbursed loan size").
    - ``gross_loan_portfolio``: outstanding principal of all loans not written off ("all
      outstanding principal due for all outstanding client loans ... but not loans that have
      been written off", Guidelines). None when no loan has a known balance.
    - ``avg_outstanding_balance``: GLP / active loans; ``avg_outstanding_per_borrower``: GLP /
      active borrowers.
    - ``par1``, ``par30``, ``par90``: portfolio at risk > N days ratio: outstanding principal of
      loans with ``days_overdue > N`` — the *whole* unpaid balance of each late loan, past-due
      and future instalments alike (Guidelines) — over ``par_base``, the outstanding of loans
      whose days overdue are known. Exactly 30 days overdue is not in PAR30.
    - ``n_unknown_overdue``, ``outstanding_unknown_overdue``: active loans without days overdue.
    - ``repayment_rate``: collection rate on principal to ``as_of`` (Rosenberg 1999): sum over
      loans of min(principal − outstanding, principal due) / sum of principal due, where
      principal due = principal × min(whole months since disbursement, term) / term;
      ``repayment_due``, ``repayment_paid``, ``n_loans_repayment``: its parts.
    - ``npl_ratio``: kolektibilitas kurang lancar + diragukan + macet over classified
      outstanding (the Indonesian non-performing loan ratio).
    - ``n_written_off``, ``written_off``: loans whose status is written off (hapus buku) and the
      outstanding principal recorded on them.
    - ``n_missing_outstanding``: loans (not written off) without a known balance.
    - ``cycles``: per loan cycle: n_loans, disbursed, avg_loan.
    - ``aging``: per ageing bucket (current, 1-30, 31-60, 61-90, 91-180, >180 days, unknown):
      n_loans, outstanding, share_of_portfolio, as :func:`par_aging`.
    - ``kolektibilitas``: per class (lancar, kurang_lancar, diragukan, macet, unknown):
      n_loans, outstanding, share_of_portfolio; ``kolektibilitas_days``: the day limits used.
    - ``disbursed_by_year``: per calendar year: n_loans, amount.
    - ``notes``: bilingual messages on every exclusion and undefined figure.
    """

    as_of: pd.Timestamp | None
    n_loans: int
    n_borrowers: int
    n_active_loans: int
    n_active_borrowers: int
    disbursed: float
    avg_disbursed_loan: float | None
    gross_loan_portfolio: float | None
    avg_outstanding_balance: float | None
    avg_outstanding_per_borrower: float | None
    par1: float | None
    par30: float | None
    par90: float | None
    par_base: float
    n_unknown_overdue: int
    outstanding_unknown_overdue: float
    repayment_rate: float | None
    repayment_due: float
    repayment_paid: float
    n_loans_repayment: int
    npl_ratio: float | None
    n_written_off: int
    written_off: float
    n_missing_outstanding: int
    cycles: tuple[CycleRow, ...]
    aging: tuple[AgingRow, ...]
    kolektibilitas: tuple[KolRow, ...]
    kolektibilitas_days: tuple[float, ...]
    disbursed_by_year: tuple[YearRow, ...]
    notes: tuple[Message, ...]

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready figures for the report's ``loans`` key (None for undefined values).

        Keys: every field of the dataclass; ``as_of`` as ``YYYY-MM-DD``; ``cycles``,
        ``aging``, ``kolektibilitas`` and ``disbursed_by_year`` as lists of row dicts;
        ``notes`` as a list of ``{"en": ..., "id": ...}``; plus ``definitions``: the formula of
        each ratio, in words.
        """
        out: dict[str, Any] = {}
        for name in self.__dataclass_fields__:
            value = getattr(self, name)
            if name == "as_of":
                out[name] = None if value is None else value.strftime("%Y-%m-%d")
            elif name == "notes":
                out[name] = [m.to_dict() for m in value]
            elif name == "kolektibilitas_days":
                out[name] = list(value)
            elif name in ("cycles", "aging", "kolektibilitas", "disbursed_by_year"):
                out[name] = [{k: getattr(r, k) for k in r.__dataclass_fields__} for r in value]
            else:
                out[name] = value
        out["definitions"] = dict(DEFINITIONS)
        return out


#: The formula behind every ratio, in words (also written into the JSON report).
DEFINITIONS: dict[str, str] = {
    "gross_loan_portfolio": "sum of outstanding principal of all loans not written off "
    "(CGAP/SEEP Consensus Guidelines 2003)",
    "active_borrowers": "distinct members with outstanding principal > 0 on a loan not written off",
    "avg_outstanding_balance": "gross loan portfolio / number of loans outstanding",
    "avg_disbursed_loan": "amount disbursed / number of loans disbursed",
    "par_n": "outstanding principal of loans more than N days overdue (whole balance, not only "
    "the late instalments) / outstanding principal of loans whose days overdue are known",
    "repayment_rate": "collection rate on principal to date: sum over loans of min(principal - "
    "outstanding, principal due) / sum of principal due, principal due = principal x "
    "min(whole months since disbursement, term) / term (equal monthly principal instalments)",
    "npl_ratio": "outstanding in kolektibilitas kurang lancar, diragukan and macet / outstanding "
    "of classified loans",
    "kolektibilitas": "by days overdue: lancar <= 90, kurang lancar 91-120, diragukan 121-180, "
    "macet > 180 (OJK day limits for bank loans, the default; an approximation for "
    "cooperatives); by status when days are unknown",
    "written_off": "outstanding principal recorded on loans whose status is written off "
    "(hapus buku); these loans are outside the gross loan portfolio",
}


# --------------------------------------------------------------------------------------------
# Preparation: per-loan arrays, computed once per call
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Ledger:
    frame: pd.DataFrame
    n: int
    principal: np.ndarray
    outstanding: np.ndarray
    days: np.ndarray
    term: np.ndarray
    cycle: np.ndarray
    disbursed: np.ndarray  # datetime64[D], NaT when missing
    status: np.ndarray  # int8 index into _STATUS_CLASSES
    written_off: np.ndarray
    active: np.ndarray
    has: frozenset[str]
    n_closed_with_balance: int


def _numeric(loans: pd.DataFrame, col: str) -> np.ndarray:
    if col not in loans.columns:
        return np.full(len(loans), np.nan)
    s = loans[col]
    if not pd.api.types.is_numeric_dtype(s.dtype):
        try:
            s = pd.to_numeric(s, errors="raise")
        except (ValueError, TypeError) as exc:
            raise DataError(
                Message(
                    f"column {col!r} must hold numbers; found {s.dtype} values that are not "
                    f"numbers ({exc})",
                    f"kolom {col!r} harus berisi angka; ditemukan nilai {s.dtype} yang bukan "
                    f"angka ({exc})",
                ),
                code="not_numeric",
            ) from exc
    return s.to_numpy(dtype=np.float64, na_value=np.nan)


def _dates(loans: pd.DataFrame) -> np.ndarray:
    if "disbursed_on" not in loans.columns:
        return np.full(len(loans), np.datetime64("NaT"), dtype="datetime64[D]")
    s = loans["disbursed_on"]
    if not pd.api.types.is_datetime64_any_dtype(s.dtype):
        try:
            s = pd.to_datetime(s, errors="raise", format="ISO8601")
        except (ValueError, TypeError) as exc:
            raise DataError(
                Message(
                    f"column 'disbursed_on' must hold dates (YYYY-MM-DD); {exc}",
                    f"kolom 'disbursed_on' harus berisi tanggal (TTTT-BB-HH); {exc}",
                ),
                code="not_dates",
            ) from exc
    if getattr(s.dt, "tz", None) is not None:
        s = s.dt.tz_localize(None)
    return s.to_numpy(dtype="datetime64[ns]").astype("datetime64[D]")


def _row_names(loans: pd.DataFrame, mask: np.ndarray, limit: int = 5) -> str:
    idx = np.flatnonzero(mask)[:limit]
    if "loan_id" in loans.columns:
        names = [f"{loans['loan_id'].iloc[i]!s} (row {loans.index[i]!s})" for i in idx]
    else:
        names = [f"row {loans.index[i]!s}" for i in idx]
    more = int(mask.sum()) - len(idx)
    return ", ".join(names) + (f" and {more} more" if more > 0 else "")


def _check_negative(loans: pd.DataFrame, col: str, values: np.ndarray) -> None:
    bad = values < 0  # NaN compares False
    if bad.any():
        rows = _row_names(loans, bad)
        raise DataError(
            Message(
                f"column {col!r} has {int(bad.sum())} negative values, which a loans ledger "
                f"cannot hold: loans {rows}",
                f"kolom {col!r} berisi {int(bad.sum())} nilai negatif, yang tidak mungkin ada "
                f"di buku pinjaman: pinjaman {rows}",
            ),
            code="negative_amount",
        )


def _status_codes(loans: pd.DataFrame) -> np.ndarray:
    n = len(loans)
    if "status" not in loans.columns:
        return np.full(n, _ST["other"], dtype=np.int8)
    # factorise first: a ledger has a handful of distinct status texts, millions of rows
    codes, uniques = pd.factorize(loans["status"])
    lookup = np.array(
        [_ST[_STATUS_WORDS.get(normalise_name(str(u)), "other")] for u in uniques] + [_ST["other"]],
        dtype=np.int8,
    )
    return lookup[codes]  # code -1 (missing status) picks the trailing "other"


def _prepare(loans: pd.DataFrame, *, need: Sequence[str] = ()) -> _Ledger:
    if not isinstance(loans, pd.DataFrame):
        raise TypeError(f"loans must be a pandas DataFrame, not {type(loans).__name__}")
    missing = [c for c in need if c not in loans.columns]
    if missing:
        raise DataError(
            Message(
                f"the loans ledger lacks the column(s) {missing}; columns present: "
                f"{list(loans.columns)}",
                f"buku pinjaman tidak memiliki kolom {missing}; kolom yang ada: "
                f"{list(loans.columns)}",
            ),
            code="missing_column",
        )
    arrays = {c: _numeric(loans, c) for c in _AMOUNT_COLUMNS}
    for c, v in arrays.items():
        _check_negative(loans, c, v)
    status = _status_codes(loans)
    written_off = status == _ST["written_off"]
    closed = status == _ST["closed"]
    outstanding = arrays["outstanding"]
    closed_filled = closed & np.isnan(outstanding)
    if closed_filled.any():
        # a loan marked paid off has nothing outstanding even where the balance was left blank
        outstanding = np.where(closed_filled, 0.0, outstanding)
    active = (outstanding > 0) & ~written_off
    return _Ledger(
        frame=loans,
        n=len(loans),
        principal=arrays["principal"],
        outstanding=outstanding,
        days=arrays["days_overdue"],
        term=arrays["term_months"],
        cycle=arrays["cycle"],
        disbursed=_dates(loans),
        status=status,
        written_off=written_off,
        active=active,
        has=frozenset(loans.columns),
        n_closed_with_balance=int((closed & (outstanding > 0)).sum()),
    )


def _resolve_as_of(led: _Ledger, as_of: pd.Timestamp | str | None) -> pd.Timestamp | None:
    if as_of is not None:
        return pd.Timestamp(as_of).normalize()
    known = led.disbursed[~np.isnat(led.disbursed)]
    return pd.Timestamp(known.max()) if known.size else None


def _calendar(dates: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Months since 1970-01 and day of month of ``datetime64[D]`` dates (none NaT).

    numpy's day-to-month cast does calendar arithmetic per element (0.2 s for 3M dates); a
    ledger spans a few thousand distinct days, so the cast runs on that range and is gathered.
    """
    if dates.size == 0:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    ordinal = dates.astype(np.int64)
    lo, hi = int(ordinal.min()), int(ordinal.max())
    if hi - lo > 400_000:  # wider than a millennium: no table, cast directly
        table_days, pos = dates, slice(None)
    else:
        table_days, pos = np.arange(lo, hi + 1).astype("datetime64[D]"), ordinal - lo
    month = table_days.astype("datetime64[M]")
    mday = (table_days - month.astype("datetime64[D]")).astype(np.int64) + 1
    return month.astype(np.int64)[pos], mday[pos]


def _whole_months(start: np.ndarray, end: pd.Timestamp) -> np.ndarray:
    """Calendar months from ``start`` to ``end``, a month counting once its day is reached."""
    month, mday = _calendar(start)
    end_month = (end.year - 1970) * 12 + end.month - 1
    return end_month - month - (end.day < mday)


def _aging_codes(days: np.ndarray) -> np.ndarray:
    codes = np.searchsorted(_AGING_UPPER, days, side="left").astype(np.int8)
    codes[np.isnan(days)] = len(AGING_BUCKETS) - 1
    return codes


def _kol_days(limits: Sequence[float]) -> np.ndarray:
    arr = np.asarray(limits, dtype=np.float64)
    if arr.shape != (3,) or np.isnan(arr).any() or arr[0] < 0 or np.any(np.diff(arr) <= 0):
        raise ValueError(
            "kolektibilitas_days must be three increasing day limits (lancar, kurang lancar, "
            f"diragukan), e.g. (90, 120, 180); got ({plain_list(limits)})"
        )
    return arr


def _kol_codes(led: _Ledger, limits: np.ndarray) -> np.ndarray:
    """Kolektibilitas per loan: from days overdue when known, else from the status text."""
    codes = np.searchsorted(limits, led.days, side="left").astype(np.int8)
    unknown_days = np.isnan(led.days)
    # status classes 0..3 are the kolektibilitas classes in the same order
    from_status = np.where(led.status <= _ST["macet"], led.status, len(KOLEKTIBILITAS) - 1)
    return np.where(unknown_days, from_status, codes).astype(np.int8)


# --------------------------------------------------------------------------------------------
# Per-group figures: one bincount per quantity
# --------------------------------------------------------------------------------------------


def _distinct_members(
    member_codes: np.ndarray, codes: np.ndarray, mask: np.ndarray, n_groups: int
) -> np.ndarray:
    """Distinct members per group among the rows in ``mask`` (member codes dense, -1 missing)."""
    keep = mask & (member_codes >= 0)
    m, c = member_codes[keep], codes[keep]
    if m.size == 0:
        return np.zeros(n_groups, dtype=np.int64)
    k = int(member_codes.max()) + 1
    if n_groups == 1:
        return np.array([np.count_nonzero(np.bincount(m, minlength=k))], dtype=np.int64)
    group_of = np.full(k, -1, dtype=np.int64)
    group_of[m] = c
    if np.array_equal(group_of[m], c):
        # each member borrows in one group only (the usual case): count members per group
        return np.bincount(group_of[group_of >= 0], minlength=n_groups)
    pairs = pd.unique(c.astype(np.int64) * k + m)
    return np.bincount(pairs // k, minlength=n_groups)


def _ratio(num: np.ndarray, den: np.ndarray) -> np.ndarray:
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(den > 0, num / np.where(den > 0, den, 1.0), np.nan)


def _figures(
    led: _Ledger,
    codes: np.ndarray,
    n_groups: int,
    as_of: pd.Timestamp | None,
    kol_limits: np.ndarray,
) -> dict[str, np.ndarray]:
    """Every per-group quantity of :func:`portfolio_by` as arrays of length ``n_groups``."""
    g = n_groups

    def count(mask: np.ndarray) -> np.ndarray:
        if g == 1:  # the whole ledger: no group codes needed
            return np.array([np.count_nonzero(mask)], dtype=np.int64)
        return np.bincount(codes[mask], minlength=g)

    # sums weight every row by value x mask, cheaper than gathering the masked rows; the values
    # are NaN-free copies (a NaN times False is still NaN)

    def total(mask: np.ndarray, values: np.ndarray) -> np.ndarray:
        if g == 1:
            return np.array([np.sum(values, where=mask)], dtype=np.float64)
        return np.bincount(codes, weights=values * mask, minlength=g)

    f: dict[str, np.ndarray] = {}
    all_rows = np.ones(led.n, dtype=bool)
    p_known = ~np.isnan(led.principal)
    principal = np.where(p_known, led.principal, 0.0)
    o_known = ~np.isnan(led.outstanding)
    outstanding = np.where(o_known, led.outstanding, 0.0)
    f["n_loans"] = count(all_rows)
    if "member_id" in led.has:
        mcodes, _ = pd.factorize(led.frame["member_id"])
        f["n_borrowers"] = _distinct_members(mcodes, codes, all_rows, g)
        f["n_active_borrowers"] = _distinct_members(mcodes, codes, led.active, g)
    else:
        f["n_borrowers"] = np.zeros(g, dtype=np.int64)
        f["n_active_borrowers"] = np.zeros(g, dtype=np.int64)
    f["n_active_loans"] = count(led.active)
    f["disbursed"] = total(p_known, principal)
    f["avg_loan"] = _ratio(f["disbursed"], count(p_known).astype(float))

    in_glp = o_known & ~led.written_off
    f["outstanding"] = total(in_glp, outstanding)
    f["n_missing_outstanding"] = count(~o_known & ~led.written_off)
    f["avg_outstanding"] = _ratio(f["outstanding"], f["n_active_loans"].astype(float))

    d_known = ~np.isnan(led.days)
    base = led.active & d_known
    f["par_base"] = total(base, outstanding)
    for n_days in PAR_DAYS:
        f[f"par{n_days}"] = _ratio(total(base & (led.days > n_days), outstanding), f["par_base"])
    unknown = led.active & ~d_known
    f["n_unknown_overdue"] = count(unknown)
    f["outstanding_unknown_overdue"] = total(unknown, outstanding)

    kol = _kol_codes(led, kol_limits)
    classified = led.active & (kol < len(KOLEKTIBILITAS) - 1)
    npl = led.active & (kol >= 1) & (kol <= 3)
    f["npl_ratio"] = _ratio(total(npl, outstanding), total(classified, outstanding))

    paid, due, eligible = _repayment_arrays(led, as_of)
    f["repayment_due"] = total(eligible, due)
    f["repayment_paid"] = total(eligible, paid)
    f["n_loans_repayment"] = count(eligible & (due > 0))
    f["n_excluded_repayment"] = count(~eligible)
    f["repayment_rate"] = _ratio(f["repayment_paid"], f["repayment_due"])

    f["n_written_off"] = count(led.written_off)
    f["written_off"] = total(led.written_off & o_known, outstanding)
    return f


def _repayment_arrays(
    led: _Ledger, as_of: pd.Timestamp | None
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per loan: principal paid (capped at what was due), principal due to ``as_of``, eligible."""
    n = led.n
    if as_of is None or n == 0:
        zeros = np.zeros(n)
        return zeros, zeros, np.zeros(n, dtype=bool)
    eligible = (
        ~np.isnan(led.principal)
        & (led.principal > 0)
        & ~np.isnan(led.outstanding)
        & (led.term > 0)
        & ~np.isnat(led.disbursed)
    )
    months = np.zeros(n)
    months[eligible] = _whole_months(led.disbursed[eligible], as_of)
    elapsed = np.clip(months, 0, np.where(eligible, led.term, 0))
    with np.errstate(invalid="ignore", divide="ignore"):
        due = np.where(eligible, led.principal * elapsed / np.where(eligible, led.term, 1), 0.0)
    repaid = np.where(eligible, np.clip(led.principal - led.outstanding, 0, None), 0.0)
    paid = np.minimum(repaid, due)
    return paid, due, eligible


# --------------------------------------------------------------------------------------------
# Grouping
# --------------------------------------------------------------------------------------------


def _group_codes(loans: pd.DataFrame, by: Sequence[str]) -> tuple[np.ndarray, pd.DataFrame]:
    """Codes 0..G-1 (sorted by key, a missing key as its own last group) and the key table."""
    missing = [c for c in by if c not in loans.columns]
    if missing:
        raise DataError(
            Message(
                f"cannot group by {missing}: no such column in the loans ledger; columns "
                f"present: {list(loans.columns)}",
                f"tidak dapat mengelompokkan menurut {missing}: kolom tidak ada di buku "
                f"pinjaman; kolom yang ada: {list(loans.columns)}",
            ),
            code="missing_column",
        )
    combined = np.zeros(len(loans), dtype=np.int64)
    parts: list[tuple[str, pd.Index, int]] = []
    for col in by:
        c, uniques = pd.factorize(loans[col], sort=True, use_na_sentinel=False)
        width = max(len(uniques), 1)
        combined = combined * width + c
        parts.append((col, pd.Index(uniques), width))
    if len(by) == 1:
        col, uniques, _ = parts[0]
        keys = pd.DataFrame({col: uniques})
        return combined, keys
    codes, uniq = pd.factorize(combined, sort=True)
    keys = {}
    rest = np.asarray(uniq, dtype=np.int64)
    for col, uniques, width in reversed(parts):
        keys[col] = uniques.take(rest % width)
        rest = rest // width
    return codes, pd.DataFrame({col: keys[col] for col in by})


def _as_list(by: str | Sequence[str] | None) -> list[str]:
    if by is None:
        return []
    return [by] if isinstance(by, str) else list(by)


def _nullable(values: np.ndarray) -> pd.api.extensions.ExtensionArray:
    """Float64 with <NA> where a ratio is undefined: never a NaN that looks like a number."""
    values = np.asarray(values, dtype=np.float64)
    missing = np.isnan(values)
    return pd.arrays.FloatingArray(np.where(missing, 0.0, values), missing)


def _opt(value: float) -> float | None:
    return None if np.isnan(value) else float(value)


def _rp(x: float) -> str:
    return f"Rp {x:,.0f}"


def _rp_id(x: float) -> str:
    return _rp(x).replace(",", ".")


# --------------------------------------------------------------------------------------------
# Public functions
# --------------------------------------------------------------------------------------------


def portfolio_summary(
    loans: pd.DataFrame,
    *,
    as_of: pd.Timestamp | str | None = None,
    kolektibilitas_days: Sequence[float] = KOLEKTIBILITAS_DAYS,
) -> PortfolioSummary:
    """Headline portfolio figures of a loans ledger, as the Consensus Guidelines define them.

    Parameters
    ----------
    loans : canonical loans frame, one row per loan (``member_id`` and ``principal`` required;
        ``outstanding``, ``days_overdue``, ``status``, ``disbursed_on``, ``term_months``,
        ``cycle`` used when present).
    as_of : reporting date of the ledger, for the principal fallen due in the repayment rate;
        default the latest disbursement date in the ledger. Pass the date the balances and days
        overdue were read.
    kolektibilitas_days : upper day limits of lancar, kurang lancar and diragukan (default
        OJK's 90, 120, 180; see Notes).

    Returns
    -------
    PortfolioSummary, frozen: each field is defined in :class:`PortfolioSummary`.

    Notes
    -----
    Missing data. A loan without an outstanding balance is left out of the gross loan portfolio
    and PAR and counted in ``n_missing_outstanding`` (a loan marked paid off — lunas — with a
    blank balance counts as 0 outstanding). An active loan without days overdue is *not*
    assumed current: it stays in the GLP but leaves both sides of PAR and is counted; the true
    PAR lies between ``par × (1 − u)`` and ``par × (1 − u) + u`` with ``u`` the unknown share
    of the GLP. Loans lacking a principal, term, balance or disbursement date are left out of
    the repayment rate. A ratio whose denominator is zero (e.g. no outstanding portfolio) is
    None, with a note.

    Repayment rate limits. It measures principal only (``amount_repaid`` may mix principal and
    service charge, so it is not used), assumes equal monthly principal instalments from one
    month after disbursement (flat service charge, no grace period), and caps each loan's
    repayment at what was due so that prepayments cannot hide others' arrears. A ledger that
    zeroes the balance of written-off loans overstates it.

    Kolektibilitas. From days overdue with OJK's day limits for bank loans (POJK
    40/POJK.03/2019): lancar <= 90 (its "dalam perhatian khusus" 1-90 folded into lancar),
    kurang lancar 91-120, diragukan 121-180, macet > 180; from the status text (``lancar``,
    ``kurang lancar``, ``diragukan``, ``macet``, ``dpk`` -> lancar, ``kol-3``, ...) when days are
    unknown. Cooperatives are not supervised by OJK and their own rules count arrears in months:
    the classes are an approximation that makes cooperatives comparable with banks; pass
    ``kolektibilitas_days`` (e.g. ``(90, 180, 270)``) to apply other limits. A loan with status
    ``macet`` stays in the GLP until it is written off, as in the Guidelines.

    Raises
    ------
    DataError (a ValueError) naming the rows when an amount, days overdue, term or cycle is
    negative, and naming the column when a required column is absent or not numeric.

    Example
    -------
    >>> loans = pd.DataFrame({"loan_id": ["a", "b"], "member_id": ["m1", "m2"],
    ...     "principal": [1_000_000.0, 2_000_000.0], "outstanding": [500_000.0, 0.0],
    ...     "days_overdue": [45.0, 0.0]})
    >>> s = portfolio_summary(loans)
    >>> s.gross_loan_portfolio, s.par30, s.n_active_borrowers
    (500000.0, 1.0, 1)
    """
    led = _prepare(loans, need=("member_id", "principal"))
    as_of_ts = _resolve_as_of(led, as_of)
    codes = np.zeros(led.n, dtype=np.int64)
    kol_limits = _kol_days(kolektibilitas_days)
    f = _figures(led, codes, 1, as_of_ts, kol_limits)
    first = {k: v[0] for k, v in f.items()}
    notes = _notes(led, first, as_of_ts)

    return PortfolioSummary(
        as_of=as_of_ts,
        **_headline(led, first),
        cycles=_cycle_rows(led),
        aging=tuple(
            AgingRow(b, int(n[0]), float(o[0]), _opt(s[0]))
            for b, n, o, s in _aging_arrays(led, np.zeros(led.n, dtype=np.int64), 1)
        ),
        kolektibilitas=_kol_rows(led, kol_limits),
        kolektibilitas_days=tuple(float(x) for x in kol_limits),
        disbursed_by_year=_year_rows(led),
        notes=tuple(notes),
    )


def _headline(led: _Ledger, first: dict[str, Any]) -> dict[str, Any]:
    """The scalar fields of :class:`PortfolioSummary` from the whole-ledger figures."""
    # an empty ledger has a GLP of 0; a ledger with no known balance has none
    glp_known = "outstanding" in led.has and (led.n == 0 or (~np.isnan(led.outstanding)).any())
    glp = float(first["outstanding"]) if glp_known else None
    n_active = int(first["n_active_loans"])
    n_act_b = int(first["n_active_borrowers"])
    return {
        "n_loans": int(first["n_loans"]),
        "n_borrowers": int(first["n_borrowers"]),
        "n_active_loans": n_active,
        "n_active_borrowers": n_act_b,
        "disbursed": float(first["disbursed"]),
        "avg_disbursed_loan": _opt(first["avg_loan"]),
        "gross_loan_portfolio": glp,
        "avg_outstanding_balance": (glp / n_active) if glp is not None and n_active else None,
        "avg_outstanding_per_borrower": (glp / n_act_b) if glp is not None and n_act_b else None,
        "par1": _opt(first["par1"]),
        "par30": _opt(first["par30"]),
        "par90": _opt(first["par90"]),
        "par_base": float(first["par_base"]),
        "n_unknown_overdue": int(first["n_unknown_overdue"]),
        "outstanding_unknown_overdue": float(first["outstanding_unknown_overdue"]),
        "repayment_rate": _opt(first["repayment_rate"]),
        "repayment_due": float(first["repayment_due"]),
        "repayment_paid": float(first["repayment_paid"]),
        "n_loans_repayment": int(first["n_loans_repayment"]),
        "npl_ratio": _opt(first["npl_ratio"]),
        "n_written_off": int(first["n_written_off"]),
        "written_off": float(first["written_off"]),
        "n_missing_outstanding": int(first["n_missing_outstanding"]),
    }


def _notes(led: _Ledger, f: dict[str, Any], as_of: pd.Timestamp | None) -> list[Message]:
    """What the reader of :func:`portfolio_summary` must know: missing columns and values."""
    if led.n == 0:
        return [Message("The ledger has no loans.", "Buku pinjaman tidak berisi pinjaman.")]
    return [*_balance_notes(led, f), *_repayment_notes(led, f, as_of), *_data_notes(led)]


def _balance_notes(led: _Ledger, f: dict[str, Any]) -> list[Message]:
    """Notes on the gross loan portfolio and PAR (balances and days overdue)."""
    notes: list[Message] = []
    if "outstanding" not in led.has:
        notes.append(
            Message(
                "The ledger has no outstanding-balance column: the gross loan portfolio and PAR "
                "cannot be computed.",
                "Buku pinjaman tidak memiliki kolom sisa pokok: portofolio pinjaman bruto dan PAR "
                "tidak dapat dihitung.",
            )
        )
    elif f["n_missing_outstanding"]:
        k = int(f["n_missing_outstanding"])
        notes.append(
            Message(
                f"{k} loans have no outstanding balance: left out of the gross loan portfolio "
                "and PAR.",
                f"{k} pinjaman tanpa sisa pokok: tidak dihitung dalam portofolio pinjaman bruto "
                "dan PAR.",
            )
        )
    if "days_overdue" not in led.has:
        notes.append(
            Message(
                "The ledger has no days-overdue column: PAR cannot be computed.",
                "Buku pinjaman tidak memiliki kolom hari tunggakan: PAR tidak dapat dihitung.",
            )
        )
    elif f["n_unknown_overdue"]:
        k, x = int(f["n_unknown_overdue"]), float(f["outstanding_unknown_overdue"])
        notes.append(
            Message(
                f"{k} outstanding loans ({_rp(x)}) have no days overdue: left out of PAR, not "
                "assumed current.",
                f"{k} pinjaman berjalan ({_rp_id(x)}) tanpa hari tunggakan: tidak dihitung dalam "
                "PAR, tidak dianggap lancar.",
            )
        )
    if "outstanding" in led.has and "days_overdue" in led.has and f["par_base"] <= 0:
        notes.append(
            Message(
                "No outstanding portfolio with known days overdue: PAR is undefined.",
                "Tidak ada sisa pinjaman dengan hari tunggakan yang diketahui: PAR tidak "
                "terdefinisi.",
            )
        )
    return notes


def _repayment_notes(led: _Ledger, f: dict[str, Any], as_of: pd.Timestamp | None) -> list[Message]:
    """Notes on the repayment rate (reporting date, loans left out, nothing due)."""
    notes: list[Message] = []
    if as_of is None:
        notes.append(
            Message(
                "No disbursement date is known: the repayment rate cannot be computed.",
                "Tidak ada tanggal pencairan: tingkat pengembalian tidak dapat dihitung.",
            )
        )
    else:
        late = int((led.disbursed > np.datetime64(as_of.date(), "D")).sum())
        if late:
            notes.append(
                Message(
                    f"{late} loans were disbursed after the reporting date "
                    f"{as_of:%Y-%m-%d}; nothing of them is due yet.",
                    f"{late} pinjaman dicairkan setelah tanggal laporan {as_of:%Y-%m-%d}; "
                    "belum ada angsuran yang jatuh tempo.",
                )
            )
        if f["n_excluded_repayment"]:
            k = int(f["n_excluded_repayment"])
            notes.append(
                Message(
                    f"{k} loans lack a principal, term, disbursement date or balance: left out "
                    "of the repayment rate.",
                    f"{k} pinjaman tanpa pokok, jangka waktu, tanggal pencairan atau sisa pokok: "
                    "tidak dihitung dalam tingkat pengembalian.",
                )
            )
        if f["repayment_due"] <= 0:
            notes.append(
                Message(
                    f"No principal had fallen due by {as_of:%Y-%m-%d} on loans with a term, "
                    "date and balance: the repayment rate is undefined.",
                    f"Belum ada pokok yang jatuh tempo sampai {as_of:%Y-%m-%d} pada pinjaman "
                    "dengan jangka waktu, tanggal dan sisa pokok: tingkat pengembalian tidak "
                    "terdefinisi.",
                )
            )
    return notes


def _data_notes(led: _Ledger) -> list[Message]:
    """Notes on missing principals and member ids and on inconsistent closed or written-off loans."""
    notes: list[Message] = []
    missing_p = int(np.isnan(led.principal).sum())
    if missing_p:
        notes.append(
            Message(
                f"{missing_p} loans have no principal: left out of the amounts disbursed.",
                f"{missing_p} pinjaman tanpa pokok: tidak dihitung dalam jumlah pencairan.",
            )
        )
    if led.n_closed_with_balance:
        k = led.n_closed_with_balance
        notes.append(
            Message(
                f"{k} loans marked paid off still show an outstanding balance; the balance was "
                "counted.",
                f"{k} pinjaman berstatus lunas masih memiliki sisa pokok; sisa pokok tetap "
                "dihitung.",
            )
        )
    wo_unknown = int((led.written_off & np.isnan(led.outstanding)).sum())
    if wo_unknown:
        notes.append(
            Message(
                f"{wo_unknown} written-off loans carry no balance: their amount is unknown and "
                "not in the written-off total.",
                f"{wo_unknown} pinjaman hapus buku tanpa sisa pokok: jumlahnya tidak diketahui "
                "dan tidak masuk total hapus buku.",
            )
        )
    if "member_id" in led.has:
        missing_m = int(led.frame["member_id"].isna().sum())
        if missing_m:
            notes.append(
                Message(
                    f"{missing_m} loans have no member id: not counted among borrowers.",
                    f"{missing_m} pinjaman tanpa ID anggota: tidak dihitung sebagai peminjam.",
                )
            )
    return notes


def _aging_arrays(
    led: _Ledger, codes: np.ndarray, n_groups: int
) -> list[tuple[AgingBucket, np.ndarray, np.ndarray, np.ndarray]]:
    """Per bucket: (bucket, n_loans[g], outstanding[g], share[g]) for active loans."""
    k = len(AGING_BUCKETS)
    act = led.active
    cell = codes[act] * k + _aging_codes(led.days[act])
    n = np.bincount(cell, minlength=n_groups * k).reshape(n_groups, k)
    out = np.bincount(cell, weights=led.outstanding[act], minlength=n_groups * k).reshape(
        n_groups, k
    )
    share = _ratio(out, out.sum(axis=1, keepdims=True).repeat(k, axis=1))
    return [(b, n[:, i], out[:, i], share[:, i]) for i, b in enumerate(AGING_BUCKETS)]


def _cycle_rows(led: _Ledger) -> tuple[CycleRow, ...]:
    known = ~np.isnan(led.cycle)
    if not known.any():
        return ()
    cycle = led.cycle[known]
    if cycle.max() < 10_000 and np.array_equal(cycle, np.floor(cycle)):
        whole = cycle.astype(np.int64)  # whole cycle numbers: count directly, no sort
        present = np.flatnonzero(np.bincount(whole))
        lookup = np.zeros(present[-1] + 1, dtype=np.int64)
        lookup[present] = np.arange(present.size)
        values, inv = present.astype(float), lookup[whole]
    else:
        values, inv = np.unique(cycle, return_inverse=True)
    p = led.principal[known]
    p_known = ~np.isnan(p)
    n = np.bincount(inv, minlength=len(values))
    amount = np.bincount(inv[p_known], weights=p[p_known], minlength=len(values))
    avg = _ratio(amount, np.bincount(inv[p_known], minlength=len(values)).astype(float))
    return tuple(
        CycleRow(float(c), int(k), float(a), _opt(m))
        for c, k, a, m in zip(values, n, amount, avg, strict=True)
    )


def _kol_rows(led: _Ledger, limits: np.ndarray) -> tuple[KolRow, ...]:
    kol = _kol_codes(led, limits)[led.active]
    o = led.outstanding[led.active]
    k = len(KOLEKTIBILITAS)
    n = np.bincount(kol, minlength=k)
    out = np.bincount(kol, weights=o, minlength=k)
    tot = out.sum()
    return tuple(
        KolRow(c, int(n[i]), float(out[i]), float(out[i] / tot) if tot > 0 else None)
        for i, c in enumerate(KOLEKTIBILITAS)
    )


def _year_rows(led: _Ledger) -> tuple[YearRow, ...]:
    ok = ~np.isnat(led.disbursed) & ~np.isnan(led.principal)
    if not ok.any():
        return ()
    years = _calendar(led.disbursed[ok])[0] // 12 + 1970
    y0 = years.min()
    n = np.bincount(years - y0)
    amount = np.bincount(years - y0, weights=led.principal[ok])
    return tuple(
        YearRow(int(y0 + i), int(n[i]), float(amount[i])) for i in range(len(n)) if n[i] > 0
    )


def portfolio_by(
    loans: pd.DataFrame,
    by: str | Sequence[str] = "cooperative_id",
    *,
    as_of: pd.Timestamp | str | None = None,
    kolektibilitas_days: Sequence[float] = KOLEKTIBILITAS_DAYS,
) -> pd.DataFrame:
    """The portfolio figures of :func:`portfolio_summary` per cooperative, group or any column.

    Parameters
    ----------
    loans : canonical loans frame (``member_id`` and ``principal`` required).
    by : column or columns to group by (``"cooperative_id"``, ``"group_id"``,
        ``["cooperative_id", "group_id"]``, ...).
    as_of : reporting date for the repayment rate; default the latest disbursement date.
    kolektibilitas_days : day limits of the kolektibilitas classes, as in
        :func:`portfolio_summary`.

    Returns
    -------
    DataFrame, one row per group sorted by key (loans with a missing key form their own last
    group, so the rows add up to the ledger), with columns:

    - the ``by`` columns;
    - ``n_loans``, ``n_borrowers``: loans; distinct members who borrowed;
    - ``n_active_loans``, ``n_active_borrowers``: loans with outstanding > 0 not written off;
      distinct members holding one;
    - ``disbursed``, ``avg_loan``: sum of principal; average disbursed loan size;
    - ``outstanding``, ``avg_outstanding``: gross loan portfolio; GLP / active loans;
    - ``par1``, ``par30``, ``par90``: PAR > N days ratios as in :func:`portfolio_summary`;
    - ``par_base``, ``n_unknown_overdue``, ``outstanding_unknown_overdue``: PAR denominator and
      the active loans left out of it for unknown days overdue;
    - ``repayment_rate``, ``repayment_due``, ``repayment_paid``, ``n_loans_repayment``;
    - ``npl_ratio``: kolektibilitas kurang lancar + diragukan + macet share;
    - ``n_written_off``, ``written_off``: write-offs, number and amount;
    - ``n_missing_outstanding``: loans without a balance, left out of GLP and PAR.

    Ratios (``avg_loan``, ``avg_outstanding``, ``par*``, ``repayment_rate``, ``npl_ratio``) are
    nullable ``Float64``, <NA> where the denominator is zero: a group with no outstanding
    portfolio has no PAR.

    Notes
    -----
    Same definitions and missing-data policy as :func:`portfolio_summary`. Uses
    ``numpy.bincount`` over factorised keys: no Python per group.

    Example
    -------
    >>> loans = pd.DataFrame({"member_id": ["m1", "m2", "m3"], "cooperative_id": ["A", "A", "B"],
    ...     "principal": [1e6, 2e6, 1e6], "outstanding": [5e5, 0.0, 1e6],
    ...     "days_overdue": [45.0, 0.0, 0.0]})
    >>> portfolio_by(loans)[["cooperative_id", "outstanding", "par30"]]
      cooperative_id  outstanding  par30
    0              A     500000.0    1.0
    1              B    1000000.0    0.0
    """
    keys = _as_list(by)
    if not keys:
        raise ValueError("portfolio_by needs at least one column to group by")
    led = _prepare(loans, need=("member_id", "principal"))
    as_of_ts = _resolve_as_of(led, as_of)
    codes, table = _group_codes(loans, keys)
    f = _figures(led, codes, len(table), as_of_ts, _kol_days(kolektibilitas_days))
    out = table.reset_index(drop=True)
    ints = ("n_loans", "n_borrowers", "n_active_loans", "n_active_borrowers")
    for name in ints:
        out[name] = f[name].astype(np.int64)
    for name in ("disbursed", "avg_loan", "outstanding", "avg_outstanding"):
        out[name] = _nullable(f[name]) if name.startswith("avg") else f[name]
    for name in ("par1", "par30", "par90"):
        out[name] = _nullable(f[name])
    out["par_base"] = f["par_base"]
    out["n_unknown_overdue"] = f["n_unknown_overdue"].astype(np.int64)
    out["outstanding_unknown_overdue"] = f["outstanding_unknown_overdue"]
    out["repayment_rate"] = _nullable(f["repayment_rate"])
    out["repayment_due"] = f["repayment_due"]
    out["repayment_paid"] = f["repayment_paid"]
    out["n_loans_repayment"] = f["n_loans_repayment"].astype(np.int64)
    out["npl_ratio"] = _nullable(f["npl_ratio"])
    out["n_written_off"] = f["n_written_off"].astype(np.int64)
    out["written_off"] = f["written_off"]
    out["n_missing_outstanding"] = f["n_missing_outstanding"].astype(np.int64)
    return out


def disbursements(
    loans: pd.DataFrame, *, freq: Frequency = "Q", by: str | None = None
) -> pd.DataFrame:
    """Loans and amount disbursed per month, quarter or year (and group).

    Parameters
    ----------
    loans : canonical loans frame (``disbursed_on`` and ``principal`` required).
    freq : ``"M"`` month, ``"Q"`` quarter (default), ``"Y"`` calendar year.
    by : optional column to split by (``"cooperative_id"``, ``"group_id"``, ...).

    Returns
    -------
    DataFrame sorted by (group,) period, with columns: the ``by`` column when given; ``period``
    (text: ``2021-03``, ``2021Q1`` or ``2021``); ``period_start`` (Timestamp, first day); ``n_loans`` (loans disbursed);
    ``amount`` (principal disbursed, IDR); ``avg_loan`` (amount / n_loans; Float64, <NA> for
    a period without loans).

    Notes
    -----
    Without ``by``, every period from the first to the last disbursement appears, periods
    without disbursements with zero loans, so that a time-series chart shows the gaps; with
    ``by``, only (group, period) pairs with disbursements appear. Loans without a disbursement
    date or principal are left out; their number is in ``result.attrs["n_excluded"]``. A
    missing group key forms its own group.

    Example
    -------
    >>> loans = pd.DataFrame({"disbursed_on": pd.to_datetime(["2021-01-05", "2021-03-01",
    ...     "2021-08-01"]), "principal": [1e6, 2e6, 3e6]})
    >>> disbursements(loans, freq="Q")[["period", "n_loans", "amount"]]
      period  n_loans     amount
    0 2021Q1        2  3000000.0
    1 2021Q2        0        0.0
    2 2021Q3        1  3000000.0
    """
    if freq not in ("M", "Q", "Y"):
        raise ValueError(f"freq must be 'M', 'Q' or 'Y', not {freq!r}")
    led = _prepare(loans, need=("disbursed_on", "principal"))
    ok = ~np.isnat(led.disbursed) & ~np.isnan(led.principal)
    months = _calendar(led.disbursed[ok])[0]
    ordinal = {"M": months, "Q": months // 3, "Y": months // 12}[freq]
    amount = led.principal[ok]
    cols = [*([by] if by else []), "period", "period_start", "n_loans", "amount", "avg_loan"]
    if ordinal.size == 0:
        out = pd.DataFrame({c: [] for c in cols})
        out.attrs["n_excluded"] = int((~ok).sum())
        return out
    lo, hi = int(ordinal.min()), int(ordinal.max())
    n_periods = hi - lo + 1
    rel = ordinal - lo
    if by is None:
        n_groups, gcodes, table = 1, np.zeros(rel.size, dtype=np.int64), None
    else:
        codes, table = _group_codes(loans, [by])
        n_groups, gcodes = len(table), codes[ok]
    cell = gcodes * n_periods + rel
    if n_groups * n_periods <= _DENSE_CELLS:
        n = np.bincount(cell, minlength=n_groups * n_periods)
        total = np.bincount(cell, weights=amount, minlength=n_groups * n_periods)
        keep = np.arange(n.size) if by is None else np.flatnonzero(n)
        n, total = n[keep], total[keep]
    else:  # very many groups (e.g. by member): count only the (group, period) cells that occur
        keep, inv = np.unique(cell, return_inverse=True)
        n = np.bincount(inv)
        total = np.bincount(inv, weights=amount)
    periods = pd.PeriodIndex.from_ordinals(lo + keep % n_periods, freq=freq)
    out = pd.DataFrame(
        {
            # a text label: Period objects break JSON export and plotting
            "period": pd.Series(periods.astype(str), dtype="str"),
            "period_start": periods.to_timestamp(),
            "n_loans": n.astype(np.int64),
            "amount": total,
            "avg_loan": _nullable(_ratio(total, n.astype(float))),
        }
    )
    if table is not None:
        out.insert(0, by, table[by].take(keep // n_periods).to_numpy())
    out.attrs["n_excluded"] = int((~ok).sum())
    return out


def par_aging(loans: pd.DataFrame, *, by: str | None = None) -> pd.DataFrame:
    """Ageing of the outstanding portfolio by days overdue (portfolio-at-risk ageing table).

    Parameters
    ----------
    loans : canonical loans frame (``outstanding`` required; ``days_overdue``, ``status`` used).
    by : optional column to split by (``"cooperative_id"``, ``"group_id"``, ...).

    Returns
    -------
    DataFrame with one row per ageing bucket (and group), every bucket present even when
    empty, with columns: the ``by`` column when given; ``bucket`` (ordered categorical:
    ``current`` (0 days), ``1-30``, ``31-60``, ``61-90``, ``91-180``, ``>180``, ``unknown``);
    ``n_loans`` (active loans); ``outstanding`` (their outstanding principal);
    ``share_of_portfolio`` (outstanding / the group's gross loan portfolio; Float64, <NA> when
    the group has no outstanding portfolio).

    Notes
    -----
    Buckets are right-closed: 30 days overdue is in ``1-30``, 30.5 in ``31-60``, so the buckets
    from ``31-60`` on add up to PAR30's numerator (PAR30 = share of the buckets above 30 days
    among loans with known days). Only active loans (outstanding > 0, not written off) are aged.
    Loans without days overdue are in ``unknown``, not assumed current. Loans without a
    balance are left out; their number is in ``result.attrs["n_missing_outstanding"]``.

    Example
    -------
    >>> loans = pd.DataFrame({"outstanding": [5e5, 1e6, 5e5], "days_overdue": [0.0, 45.0, None]})
    >>> par_aging(loans)[["bucket", "n_loans", "share_of_portfolio"]].head(3)
        bucket  n_loans  share_of_portfolio
    0  current        1                0.25
    1     1-30        0                 0.0
    2    31-60        1                 0.5
    """
    led = _prepare(loans, need=("outstanding",))
    if by is None:
        n_groups, codes, table = 1, np.zeros(led.n, dtype=np.int64), None
    else:
        codes, table = _group_codes(loans, [by])
        n_groups = len(table)
    rows = _aging_arrays(led, codes, n_groups)
    k = len(AGING_BUCKETS)
    n = np.column_stack([r[1] for r in rows]).ravel()
    out_amt = np.column_stack([r[2] for r in rows]).ravel()
    share = np.column_stack([r[3] for r in rows]).ravel()
    bucket = pd.Categorical.from_codes(
        np.tile(np.arange(k), n_groups), categories=list(AGING_BUCKETS), ordered=True
    )
    out = pd.DataFrame(
        {
            "bucket": bucket,
            "n_loans": n.astype(np.int64),
            "outstanding": out_amt,
            "share_of_portfolio": _nullable(share),
        }
    )
    if table is not None:
        out.insert(0, by, np.repeat(table[by].to_numpy(), k))
    out.attrs["n_missing_outstanding"] = int((np.isnan(led.outstanding) & ~led.written_off).sum())
    return out
