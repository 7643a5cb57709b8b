"""Demo loan ledger: every program member's loans, cycle by cycle, and the capital they bring.

SYNTHETIC (see :mod:`analysis.demo`). The random draws here run in the order
:func:`analysis.demo.generate_demo` makes them; changing that order changes every seed's data.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from analysis.demo.effects import PlantedEffects
from analysis.demo.people import Places, _take

_DAYS_PER_MONTH = 30.4375  # 365.25 / 12: instalments fall due every this many days
# Terms of 5-12 months (DOMAIN.md, "Members, groups and loans"); shares are an assumption.
_TERMS = np.array([5, 6, 8, 10, 12])
_TERM_SHARES = np.array([0.10, 0.30, 0.15, 0.20, 0.25])
# Kolektibilitas (DOMAIN.md, "Vocabulary") by days overdue, with OJK's day limits for bank loans
# (POJK 40/POJK.03/2019: lancar 0, dalam perhatian khusus 1-90, kurang lancar 91-120, diragukan
# 121-180, macet over 180 days), "dalam perhatian khusus" folded into lancar to give the four
# classes cooperatives use: the same limits as analysis.methods.portfolio.KOLEKTIBILITAS_DAYS.
# Cooperatives are not supervised by OJK, so these are an approximation. A repaid loan is
# "lunas"; a loan more than two years overdue is written off ("hapus buku", an assumption) and
# keeps its outstanding principal in the ledger.
LOAN_STATUSES: tuple[str, ...] = (
    "lunas",
    "lancar",
    "kurang lancar",
    "diragukan",
    "macet",
    "hapus buku",
)
_STATUS_LIMITS = np.array([90, 120, 180, 730])


def _loan_ids(member_ids: pa.Array, member: np.ndarray, cycle: np.ndarray) -> pd.Series:
    """``<member_id>-<cycle>`` with the cycle zero-padded to two digits (``A000001-03``)."""
    width = max(2, len(str(int(cycle.max(initial=1)))))
    cycles = pa.array(
        [str(c).zfill(width) for c in range(int(cycle.max(initial=1)) + 1)], pa.large_string()
    )
    joined = pc.binary_join_element_wise(
        member_ids.take(pa.array(member)),
        cycles.take(pa.array(cycle)),
        pa.scalar("-", pa.large_string()),
    )
    return pd.Series(pd.array(joined, dtype="str"))


def _ledger(
    rng: np.random.Generator,
    effects: PlantedEffects,
    years: list[int],
    n_prog: int,
    coop_of_prog: np.ndarray,
    weak_coop: np.ndarray,
) -> tuple[dict[str, np.ndarray], np.ndarray]:
    """Every program member's loans, cycle by cycle, as of the last wave's year end.

    Returns the loans as flat arrays (member index, cycle, day, principal, term, repaid,
    overdue, status code) and the capital disbursed per member and survey period.
    """
    epoch = np.datetime64("1970-01-01", "D")
    day = lambda s: int((np.datetime64(s, "D") - epoch).astype(np.int64))  # noqa: E731
    asof = day(f"{years[-1]}-12-31")
    first = day(f"{years[0] - 2}-01-01")  # the cooperative lent before the evaluated program
    last_start = day(f"{years[0] + 1}-06-30")
    period_end = np.array([day(f"{y}-12-31") for y in years])

    k_max = math.ceil((asof - first) / (_TERMS.min() * _DAYS_PER_MONTH)) + 1
    shape = (n_prog, k_max)
    start = rng.integers(first, last_start + 1, n_prog)
    term = _TERMS[
        np.searchsorted(np.cumsum(_TERM_SHARES), rng.random(shape), side="right").clip(
            0, len(_TERMS) - 1
        )
    ]
    term_days = np.rint(term * _DAYS_PER_MONTH).astype(np.int64)
    # Most renew within two weeks of repaying; some pause for a season (assumption).
    gap = np.where(
        rng.random(shape) < 0.7, rng.integers(0, 15, shape), rng.integers(15, 121, shape)
    )
    disb = start[:, None] + np.cumsum(
        np.c_[np.zeros(n_prog, dtype=np.int64), (term_days + gap)[:, :-1]], axis=1
    )

    # First loan Rp 0.5-1 million, growing about 1.3x per repaid cycle up to a ceiling of
    # Rp 5-10 million (DOMAIN.md, "Members, groups and loans"; issue 2).
    first_amount = rng.integers(5, 11, n_prog) * 100_000.0
    growth = np.where(rng.random(shape) < 0.15, 1.0, rng.uniform(1.2, 1.5, shape))
    growth[:, 0] = 1.0
    ceiling = rng.integers(10, 21, n_prog) * 500_000.0
    principal = np.minimum(
        np.rint(first_amount[:, None] * np.cumprod(growth, axis=1) / 50_000) * 50_000,
        ceiling[:, None],
    )

    weak = weak_coop[coop_of_prog][:, None]
    trouble = rng.random(shape) < np.where(weak, effects.weak_trouble_share, effects.trouble_share)
    covered = rng.random(shape) < np.where(
        weak, effects.weak_group_cover_share, effects.group_cover_share
    )
    default = trouble & ~covered
    exists = disb <= asof
    # A borrower whose loan goes unpaid gets no further loan.
    defaulted_before = np.cumsum(default & exists, axis=1) - (default & exists)
    exists &= defaulted_before == 0

    elapsed = asof - disb
    due = np.clip(np.floor((elapsed + 0.5) / _DAYS_PER_MONTH), 0, term).astype(np.int64)
    stop = np.floor(rng.random(shape) * term).astype(np.int64)  # instalments paid before trouble
    late = (rng.random(shape) < np.where(weak, effects.weak_late_share, effects.late_share)) & (
        (due >= 1) & (due < term)
    )
    paid = np.where(default, np.minimum(stop, due), np.where(late, due - 1, due))
    behind = paid < due
    overdue = np.where(
        behind, np.maximum(0, elapsed - np.rint((paid + 1) * _DAYS_PER_MONTH)), 0
    ).astype(np.int64)
    repaid = np.where(paid >= term, principal, np.rint(paid * principal / term))
    status = np.where(
        repaid >= principal, 0, 1 + np.searchsorted(_STATUS_LIMITS, overdue, side="left")
    )

    member, cycle = np.nonzero(exists)
    d = disb[member, cycle]
    p = principal[member, cycle]
    period = np.searchsorted(period_end, d, side="left")
    capital = np.zeros((n_prog, len(years)))
    in_survey = (period >= 1) & (period < len(years))
    np.add.at(capital, (member[in_survey], period[in_survey]), p[in_survey])
    loans = {
        "member": member,
        "cycle": cycle + 1,
        "day": d,
        "principal": p,
        "term": term[member, cycle],
        "repaid": repaid[member, cycle],
        "overdue": overdue[member, cycle],
        "status": status[member, cycle],
    }
    return loans, capital


def loans_frame(loans: dict[str, np.ndarray], ids: pa.Array, where: Places) -> pd.DataFrame:
    """The canonical loan ledger, one row per loan, from :func:`_ledger`'s flat arrays."""
    return pd.DataFrame(
        {
            "loan_id": _loan_ids(ids, loans["member"], loans["cycle"]),
            "member_id": _take(ids, loans["member"]),
            "disbursed_on": pd.Series(
                (np.datetime64("1970-01-01", "D") + loans["day"]).astype("datetime64[us]")
            ),
            "principal": loans["principal"],
            "term_months": loans["term"].astype(np.float64),
            "amount_repaid": loans["repaid"],
            "outstanding": loans["principal"] - loans["repaid"],
            "days_overdue": loans["overdue"].astype(np.float64),
            "status": _take(LOAN_STATUSES, loans["status"]),
            "cycle": loans["cycle"].astype(np.float64),
            "group_id": _take(where.group_names, where.group[loans["member"]]),
            "cooperative_id": _take(where.coop_names, where.coop[loans["member"]]),
        }
    )
