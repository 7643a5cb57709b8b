"""Benchmark of the loan-portfolio functions on a 3,000,000-loan ledger.

Target (issue 3): summary + by cooperative + by group + disbursements + ageing of 3M loans in
a couple of seconds on the project's 2-core machine. Prints a markdown table and writes it to
``bench/results/portfolio.md``. Run: ``.venv/bin/python bench/bench_portfolio.py [--source numpy|demo|both]``.

Two ledgers by default: one built here with numpy (canonical columns, ~60 members per
cooperative, groups of 15, about three loans per member) and the demo program's
(``analysis.demo.generate_demo``, 1,000,000 members: about 3M loans). ``--source`` picks one.
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
from pathlib import Path

import numpy as np
import pandas as pd
from _common import ROOT, publish, timed, timed_cpu

if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from analysis.methods.portfolio import (
    disbursements,
    par_aging,
    portfolio_by,
    portfolio_summary,
)


def synthetic_ledger(n_loans: int, seed: int = 42) -> pd.DataFrame:
    """A canonical loans frame of ``n_loans`` loans, about three per member."""
    rng = np.random.default_rng(seed)
    n_members = max(n_loans // 3, 1)
    member = rng.integers(0, n_members, n_loans)
    group = member // 15
    coop = member // 60
    # cycle = rank of the loan among the member's loans, by disbursement date
    day = rng.integers(0, 10 * 365, n_loans)
    order = np.lexsort((day, member))
    first = np.r_[True, member[order][1:] != member[order][:-1]]
    run_start = np.maximum.accumulate(np.where(first, np.arange(n_loans), 0))
    cycle = np.empty(n_loans)
    cycle[order] = np.arange(n_loans) - run_start + 1
    principal = np.round(750_000 * 1.3 ** (cycle - 1) * rng.lognormal(0, 0.2, n_loans), -4)
    principal = np.minimum(principal, 10_000_000)
    term = rng.choice([5.0, 6.0, 10.0, 12.0], n_loans)
    disbursed = np.datetime64("2015-01-01") + day.astype("timedelta64[D]")
    as_of = np.datetime64("2025-01-01")
    months = (as_of - disbursed).astype(np.int64) / 30.4
    repaid_share = np.clip(months / term, 0, 1)
    # one cooperative in 50 is weak: more arrears
    weak = (coop % 50) == 7
    # arrears only on loans still running (or just past term); older bad loans are written off
    recent = months < term + 6
    late = recent & (rng.random(n_loans) < np.where(weak, 0.35, 0.04))
    old_bad = ~recent & (rng.random(n_loans) < np.where(weak, 0.05, 0.005))
    repaid_share = np.where(late, repaid_share * rng.uniform(0.2, 0.9, n_loans), repaid_share)
    outstanding = np.round(principal * (1 - repaid_share), -3)
    days = np.where(late & (outstanding > 0), rng.integers(1, 400, n_loans), 0).astype(float)
    days[rng.random(n_loans) < 0.002] = np.nan
    status = np.where(
        outstanding <= 0,
        "lunas",
        np.where(days > 180, "macet", np.where(days > 90, "kurang lancar", "lancar")),
    )
    outstanding = np.where(old_bad, np.round(principal * 0.4, -3), outstanding)
    status[old_bad] = "hapus buku"
    return pd.DataFrame(
        {
            "loan_id": pd.Series(np.char.add("L", np.arange(n_loans).astype(str)), dtype="str"),
            "member_id": pd.Series(np.char.add("M", member.astype(str)), dtype="str"),
            "disbursed_on": pd.to_datetime(disbursed),
            "principal": principal,
            "term_months": term,
            "amount_repaid": np.round(principal * repaid_share * 1.1, -3),
            "outstanding": outstanding,
            "days_overdue": days,
            "status": pd.Series(status, dtype="str"),
            "cycle": cycle,
            "group_id": pd.Series(np.char.add("G", group.astype(str)), dtype="str"),
            "cooperative_id": pd.Series(np.char.add("K", coop.astype(str)), dtype="str"),
        }
    )


def _demo_ledger(members: int) -> pd.DataFrame:
    from analysis.demo import generate_demo

    return generate_demo(members, 42).loans


_CORE = (
    "portfolio_summary",
    "portfolio_by cooperative_id",
    "portfolio_by group_id",
    "disbursements Q",
    "par_aging",
)


def run(loans: pd.DataFrame, as_of: pd.Timestamp) -> list[tuple[str, float, float, int]]:
    """Time each public function once on ``loans``; (step, wall s, CPU s, rows out)."""
    steps = [
        ("portfolio_summary", lambda: portfolio_summary(loans, as_of=as_of)),
        ("portfolio_by cooperative_id", lambda: portfolio_by(loans, "cooperative_id", as_of=as_of)),
        ("portfolio_by group_id", lambda: portfolio_by(loans, "group_id", as_of=as_of)),
        ("disbursements Q", lambda: disbursements(loans, freq="Q")),
        (
            "disbursements Y by cooperative_id",
            lambda: disbursements(loans, freq="Y", by="cooperative_id"),
        ),
        ("par_aging", lambda: par_aging(loans)),
        ("par_aging by cooperative_id", lambda: par_aging(loans, by="cooperative_id")),
    ]
    rows = []
    for name, fn in steps:
        wall, cpu, out = timed_cpu(fn)  # CPU s: less sensitive to other processes' load
        rows.append((name, wall, cpu, len(out) if isinstance(out, pd.DataFrame) else 1))
    return rows


def _section(title: str, loans: pd.DataFrame, build_s: float, rows, as_of) -> list[str]:
    core = sum(w for n, w, _, _ in rows if n in _CORE)
    core_cpu = sum(c for n, _, c, _ in rows if n in _CORE)
    summary = portfolio_summary(loans, as_of=as_of)
    mib = loans.memory_usage(deep=True).sum() / 2**20
    return [
        f"## {title}: {len(loans):,} loans, {loans['cooperative_id'].nunique():,} cooperatives, "
        f"{loans['group_id'].nunique():,} groups",
        "",
        f"Ledger built in {build_s:.1f} s, {mib:,.0f} MiB in memory; reporting date {as_of:%Y-%m-%d}.",
        "",
        "| step | wall s | CPU s | rows out |",
        "| --- | ---: | ---: | ---: |",
        *[f"| {n} | {w:.3f} | {c:.3f} | {k:,} |" for n, w, c, k in rows],
        "| **summary + by cooperative + by group + disbursements Q + ageing** | "
        f"**{core:.3f}** | **{core_cpu:.3f}** | |",
        "",
        f"Check: GLP Rp {summary.gross_loan_portfolio:,.0f}, PAR30 {summary.par30:.4f}, "
        f"repayment rate {summary.repayment_rate:.4f}, active borrowers "
        f"{summary.n_active_borrowers:,}.",
        "",
    ]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--loans", type=int, default=3_000_000, help="numpy ledger size (3M)")
    ap.add_argument(
        "--members", type=int, default=1_000_000, help="demo members (1M: about 3M loans)"
    )
    ap.add_argument(
        "--source", choices=["numpy", "demo", "both"], default="both", help="ledger source(s)"
    )
    ap.add_argument("--out", default=str(ROOT / "bench" / "results" / "portfolio.md"))
    args = ap.parse_args(argv)

    lines = [
        "# Loan portfolio benchmark",
        "",
        f"`bench/bench_portfolio.py`; {platform.machine()}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()}, pandas {pd.__version__}, numpy {np.__version__}. "
        "Each function timed once, in one process, after the ledger is built; wall-clock and "
        "this process's CPU seconds. Target: the five core steps on 3M loans in a couple of "
        "seconds.",
        "",
        f"Load average when started: {os.getloadavg()[0]:.1f} (other processes share the "
        "machine; timings grow with it).",
        "",
    ]
    sources = ["numpy", "demo"] if args.source == "both" else [args.source]
    for source in sources:
        if source == "numpy":
            build_s, loans = timed(lambda: synthetic_ledger(args.loans))
            as_of, title = pd.Timestamp("2025-01-01"), "numpy ledger"
        else:
            build_s, loans = timed(lambda: _demo_ledger(args.members))
            # the demo's balances are read at the year end of its last survey wave
            as_of = pd.Timestamp(
                year=pd.Timestamp(loans["disbursed_on"].max()).year, month=12, day=31
            )
            title = f"analysis.demo ledger ({args.members:,} members)"
        rows = run(loans, as_of)
        lines += _section(title, loans, build_s, rows, as_of)
        del loans
    text = "\n".join(lines)
    publish(text, Path(args.out))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
