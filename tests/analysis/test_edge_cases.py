"""Issue 3's edge cases for every public estimate: one member, all incomes equal, a single
cluster, no comparison group, missing waves, a regressor with no variance.

Each function either refuses the data with a ValueError (a DataError carries both languages)
whose message says what is wrong, or returns a result in which every missing number has a note
saying why (or is documented as missing by design). Never a crash, never a NaN presented as a
result. One table, function x case; each row says what happens.
"""

from __future__ import annotations

import dataclasses
import json
import math
from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd
import pytest

import analysis as A
from analysis.messages import DataError
from analysis.methods.panel import member_changes

WAVES = (2021, 2022, 2023)


def _survey(n: int = 24) -> pd.DataFrame:
    """Seeded three-wave survey: two thirds program members, four cooperatives, every driver."""
    rng = np.random.default_rng(42)
    rows = []
    for i in range(n):
        program = int(i % 3 != 0)
        for t, w in enumerate(WAVES):
            rows.append(
                {
                    "member_id": f"M{i:03d}",
                    "wave": w,
                    "income": 2e6 + 1e5 * i + 3e5 * t * program + rng.normal(0, 1e5),
                    "in_program": program,
                    "cooperative_id": f"K{i % 4}",
                    "group_id": f"G{i % 8}",
                    "capital": 0.0 if t == 0 else float(rng.integers(1, 10)) * 1e6,
                    "training_hours": 0.0 if t == 0 else float(rng.integers(0, 20)),
                    "market_channels": float(rng.integers(1, 5)),
                    "revenue": 1e7 + rng.normal(0, 1e6),
                    "age": float(rng.integers(25, 60)),
                    "household_size": float(rng.integers(2, 7)),
                    "business_age_years": float(rng.integers(1, 20)),
                    "education": ["SD", "SMP", "SMA"][i % 3],
                    "business_type": ["warung", "kue"][i % 2],
                }
            )
    df = pd.DataFrame(rows)
    df["in_program"] = df["in_program"].astype("Int8")
    df["wave"] = pd.Categorical(df["wave"], categories=list(WAVES), ordered=True)
    return df


def _ledger(n: int = 30) -> pd.DataFrame:
    """Seeded loans of the survey's program members, disbursed between the waves."""
    rng = np.random.default_rng(7)
    members = [f"M{i:03d}" for i in range(24) if i % 3 != 0]
    return pd.DataFrame(
        {
            "loan_id": [f"L{i:03d}" for i in range(n)],
            "member_id": [members[i % len(members)] for i in range(n)],
            "disbursed_on": pd.Timestamp("2022-01-15")
            + pd.to_timedelta(rng.integers(0, 600, n), unit="D"),
            "principal": rng.integers(1, 10, n) * 1e6,
            "term_months": 12.0,
            "amount_repaid": rng.integers(0, 5, n) * 1e5,
            "outstanding": rng.integers(0, 5, n) * 1e5,
            "days_overdue": rng.choice([0.0, 10.0, 45.0, 120.0], n),
            "status": "aktif",
            "cycle": 1.0,
            "cooperative_id": [f"K{i % 4}" for i in range(n)],
            "group_id": [f"G{i % 8}" for i in range(n)],
        }
    )


# --- the cases, on the survey and on the ledger ------------------------------------------------


def _one_wave(s: pd.DataFrame) -> pd.DataFrame:
    out = s[s["wave"] == 2021]
    return out.assign(wave=out["wave"].cat.remove_unused_categories())


SURVEY_CASES: dict[str, Callable[[pd.DataFrame], pd.DataFrame]] = {
    "one_member": lambda s: s[s["member_id"] == "M001"],
    "equal_incomes": lambda s: s.assign(income=1.5e6),
    "single_cluster": lambda s: s.assign(cooperative_id="K0", group_id="G0"),
    "no_comparison": lambda s: s.assign(in_program=pd.array([1] * len(s), dtype="Int8")),
    "one_wave": _one_wave,
    "empty_last_wave": lambda s: s.assign(income=s["income"].where(s["wave"] != 2023)),
    # capital, training hours, market channels and age: the same for everyone
    "no_variance": lambda s: s.assign(
        capital=np.where(s["wave"] == 2021, 0.0, 2e6),
        training_hours=np.where(s["wave"] == 2021, 0.0, 5.0),
        market_channels=2.0,
        age=40.0,
    ),
}

