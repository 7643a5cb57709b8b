"""A seeded synthetic Kopwan program: the demo data the dashboard opens with, and test data.

Everything here is SYNTHETIC. It imitates women's cooperatives (Koperasi Wanita, Kopwan) in
Kabupaten Jember, East Java, with incomes, loans and places following /work/shared/DOMAIN.md,
and plants documented effects (:data:`PLANTED_EFFECTS`) so tests can check that the analysis
recovers them. No figure here is a finding about the real program.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa

from analysis.demo import incomes, loans, people
from analysis.demo.effects import PLANTED_EFFECTS, PlantedEffects
from analysis.demo.empowerment import _EMP_OFFSET, EMPOWERMENT_ITEMS, empowerment
from analysis.demo.incomes import _MISSING_COLUMNS, UMK_JEMBER, _umk
from analysis.demo.loans import LOAN_STATUSES
from analysis.demo.people import (
    _TYPE_SHARES_KALIWATES,
    _TYPE_SHARES_OTHER,
    BUSINESS_TYPES,
    EDUCATION_LEVELS,
)
from analysis.messages import plain_list

__all__ = [
    "BUSINESS_TYPES",
    "EDUCATION_LEVELS",
    "EMPOWERMENT_ITEMS",
    "LOAN_STATUSES",
    "PLANTED_EFFECTS",
    "UMK_JEMBER",
    "DemoData",
    "PlantedEffects",
    "generate_demo",
    "write_demo",
]
# Re-exported for tests and for anyone who read the generator's internals here before the split.
_REEXPORTED = (_EMP_OFFSET, _MISSING_COLUMNS, _TYPE_SHARES_KALIWATES, _TYPE_SHARES_OTHER, _umk)


@dataclass(frozen=True, eq=False)
class DemoData:
    """A synthetic program: survey, loan ledger and the truth behind them.

    Attributes
    ----------
    survey : canonical long survey, one row per person per wave (see :func:`generate_demo`).
    loans : canonical loan ledger, one row per loan.
    truth : one row per person with the parameters and noise-free quantities that produced
        the data (for tests; never shown as a result). Columns: ``member_id``, ``in_program``,
        ``cooperative_id``, ``kelurahan``, ``business_type``, ``weak_cooperative``,
        ``base_income``, ``b_capital`` (Rp/month per rupiah), ``b_training`` (per hour),
        ``b_channels`` (per channel), ``program_effect`` (Rp/month at the last wave),
        ``common_trend`` (Rp/month, last wave minus baseline), ``capital_total``,
        ``training_total`` and ``channels_gain`` (baseline to last wave, before any value
        was blanked), ``outlier_shift`` (Rp/month added at the last wave), ``expected_change``
        (noise-free last-wave minus baseline income), ``attrited`` (no last-wave row).
    """

    survey: pd.DataFrame
    loans: pd.DataFrame
    truth: pd.DataFrame


def _check_args(members: int, waves: Sequence[int], comparison_share: float) -> list[int]:
    if isinstance(members, bool) or not isinstance(members, (int, np.integer)) or members < 1:
        raise ValueError(f"members must be a whole number of at least 1; got {members!r}")
    if not 0.0 <= comparison_share < 1.0:
        raise ValueError(
            f"comparison_share must be at least 0 and below 1; got {comparison_share!r}"
        )
    years = [int(w) for w in waves]
    if len(years) < 2:
        raise ValueError(f"at least two waves (years) are needed; got [{plain_list(waves)}]")
    if any(b <= a for a, b in itertools.pairwise(years)):
        raise ValueError(f"waves must be increasing years; got [{plain_list(waves)}]")
    return years


def generate_demo(
    members: int = 600,
    seed: int = 42,
    *,
    waves: Sequence[int] = (2021, 2022, 2023),
    comparison_share: float = 0.3,
    effects: PlantedEffects = PLANTED_EFFECTS,
) -> DemoData:
    """Generate a synthetic Kopwan program with planted, documented effects.

    Parameters
    ----------
    members : people surveyed: program members plus comparison non-members.
    seed : random seed; the same seed gives identical frames.
    waves : survey years, baseline first (each survey describes the state at the year's end).
    comparison_share : share of ``members`` who are comparison non-members from the same
        kelurahan (``in_program`` 0; at least one program member is always kept).
    effects : the planted parameters (:data:`PLANTED_EFFECTS` by default).

    Returns
    -------
    DemoData
        ``survey``: one row per person per wave with ``member_id`` (str, ``A000123`` for
        members, ``N000045`` for comparison non-members), ``wave`` (ordered Categorical of the
        years), ``income`` (float64, Rp/month, net business income, rounded to Rp 10,000),
        ``in_program`` (Int8), ``cooperative_id`` (for a non-member, the Kopwan of her
        kelurahan: the sampling cluster, not a membership), ``group_id`` (missing for
        non-members), ``kabupaten``, ``kecamatan``, ``kelurahan``, ``business_type``,
        ``education`` (str), ``capital`` (loan principal disbursed after the previous wave's
        year end up to this wave's year end; 0 at baseline and for non-members),
        ``training_hours`` (same period), ``market_channels`` (count at the wave), ``revenue``
        (Rp/month), ``age``, ``household_size``, ``business_age_years`` and ``emp_*`` (Likert
        1-5), all float64.

        ``loans``: one row per loan of a program member, from her first loan (up to two years
        before the baseline) to the last wave's year end: ``loan_id`` (``<member_id>-<cycle>``),
        ``member_id``, ``disbursed_on`` (datetime64), ``principal``, ``term_months``,
        ``amount_repaid`` (principal repaid; the flat service charge is not in the ledger),
        ``outstanding`` (principal - amount_repaid), ``days_overdue`` (float64), ``status``
        (one of :data:`LOAN_STATUSES`), ``cycle`` (float64), ``group_id``, ``cooperative_id``.

        ``truth``: see :class:`DemoData`.

    Raises
    ------
    ValueError
        When ``members`` is not a positive whole number, ``comparison_share`` is outside
        [0, 1), or ``waves`` holds fewer than two increasing years.

    Notes
    -----
    Missing data is planted on purpose: ``missing_share`` of each optional column, a few blank
    incomes, and whole rows absent for attrition (more among non-members). ``capital`` is never
    blanked, so it always equals the ledger's principal disbursed in the period.

    Examples
    --------
    >>> demo = generate_demo(members=50, seed=1)
    >>> demo.survey["wave"].cat.categories.tolist()
    [2021, 2022, 2023]
    """
    years = _check_args(members, waves, comparison_share)
    rng = np.random.default_rng(seed)
    n_comp = min(round(members * comparison_share), members - 1)
    n_prog = members - n_comp
    is_member = np.r_[np.ones(n_prog, dtype=bool), np.zeros(n_comp, dtype=bool)]
    # The steps draw from one generator in this order; reordering them changes every seed's data.
    where = people.places(rng, n_prog, n_comp)
    who = people.people(rng, where, is_member, years[-1] - years[0])
    slopes = incomes.slopes(rng, effects, years, who, is_member)
    ledger, capital = loans._ledger(
        rng, effects, years, n_prog, where.coop_of_prog, where.weak_coop
    )
    capital = np.vstack([capital, np.zeros((n_comp, len(years)))])
    panel = incomes.waves(rng, effects, years, is_member, who, slopes, capital)
    emp = empowerment(rng, effects, years, is_member)
    first = incomes.first_lost(rng, effects, is_member, len(years))
    ids = pa.concat_arrays([people._ids("A", n_prog), people._ids("N", n_comp)])
    survey = incomes.survey_frame(
        rng, effects, years, ids, is_member, (where, who, panel, capital, emp), first
    )
    truth = incomes.truth_frame(effects, ids, is_member, (where, who, slopes, panel), first)
    return DemoData(survey=survey, loans=loans.loans_frame(ledger, ids, where), truth=truth)


def write_demo(out_dir: str | Path, members: int = 600, seed: int = 42) -> list[Path]:
    """Write ``synthetic_survey.csv`` and ``synthetic_loans.csv`` into ``out_dir``.

    Parameters
    ----------
    out_dir : folder, created when absent.
    members, seed : passed to :func:`generate_demo`.

    Returns
    -------
    The two paths written, survey first.

    Notes
    -----
    Plain UTF-8, comma-separated, dot decimals, ISO dates (YYYY-MM-DD), no index column;
    missing values are empty cells; whole numbers are written without a decimal part.
    """
    import pyarrow as pa
    import pyarrow.csv as pacsv

    demo = generate_demo(members, seed)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, frame in (("synthetic_survey.csv", demo.survey), ("synthetic_loans.csv", demo.loans)):
        table = pa.Table.from_pandas(frame, preserve_index=False)
        for i, col in enumerate(table.column_names):
            typ = table.schema.field(col).type
            if pa.types.is_dictionary(typ):
                table = table.set_column(i, col, table[col].cast(typ.value_type))
            elif pa.types.is_timestamp(typ):
                table = table.set_column(i, col, table[col].cast(pa.date32()))
        path = out / name
        # Quoting "none": every demo string is free of commas and quotes (plain, readable CSV).
        options = pacsv.WriteOptions(quoting_style="none", quoting_header="none")
        pacsv.write_csv(table, path, options)
        paths.append(path)
    return paths
