"""The synthetic demo data: canonical frames, determinism, planted structure, committed files.

Planted values come from ``PLANTED_EFFECTS`` (analysis/demo.py, documented in data/README.md);
recovery is checked with statsmodels OLS fitted in the test itself, not with Berdaya's own
regression code, so the demo data and the analysis are checked independently.
"""

from __future__ import annotations

import csv
import re
import tomllib
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from analysis import PLANTED_EFFECTS, attrition, generate_demo, member_changes, write_demo
from analysis.__main__ import main
from analysis.demo import (
    _TYPE_SHARES_KALIWATES,
    BUSINESS_TYPES,
    EMPOWERMENT_ITEMS,
    LOAN_STATUSES,
    UMK_JEMBER,
    PlantedEffects,
)
from analysis.schema import LOAN_FIELDS, SURVEY_FIELDS

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "data"
TEMPLATES = DATA / "templates"
EMP_COLUMNS = [f"emp_{item}" for item in EMPOWERMENT_ITEMS]
SURVEY_NAMES = [f.name for f in SURVEY_FIELDS] + EMP_COLUMNS
LOAN_NAMES = [f.name for f in LOAN_FIELDS]


@pytest.fixture(scope="module")
def demo():
    """The default demo (600 people, seed 42): what data/ holds."""
    return generate_demo()


@pytest.fixture(scope="module")
def large():
    """3,000 people, large enough for the planted effects to be estimated with precision."""
    return generate_demo(3000, seed=5)


# --- determinism and the canonical frames ---------------------------------------------------


def test_same_seed_gives_identical_frames() -> None:
    a, b = generate_demo(200, seed=7), generate_demo(200, seed=7)
    pd.testing.assert_frame_equal(a.survey, b.survey)
    pd.testing.assert_frame_equal(a.loans, b.loans)
    pd.testing.assert_frame_equal(a.truth, b.truth)


def test_different_seeds_give_different_frames() -> None:
    a, b = generate_demo(200, seed=7), generate_demo(200, seed=8)
    assert not a.survey["income"].equals(b.survey["income"])
    assert not a.loans["principal"].equals(b.loans["principal"])


def test_survey_has_every_canonical_field_with_its_dtype(demo) -> None:
    s = demo.survey
    assert list(s.columns) == SURVEY_NAMES
    assert s["member_id"].dtype == "str"
    assert isinstance(s["wave"].dtype, pd.CategoricalDtype) and s["wave"].dtype.ordered
    assert s["wave"].cat.categories.tolist() == [2021, 2022, 2023]
    assert s["in_program"].dtype == "Int8"
    text = ["cooperative_id", "group_id", "kabupaten", "kecamatan", "kelurahan"]
    for col in [*text, "business_type", "education"]:
        assert s[col].dtype == "str", col
    numeric = ["income", "capital", "training_hours", "market_channels", "revenue", "age"]
    for col in [*numeric, "household_size", "business_age_years", *EMP_COLUMNS]:
        assert s[col].dtype == "float64", col
    assert not s.duplicated(["member_id", "wave"]).any()