# the same situations in a loans ledger (portfolio_summary reads no survey)
LEDGER_CASES: dict[str, Callable[[pd.DataFrame], pd.DataFrame]] = {
    "one_member": lambda x: x.iloc[:1],  # one loan
    "equal_incomes": lambda x: x.assign(principal=1e6, outstanding=5e5, amount_repaid=5e5),
    "single_cluster": lambda x: x.assign(cooperative_id="K0", group_id="G0"),
    "no_comparison": lambda x: x.assign(outstanding=0.0),  # nothing outstanding: no PAR base
    "one_wave": lambda x: x.assign(disbursed_on=pd.NaT),  # no dates: no period, no repayment
    "empty_last_wave": lambda x: x.assign(outstanding=np.nan, days_overdue=np.nan),
    "no_variance": lambda x: x.assign(principal=2e6, term_months=12.0, cycle=1.0),
}


def _changes(s: pd.DataFrame) -> pd.DataFrame:
    return member_changes(s)


RUN: dict[str, Callable[[pd.DataFrame], Any]] = {
    "before_after": lambda s: A.before_after(s),
    "subgroup_before_after": lambda s: A.subgroup_before_after(
        s, ["business_type", "loan_tier", "trained"]
    ),
    "balance_table": lambda s: A.balance_table(s, cluster="cooperative_id"),
    "did_table": lambda s: A.did_table(s, cluster="cooperative_id"),
    "did_twfe": lambda s: A.did_twfe(s, wild_bootstrap="never"),
    "group_trends": lambda s: A.group_trends(s),
    "event_study": lambda s: A.event_study(s),
    "driver_models": lambda s: A.driver_models(_changes(s)),
    "custom_model": lambda s: A.custom_model(
        _changes(s), "income_change ~ capital + age", cluster="cooperative_id"
    ),
    "dose_response": lambda s: A.dose_response(_changes(s)),
    "portfolio_summary": lambda x: A.portfolio_summary(x),
    "build_report": lambda s: A.build_report(s, _ledger(), subgroups=("business_type",)),
}

OK = None  # a result, every missing number explained

NO_COMPARISON = "There is no comparison group: no member with in_program = 0"
TWO_WAVES = "at least two survey waves are needed to compare incomes; found 1"
SAME_CHANGE = "is the same for every member of each group"
NO_PAIRS = "no member has income in both waves 2021 and 2023"
NO_SUBGROUP_PAIRS = "no member has an income at both waves 2021 and 2023"
EMPTY_WAVE = "wave 2023 has no program member with income"
OUTCOME_CONSTANT = r"the outcome has no variance \(every value is 0\)"
NO_DRIVERS = "none of capital, training_hours or market_channels_change"
CAPITAL_CONSTANT = r"regressor 'capital' has no variance \(every value is 4,000,000\)"

# fmt: off
TABLE: list[tuple[str, str, str | None]] = [
    # --- before_after: rows with notes; only a survey of one wave is refused
    ("before_after", "one_member", OK),  # descriptive figures; "only one member compared"
    ("before_after", "equal_incomes", OK),  # "changed by the same amount": no t, no Wilcoxon
    ("before_after", "single_cluster", OK),  # not clustered: nothing changes
    ("before_after", "no_comparison", OK),  # a program row only
    ("before_after", "one_wave", TWO_WAVES),  # nothing to compare
    ("before_after", "empty_last_wave", OK),  # n = 0 rows: "no member ... in both waves"
    ("before_after", "no_variance", OK),  # no regressor involved
    # --- subgroup_before_after
    ("subgroup_before_after", "one_member", OK),  # levels under min_n: counted, not tested
    ("subgroup_before_after", "equal_incomes", OK),  # every level noted as in before_after
    ("subgroup_before_after", "single_cluster", OK),  # not clustered
    ("subgroup_before_after", "no_comparison", OK),  # program levels only
    ("subgroup_before_after", "one_wave", TWO_WAVES),  # nothing to compare
    ("subgroup_before_after", "empty_last_wave", NO_SUBGROUP_PAIRS),  # no level has anyone
    ("subgroup_before_after", "no_variance", OK),  # one loan tier, one 'trained' level
    # --- balance_table: baseline only, so a single wave is enough
    ("balance_table", "one_member", NO_COMPARISON),  # the one member is in the program
    ("balance_table", "equal_incomes", OK),  # income row: "no variation", out of the joint test
    ("balance_table", "single_cluster", OK),  # HC1 with a warning
    ("balance_table", "no_comparison", NO_COMPARISON),  # nobody to compare with
    ("balance_table", "one_wave", OK),  # the baseline is all it needs
    ("balance_table", "empty_last_wave", OK),  # the later wave is not read
    ("balance_table", "no_variance", OK),  # age, market_channels rows: "no variation"
    # --- did_table
    ("did_table", "one_member", NO_COMPARISON),  # the one member is in the program
    ("did_table", "equal_incomes", SAME_CHANGE),  # no standard error exists
    ("did_table", "single_cluster", OK),  # HC1 with a warning
    ("did_table", "no_comparison", NO_COMPARISON),  # nobody to compare with
    ("did_table", "one_wave", TWO_WAVES),  # no change to difference
    ("did_table", "empty_last_wave", NO_PAIRS),  # no member in both waves
    ("did_table", "no_variance", OK),  # the outcome still varies
    # --- did_twfe
    ("did_twfe", "one_member", NO_COMPARISON),  # the one member is in the program
    ("did_twfe", "equal_incomes", SAME_CHANGE),  # no standard error exists
    ("did_twfe", "single_cluster", OK),  # HC1 with a warning, no wild bootstrap
    ("did_twfe", "no_comparison", NO_COMPARISON),  # nobody to compare with
    ("did_twfe", "one_wave", TWO_WAVES),  # no change to difference
    ("did_twfe", "empty_last_wave", NO_PAIRS),  # no member in both waves
    ("did_twfe", "no_variance", OK),  # no regressor but the group
    # --- group_trends: descriptive, one row per group and wave
    ("group_trends", "one_member", OK),  # "one member: no standard error"
    ("group_trends", "equal_incomes", OK),  # sd 0: the interval is a point
    ("group_trends", "single_cluster", OK),  # not clustered
    ("group_trends", "no_comparison", OK),  # program rows only
    ("group_trends", "one_wave", OK),  # a trend of one point
    ("group_trends", "empty_last_wave", OK),  # the empty wave is left out
    ("group_trends", "no_variance", OK),  # no regressor involved
    # --- event_study (reference row: estimate 0 and no SE, by design)
    ("event_study", "one_member", NO_COMPARISON),  # the one member is in the program
    ("event_study", "equal_incomes", SAME_CHANGE),  # no standard error exists
    ("event_study", "single_cluster", OK),  # HC1 with a warning
    ("event_study", "no_comparison", NO_COMPARISON),  # nobody to compare with
    ("event_study", "one_wave", "at least 2 waves are needed; found 1"),  # no event time
    ("event_study", "empty_last_wave", EMPTY_WAVE),  # names the wave
    ("event_study", "no_variance", OK),  # no regressor but group x wave
    # --- driver_models (HC3 by default)
    ("driver_models", "one_member", r"only 1 member\(s\) to model"),  # fewer than coefficients
    ("driver_models", "equal_incomes", OUTCOME_CONSTANT),  # nothing to explain
    ("driver_models", "single_cluster", OK),  # HC3: clusters not used
    ("driver_models", "no_comparison", OK),  # members only by default anyway
    ("driver_models", "one_wave", TWO_WAVES),  # member_changes refuses first
    ("driver_models", "empty_last_wave", "no member to model: the changes table is empty"),
    ("driver_models", "no_variance", NO_DRIVERS),  # capital, training, channels all constant
    # --- custom_model (clustered by cooperative)
    ("custom_model", "one_member", "1 observations cannot estimate 3 parameters"),  # n < K
    ("custom_model", "equal_incomes", OUTCOME_CONSTANT),  # nothing to explain
    ("custom_model", "single_cluster", "clustered standard errors need at least 2 clusters"),
    ("custom_model", "no_comparison", OK),  # whatever rows are given
    ("custom_model", "one_wave", TWO_WAVES),  # member_changes refuses first
    ("custom_model", "empty_last_wave", "the data has no rows to model"),  # empty changes
    ("custom_model", "no_variance", CAPITAL_CONSTANT),  # names the regressor and its value
    # --- dose_response: one row per band, empty bands noted
    ("dose_response", "one_member", OK),  # "one member: no interval"
    ("dose_response", "equal_incomes", OK),  # zero changes: intervals are points
    ("dose_response", "single_cluster", OK),  # not clustered
    ("dose_response", "no_comparison", OK),  # members only by default anyway
    ("dose_response", "one_wave", TWO_WAVES),  # member_changes refuses first
    ("dose_response", "empty_last_wave", OK),  # every band "no member"
    ("dose_response", "no_variance", OK),  # one band holds everybody
    # --- portfolio_summary, on the ledger versions of the cases (LEDGER_CASES)
    ("portfolio_summary", "one_member", OK),  # one loan: no principal due yet, noted
    ("portfolio_summary", "equal_incomes", OK),  # identical loans
    ("portfolio_summary", "single_cluster", OK),  # one cooperative
    ("portfolio_summary", "no_comparison", OK),  # nothing outstanding: PAR undefined, noted
    ("portfolio_summary", "one_wave", OK),  # no dates: repayment rate undefined, noted
    ("portfolio_summary", "empty_last_wave", OK),  # no balances: left out, noted
    ("portfolio_summary", "no_variance", OK),  # one principal, one term, one cycle
    # --- build_report: parts that cannot be computed are null, the reason in warnings
    ("build_report", "one_member", OK),  # did, balance, regressions null
    ("build_report", "equal_incomes", OK),  # did, did_table, regressions null
    ("build_report", "single_cluster", OK),  # HC1/HC3 fallbacks, said in warnings
    ("build_report", "no_comparison", OK),  # comparison parts null
    ("build_report", "one_wave", "waves: " + TWO_WAVES),  # nothing to compare at all
    ("build_report", "empty_last_wave", OK),  # before_after rows with n = 0, notes
    ("build_report", "no_variance", OK),  # regressions null, said in warnings
]
# fmt: on