def test_loans_have_every_canonical_field_with_its_dtype(demo) -> None:
    loans = demo.loans
    assert list(loans.columns) == LOAN_NAMES
    assert loans["disbursed_on"].dtype == "datetime64[us]"  # what pd.to_datetime gives
    for col in ("loan_id", "member_id", "status", "group_id", "cooperative_id"):
        assert loans[col].dtype == "str", col
    for col in ("principal", "term_months", "amount_repaid", "outstanding", "days_overdue"):
        assert loans[col].dtype == "float64", col
    assert loans["loan_id"].is_unique


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"members": 0}, "at least 1"),  # nobody to survey
        ({"members": 2.5}, "whole number"),  # half a person
        ({"members": 10, "comparison_share": 1.0}, "below 1"),  # no program members
        ({"members": 10, "comparison_share": -0.1}, "at least 0"),  # negative share
        ({"members": 10, "waves": (2021,)}, "two waves"),  # nothing to compare
        ({"members": 10, "waves": (2023, 2021)}, "increasing"),  # waves out of order
    ],
)
def test_generate_demo_rejects_unusable_arguments(kwargs: dict, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        generate_demo(**kwargs)


@pytest.mark.parametrize(
    ("members", "share", "waves", "n_comparison"),
    [
        (1, 0.3, (2021, 2022, 2023), 0),  # one person: a program member, no comparison
        (10, 0.0, (2021, 2022, 2023), 0),  # no comparison group asked for
        (10, 0.95, (2021, 2023), 9),  # at least one program member is kept
        (40, 0.5, (2019, 2020, 2022, 2024), 20),  # four uneven waves
    ],
)
def test_generate_demo_handles_small_and_unusual_designs(
    members: int, share: float, waves: tuple[int, ...], n_comparison: int
) -> None:
    d = generate_demo(members, seed=3, waves=waves, comparison_share=share)
    people = d.truth
    assert len(people) == members
    assert int((people["in_program"] == 0).sum()) == n_comparison
    assert d.survey["wave"].cat.categories.tolist() == list(waves)
    assert set(d.loans["member_id"]) <= set(people.loc[people["in_program"] == 1, "member_id"])


# --- planted structure ----------------------------------------------------------------------


def test_survey_capital_equals_ledger_principal_disbursed_in_the_period(demo) -> None:
    # period of a wave: after the previous wave's 31 December, up to its own 31 December
    loans = demo.loans.assign(year=demo.loans["disbursed_on"].dt.year)
    ledger = loans.groupby(["member_id", "year"])["principal"].sum()
    s = demo.survey.assign(year=demo.survey["wave"].astype("int64"))
    later = s[s["year"] > 2021]
    expected = ledger.reindex(pd.MultiIndex.from_frame(later[["member_id", "year"]])).fillna(0.0)
    np.testing.assert_array_equal(later["capital"].to_numpy(), expected.to_numpy())
    assert (s.loc[s["year"] == 2021, "capital"] == 0).all()  # 0 at baseline by definition


def test_comparison_people_have_no_loans_no_group_but_a_sampling_cluster(demo) -> None:
    s = demo.survey
    comparison = s[s["in_program"] == 0]
    assert len(comparison) > 0
    assert comparison["group_id"].isna().all()
    assert comparison["cooperative_id"].notna().all()  # the Kopwan of their kelurahan
    assert (comparison["capital"] == 0).all()
    assert not set(comparison["member_id"]) & set(demo.loans["member_id"])


def test_places_are_jember_kelurahan_with_kopwan_gama_in_kaliwates(demo) -> None:
    s = demo.survey
    assert set(s["kabupaten"]) == {"Jember"}
    assert set(s["kecamatan"]) <= {"Kaliwates", "Patrang", "Sumbersari"}
    gama = s[s["cooperative_id"] == "Kopwan Gama"]
    assert set(gama["kelurahan"]) == {"Kaliwates"}
    assert s.groupby("cooperative_id")["kelurahan"].nunique().max() == 1


def test_groups_and_cooperatives_have_realistic_sizes(demo) -> None:
    members = demo.truth[demo.truth["in_program"] == 1]
    per_coop = members.groupby("cooperative_id").size()
    assert per_coop.between(20, 150).all()  # issue 2: about 60, range 20-150
    per_group = demo.survey.drop_duplicates("member_id").groupby("group_id").size()
    assert per_group.between(10, 25).all()  # joint-liability groups of 10-25


def test_people_are_aged_22_to_65_with_plausible_households(demo) -> None:
    s = demo.survey
    assert s["age"].dropna().between(22, 65).all()
    assert s["household_size"].dropna().between(1, 10).all()
    assert set(s["education"].dropna()) == {"SD", "SMP", "SMA", "D3/S1"}
    assert set(s["business_type"]) == set(BUSINESS_TYPES)


def test_baseline_income_median_is_near_the_jember_minimum_wage(large) -> None:
    base = large.survey.loc[large.survey["wave"] == 2021, "income"]
    # UMK Jember 2021 = Rp 2,355,663 (DOMAIN.md); lognormal with median at the UMK
    assert base.median() == pytest.approx(UMK_JEMBER[2021], rel=0.08)


def test_members_differ_a_little_from_the_comparison_group_at_baseline(large) -> None:
    base = large.survey[large.survey["wave"] == 2021]
    by_group = base.groupby("in_program")[["income", "market_channels"]].mean()
    # planted selection: +5% income (log premium 0.05) and +0.2 channels for members
    assert 1.0 < by_group.loc[1, "income"] / by_group.loc[0, "income"] < 1.15
    assert 0.05 < by_group.loc[1, "market_channels"] - by_group.loc[0, "market_channels"] < 0.4


def test_farming_is_rarer_in_urban_kaliwates(large) -> None:
    people = large.survey.drop_duplicates("member_id")
    farming = people["business_type"] == "pertanian/peternakan"
    share = farming.groupby(people["kecamatan"] == "Kaliwates").mean()
    assert share[True] < share[False]  # planted shares 5% vs 15%


def test_attrition_hits_the_comparison_group_harder(large) -> None:
    lost = attrition(large.survey).set_index("group")["share_lost"]
    # planted 6% of members and 14% of the comparison group lose the endline row, plus ~1%
    # blank incomes at either wave
    assert 0.03 < lost[1] < 0.12
    assert lost[0] > lost[1]
    assert 0.10 < lost[0] < 0.22


@pytest.mark.parametrize(
    "column",
    [
        "training_hours",  # flows blanked like any optional column
        "market_channels",
        "revenue",
        "age",
        "education",
        "household_size",
        "business_age_years",
        "emp_confidence",
    ],
)
def test_optional_columns_have_about_two_percent_missing(large, column: str) -> None:
    share = large.survey[column].isna().mean()
    assert 0.01 < share < 0.03  # planted 2%; binomial sd at 8,600 rows is 0.15 points


def test_required_and_linking_columns_are_never_missing(large) -> None:
    s = large.survey
    for col in ("member_id", "wave", "in_program", "cooperative_id", "capital", "kelurahan"):
        assert s[col].notna().all(), col
    assert 0.005 < s["income"].isna().mean() < 0.02  # planted 1% blank incomes


def test_members_gain_more_on_every_empowerment_item(large) -> None:
    ch = member_changes(large.survey)
    for col in EMP_COLUMNS:
        gain = ch.groupby("in_program")[f"{col}_change"].mean()
        # planted yearly gains 0.08-0.20 on the latent scale for members, 0.02 for everyone
        assert gain[1] - gain[0] > 0.05, col
    assert ch[[f"{c}_after" for c in EMP_COLUMNS]].stack().dropna().between(1, 5).all()


# --- loans ----------------------------------------------------------------------------------


def test_loan_amounts_add_up(demo) -> None:
    loans = demo.loans
    np.testing.assert_array_equal(loans["amount_repaid"] + loans["outstanding"], loans["principal"])
    assert (loans["outstanding"] >= 0).all()
    assert ((loans["status"] == "lunas") == (loans["outstanding"] == 0)).all()
    assert (loans.loc[loans["days_overdue"] > 0, "outstanding"] > 0).all()


def test_loans_start_small_and_grow_with_each_cycle(demo) -> None:
    loans = demo.loans
    first = loans[loans["cycle"] == 1]["principal"]
    assert first.between(500_000, 1_000_000).all()  # Rp 0.5-1 million (DOMAIN.md)
    assert loans["principal"].max() <= 10_000_000  # ceiling Rp 5-10 million
    assert set(loans["term_months"]) <= set(range(5, 13))  # 5-12 months
    growth = loans.groupby("cycle")["principal"].mean()
    ratio = growth.loc[2.0:5.0].to_numpy() / growth.loc[1.0:4.0].to_numpy()
    assert ((ratio > 1.15) & (ratio < 1.45)).all()  # about 1.3x per cycle


@pytest.mark.parametrize(
    ("status", "low", "high"),
    [
        ("lancar", 0, 90),  # OJK limits folded to four classes, as analysis.methods.portfolio
        ("kurang lancar", 91, 120),
        ("diragukan", 121, 180),
        ("macet", 181, 730),
        ("hapus buku", 731, 100_000),  # written off after two years (assumption)
    ],
)
def test_status_follows_days_overdue(large, status: str, low: int, high: int) -> None:
    days = large.loans.loc[large.loans["status"] == status, "days_overdue"]
    assert days.between(low, high).all()


def test_ledger_holds_repaid_current_bad_and_written_off_loans(large) -> None:
    statuses = set(large.loans["status"])
    assert statuses <= set(LOAN_STATUSES)
    # kurang lancar and diragukan span 30 and 60 days only: they may be absent in a sample
    assert {"lunas", "lancar", "macet", "hapus buku"} <= statuses


def test_the_weak_cooperative_is_far_worse(demo) -> None:
    loans = demo.loans
    at_risk = loans["outstanding"].where(loans["days_overdue"] > 30, 0.0)
    par30 = (
        at_risk.groupby(loans["cooperative_id"]).sum()
        / loans.groupby("cooperative_id")["outstanding"].sum()
    )
    weak = "Kopwan Sekar Arum"  # index 3 in the place list: the planted weak cooperative
    assert par30[weak] > 0.3
    assert par30.drop(weak).max() < 0.1  # a few percent elsewhere


# --- recovery of the planted effects --------------------------------------------------------


def _ols(frame: pd.DataFrame, regressors: list[str]):
    import statsmodels.api as sm

    used = frame.dropna(subset=["income_change", *regressors])
    x = sm.add_constant(used[regressors].astype("float64"))
    return sm.OLS(used["income_change"].astype("float64"), x).fit(cov_type="HC3")


def test_planted_slopes_lie_in_the_95_percent_ci_of_the_members_regression(large) -> None:
    ch = member_changes(large.survey)
    fit = _ols(ch[ch["in_program"] == 1], ["capital", "training_hours", "market_channels_change"])
    ci = fit.conf_int(0.05)
    planted = {
        "capital": PLANTED_EFFECTS.capital_per_million / 1e6,  # 0.04 Rp per rupiah
        "training_hours": PLANTED_EFFECTS.training_per_hour,  # Rp 5,000 per hour
        "market_channels_change": PLANTED_EFFECTS.channel_effect,  # Rp 150,000 per channel
    }
    # Tolerance: the HC3 95% CI itself, at one fixed seed (coverage across seeds is ~95%
    # per coefficient: slopes vary by business type, averaging ~0.98 of the base slope here).
    for term, value in planted.items():
        assert ci.loc[term, 0] <= value <= ci.loc[term, 1], (term, fit.params[term])


def test_program_effect_and_common_trend_lie_in_the_ci_of_the_pooled_regression(large) -> None:
    ch = member_changes(large.survey)
    fit = _ols(ch, ["in_program", "capital", "training_hours", "market_channels_change"])
    ci = fit.conf_int(0.05)
    # intercept: the common trend (UMK 2023 - UMK 2021 = Rp 200,000) plus everyone's mean
    # outlier shift (0.5% of people, upward only; about Rp 26,000), from the truth frame
    compared = large.truth.set_index("member_id").loc[ch["member_id"]]
    intercept = UMK_JEMBER[2023] - UMK_JEMBER[2021] + compared["outlier_shift"].mean()
    assert ci.loc["const", 0] <= intercept <= ci.loc["const", 1], fit.params["const"]
    effect = PLANTED_EFFECTS.program_effect
    assert ci.loc["in_program", 0] <= effect <= ci.loc["in_program", 1]
    assert ci.loc["capital", 0] <= 0.04 <= ci.loc["capital", 1]


def test_hand_did_is_near_its_exact_expectation(large) -> None:
    ch = member_changes(large.survey)
    t = large.truth.set_index("member_id").loc[ch["member_id"]].reset_index()
    m, c = t["in_program"] == 1, t["in_program"] == 0
    did = (
        ch.loc[m.to_numpy(), "income_change"].mean() - ch.loc[c.to_numpy(), "income_change"].mean()
    )

    def contribution(rows: pd.Series) -> float:
        sub = t[rows]
        return float(
            (sub["b_capital"] * sub["capital_total"]).mean()
            + (sub["b_training"] * sub["training_total"]).mean()
            + (sub["b_channels"] * sub["channels_gain"]).mean()
            + sub["outlier_shift"].mean()
        )

    # E[DiD | regressors] = program effect + (members' mean of b_i * x_i over capital,
    # training, channels and outlier shifts) - (the same mean for the comparison group);
    # the common trend cancels. Hand calculation from the truth frame.
    expected = PLANTED_EFFECTS.program_effect + contribution(m) - contribution(c)
    assert expected == pytest.approx(
        t.loc[m, "expected_change"].mean() - t.loc[c, "expected_change"].mean()
    )
    changes = ch["income_change"]
    se = np.sqrt(changes[m.to_numpy()].var() / m.sum() + changes[c.to_numpy()].var() / c.sum())
    assert abs(did - expected) < 1.96 * se


def test_expected_change_is_the_documented_income_equation(large) -> None:
    t = large.truth
    rebuilt = (
        t["common_trend"]
        + t["program_effect"]
        + t["b_capital"] * t["capital_total"]
        + t["b_training"] * t["training_total"]
        + t["b_channels"] * t["channels_gain"]
        + t["outlier_shift"]
    )
    np.testing.assert_allclose(t["expected_change"], rebuilt, rtol=1e-9)
    members = t[t["in_program"] == 1]
    assert (members["program_effect"] == PLANTED_EFFECTS.program_effect).all()


def test_heterogeneity_multipliers_average_one_under_the_kaliwates_mix() -> None:
    for table in (PLANTED_EFFECTS.capital_multiplier, PLANTED_EFFECTS.channel_multiplier):
        weights = dict(zip(BUSINESS_TYPES, _TYPE_SHARES_KALIWATES, strict=True))
        assert sum(weights[k] * v for k, v in table) == pytest.approx(1.0)
    assert PLANTED_EFFECTS.capital_slope("kue & catering") == pytest.approx(0.05)  # 0.04 * 1.25


def test_effects_can_be_switched_off() -> None:
    none = PlantedEffects(
        program_effect=0.0, capital_per_million=0.0, training_per_hour=0.0, channel_effect=0.0
    )
    t = generate_demo(300, seed=2, effects=none).truth
    trend = UMK_JEMBER[2023] - UMK_JEMBER[2021]
    np.testing.assert_allclose(t["expected_change"], trend + t["outlier_shift"])


# --- files ----------------------------------------------------------------------------------


def test_committed_csvs_are_exactly_what_write_demo_produces(tmp_path: Path) -> None:
    # regenerate with: python -m analysis demo --members 600 --seed 42 --out data
    for path in write_demo(tmp_path, members=600, seed=42):
        assert path.read_bytes() == (DATA / path.name).read_bytes(), path.name
        assert path.stat().st_size < 1_000_000


def test_written_csv_reads_back_to_the_same_values(tmp_path: Path) -> None:
    survey_path, loans_path = write_demo(tmp_path, members=80, seed=4)
    d = generate_demo(80, seed=4)
    back = pd.read_csv(survey_path, dtype={"member_id": "str"})
    np.testing.assert_array_equal(back["income"].to_numpy(), d.survey["income"].to_numpy())
    assert back["wave"].tolist() == d.survey["wave"].astype("int64").tolist()
    loans = pd.read_csv(loans_path, parse_dates=["disbursed_on"])
    assert (loans["disbursed_on"] == d.loans["disbursed_on"]).all()
    assert survey_path.read_text(encoding="utf-8").startswith("member_id,wave,income,")


def test_demo_command_writes_both_files(tmp_path: Path, capsys) -> None:
    assert main(["demo", "--members", "30", "--seed", "1", "--out", str(tmp_path)]) == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "synthetic_loans.csv",
        "synthetic_survey.csv",
    ]
    assert "SYNTHETIC" in capsys.readouterr().out