def _unexplained_nan(result: Any, where: str = "result") -> list[str]:
    """Paths of NaNs that no note explains and no documented rule allows."""
    out: list[str] = []
    if isinstance(result, float) and math.isnan(result):
        out.append(where)
    elif isinstance(result, pd.DataFrame):
        floats = [c for c in result.columns if result[c].dtype.kind == "f"]
        for i, row in result.reset_index(drop=True).iterrows():
            note = row["note"] if "note" in result.columns else None
            if isinstance(note, str) and note:
                continue  # the row says why
            if row.get("period") == "reference":
                continue  # event study: the reference wave is 0 by definition, no SE
            out += [
                f"{where}[{i}].{c}"
                for c in floats
                if pd.isna(row[c]) and not (c == "std_estimate" and row.get("term") == "Intercept")
            ]
    elif isinstance(result, dict):
        for k, v in result.items():
            out += _unexplained_nan(v, f"{where}.{k}")
    elif isinstance(result, (list, tuple)):
        for i, v in enumerate(result):
            out += _unexplained_nan(v, f"{where}[{i}]")
    elif dataclasses.is_dataclass(result) and not isinstance(result, type):
        for f in dataclasses.fields(result):
            out += _unexplained_nan(getattr(result, f.name), f"{where}.{f.name}")
    return out


@pytest.mark.parametrize(("function", "case", "expected"), TABLE)
def test_every_function_explains_every_edge_case(
    function: str, case: str, expected: str | None
) -> None:
    if function == "portfolio_summary":
        data = LEDGER_CASES[case](_ledger())
    else:
        data = SURVEY_CASES[case](_survey())
    if expected is not None:
        with pytest.raises(ValueError, match=expected) as info:
            RUN[function](data)
        if isinstance(info.value, DataError):
            assert info.value.message.id  # the Indonesian sentence too
        return
    result = RUN[function](data)
    assert _unexplained_nan(result) == []
    if function == "build_report":
        json.dumps(result, allow_nan=False)  # strict JSON: undefined numbers are null


def test_the_table_covers_every_function_and_case() -> None:
    pairs = {(f, c) for f, c, _ in TABLE}
    assert pairs == {(f, c) for f in RUN for c in SURVEY_CASES}
    assert set(LEDGER_CASES) == set(SURVEY_CASES)


def test_the_check_flags_a_nan_without_a_note() -> None:
    table = pd.DataFrame({"mean": [1.0, np.nan, np.nan], "note": [None, "one member", None]})
    assert _unexplained_nan(table) == ["result[2].mean"]  # row 1 says why; row 2 does not