def test_demo_command_reports_a_usage_error_for_zero_members(tmp_path: Path, capsys) -> None:
    assert main(["demo", "--members", "0", "--out", str(tmp_path)]) == 2
    assert "at least 1" in capsys.readouterr().err


def _header(path: Path) -> list[str]:
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    assert 2 <= len(rows) - 1 <= 3, "templates carry 2-3 example rows"
    assert all(len(r) == len(rows[0]) for r in rows), "ragged template row"
    return rows[0]


@pytest.mark.parametrize(
    ("name", "fields"),
    [
        ("survey_long_template.csv", SURVEY_NAMES),  # long: every field as is
        ("loans_template.csv", LOAN_NAMES),  # ledger: every loan field
    ],
)
def test_templates_cover_every_canonical_field(name: str, fields: list[str]) -> None:
    assert _header(TEMPLATES / name) == fields


def test_wide_template_covers_every_field_plain_or_as_a_before_after_pair() -> None:
    header = _header(TEMPLATES / "survey_wide_template.csv")
    for name in SURVEY_NAMES:
        if name == "wave":  # implied by the _before/_after suffixes
            continue
        paired = f"{name}_before" in header and f"{name}_after" in header
        assert name in header or paired, name


@pytest.mark.parametrize(
    ("name", "fields"),
    [
        ("mapping_example.toml", SURVEY_NAMES),  # survey mapping
        ("mapping_loans_example.toml", LOAN_NAMES),  # ledger mapping
    ],
)
def test_mapping_examples_map_every_canonical_field(name: str, fields: list[str]) -> None:
    mapping = tomllib.loads((TEMPLATES / name).read_text(encoding="utf-8"))
    assert list(mapping) == fields
    assert all(isinstance(v, str) and v for v in mapping.values())


def test_data_readme_documents_every_column_and_planted_parameter(demo) -> None:
    readme = (DATA / "README.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"`([a-z_]+)`", readme))
    for col in [*demo.survey.columns, *demo.loans.columns]:
        assert col in documented, col
    for name in PlantedEffects.__dataclass_fields__:
        assert name in documented, name
    assert "SYNTHETIC" in readme
