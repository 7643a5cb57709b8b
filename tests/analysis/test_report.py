"""build_report assembles the public functions' results into the documented JSON contract;
report_markdown renders it for an evaluator in English or Indonesian."""

from __future__ import annotations

import hashlib
import json
import math
import re
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

import analysis as A

# the function, not the module of the same name (which shadows it once imported)
from analysis import before_after
from analysis.messages import DataError, Message
from analysis.outputs.report import (
    BEFORE_AFTER_KEYS,
    DID_KEYS,
    REGRESSION_KEYS,
    TOP_KEYS,
    jsonable,
)

# The keys issue 3 lists for the JSON contract, written out by name from the issue (not
# imported from analysis.outputs.report, so that dropping one there fails here).
DATASET_KEYS = (
    "rows",
    "members",
    "program_members",
    "comparison_members",
    "waves",
    "compared_waves",
    "sha256",
)
ISSUE_BEFORE_AFTER_KEYS = (
    "n",
    "mean_before",
    "mean_after",
    "mean_change",
    "median_change",
    "pct_change",
    "share_improved",
    "t_stat",
    "t_df",
    "t_p",
    "wilcoxon_p",
    "ci_low",
    "ci_high",
    "cohen_dz",
)
ISSUE_DID_KEYS = (
    "estimate",
    "se",
    "ci_low",
    "ci_high",
    "p_value",
    "n_members",
    "n_clusters",
    "se_type",
)
ISSUE_REGRESSION_KEYS = (
    "name",
    "formula",
    "nobs",
    "r2",
    "adj_r2",
    "se_type",
    "n_clusters",
    "coefficients",
)
ISSUE_COEFFICIENT_KEYS = ("estimate", "se", "t", "p", "ci_low", "ci_high")
# "loans: the portfolio figures above": disbursed (by period), active borrowers, outstanding
# portfolio, average loan size, repayment rate, PAR1/PAR30/PAR90, loan cycles, write-offs
ISSUE_LOANS_KEYS = (
    "n_loans",
    "disbursed",
    "disbursed_by_year",
    "n_active_borrowers",
    "gross_loan_portfolio",
    "avg_disbursed_loan",
    "repayment_rate",
    "par1",
    "par30",
    "par90",
    "cycles",
    "n_written_off",
    "written_off",
)
# keys added beyond the issue's list (documented in docs/report_json.md as additional keys)
ADDED_BEFORE_AFTER_KEYS = ("share_improved_ci_low", "share_improved_ci_high")


def test_the_module_constants_promise_at_least_the_issues_keys() -> None:
    assert set(ISSUE_BEFORE_AFTER_KEYS) <= set(BEFORE_AFTER_KEYS)
    assert set(ISSUE_DID_KEYS) <= set(DID_KEYS)
    assert set(ISSUE_REGRESSION_KEYS) <= set(REGRESSION_KEYS)


@pytest.fixture(scope="module")
def demo() -> A.DemoData:
    """A small synthetic program: 300 people, three waves, a comparison group, a ledger."""
    return A.generate_demo(members=300, seed=5)


@pytest.fixture(scope="module")
def programme_only(demo: A.DemoData) -> pd.DataFrame:
    """The demo survey without its comparison group."""
    return demo.survey[demo.survey["in_program"] == 1].reset_index(drop=True)


@pytest.fixture(scope="module")
def reports(demo: A.DemoData, programme_only: pd.DataFrame) -> dict[str, dict[str, Any]]:
    """The report in the four situations the contract names, built once for the module."""
    return {
        "full": A.build_report(demo.survey, demo.loans, sha256="ab" * 32),
        "no_loans": A.build_report(demo.survey),
        "no_comparison": A.build_report(programme_only, demo.loans),
        "no_comparison_no_loans": A.build_report(programme_only),
    }


def _same(actual: Any, expected: Any) -> bool:
    """A report value equals the public function's: None where it gave NaN, else close."""
    if expected is None or (isinstance(expected, float) and not math.isfinite(expected)):
        return actual is None
    if isinstance(expected, (float, np.floating)):
        return actual is not None and math.isclose(actual, float(expected), rel_tol=1e-12)
    if isinstance(expected, (np.integer,)):
        return actual == int(expected)
    return actual == expected


# --- the contract: every key, always -----------------------------------------------------


@pytest.mark.parametrize(
    "case",
    [
        "full",  # survey with a comparison group and a loans ledger
        "no_loans",  # no ledger: loans parts null
        "no_comparison",  # members only: comparison parts null
        "no_comparison_no_loans",  # both absent
    ],
)
def test_every_contract_key_is_present_in_every_situation(
    reports: dict[str, dict[str, Any]], case: str
) -> None:
    rep = reports[case]
    assert list(rep) == list(TOP_KEYS)
    assert set(DATASET_KEYS) <= set(rep["dataset"])
    dataset = rep["dataset"]
    assert dataset["waves"] == [2021, 2022, 2023]  # ordered list
    assert dataset["compared_waves"] == [2021, 2023]  # the pair, first and last by default
    assert {"program", "comparison", "real"} <= set(rep["before_after"])
    assert rep["before_after"]["program"] is not None
    assert (rep["before_after"]["comparison"] is None) == case.startswith("no_comparison")
    assert rep["before_after"]["real"] is not None  # the demo's waves are years: deflated
    for group in ("program", "comparison"):
        for row in (rep["before_after"][group], rep["before_after"]["real"][group]):
            if row is not None:
                assert set(ISSUE_BEFORE_AFTER_KEYS + ADDED_BEFORE_AFTER_KEYS) <= set(row)
    if case.startswith("no_comparison"):
        assert rep["did"] is None
    else:
        assert set(ISSUE_DID_KEYS) <= set(rep["did"])
    assert rep["regressions"], "the demo always supports the default driver models"
    for reg in rep["regressions"]:
        assert set(ISSUE_REGRESSION_KEYS) <= set(reg)
        for coef in reg["coefficients"].values():
            assert set(ISSUE_COEFFICIENT_KEYS) <= set(coef)
    if case.endswith("no_loans"):
        assert rep["loans"] is None
    else:
        assert set(ISSUE_LOANS_KEYS) <= set(rep["loans"])
        assert {"cooperative_id", "group_id"} <= set(rep["loans_by"])  # by cooperative, group
    assert isinstance(rep["warnings"], list)
    assert all(isinstance(w, str) for w in rep["warnings"])


@pytest.mark.parametrize(
    ("case", "null_parts"),
    [
        ("no_loans", ["loans", "loans_by", "disbursements"]),  # no ledger given
        ("no_comparison", ["did", "did_table", "balance", "event_study"]),  # no in_program = 0
        (
            "no_comparison_no_loans",
            ["did", "did_table", "balance", "event_study", "loans", "loans_by", "disbursements"],
        ),
    ],
)
def test_absent_parts_are_null_not_missing(
    reports: dict[str, dict[str, Any]], case: str, null_parts: list[str]
) -> None:
    rep = reports[case]
    for part in null_parts:
        assert part in rep
        assert rep[part] is None, part


def test_no_comparison_group_gives_null_comparison_and_a_warning(
    reports: dict[str, dict[str, Any]],
) -> None:
    rep = reports["no_comparison"]
    assert rep["before_after"]["comparison"] is None
    assert rep["before_after"]["real"]["comparison"] is None
    assert rep["dataset"]["comparison_members"] == 0
    assert any(
        w.startswith("balance, did, did_table, event_study: no comparison group")
        for w in rep["warnings"]
    )


@pytest.mark.parametrize("case", ["full", "no_loans", "no_comparison", "no_comparison_no_loans"])
def test_report_round_trips_through_strict_json(
    reports: dict[str, dict[str, Any]], case: str
) -> None:
    rep = reports[case]
    text = json.dumps(rep, allow_nan=False)  # raises on any NaN or infinity
    assert json.loads(text) == rep


# --- values are the public functions' outputs ----------------------------------------------


def test_dataset_counts_match_the_survey(reports: dict[str, Any], demo: A.DemoData) -> None:
    d = reports["full"]["dataset"]
    s = demo.survey
    # hand count: distinct ids, and their in_program (constant per person in the demo)
    first = s.drop_duplicates("member_id")
    assert d["rows"] == len(s)
    assert d["members"] == s["member_id"].nunique()
    assert d["program_members"] == int((first["in_program"] == 1).sum())
    assert d["comparison_members"] == int((first["in_program"] == 0).sum())
    assert d["waves"] == [2021, 2022, 2023]
    assert d["compared_waves"] == [2021, 2023]
    assert d["sha256"] == "ab" * 32
    assert d["loans_rows"] == len(demo.loans)


def test_before_after_equals_the_public_function(reports: dict[str, Any], demo: A.DemoData) -> None:
    expected = before_after(demo.survey).set_index("group")  # independent call
    for group in ("program", "comparison"):
        row = reports["full"]["before_after"][group]
        for key in (*BEFORE_AFTER_KEYS, *ADDED_BEFORE_AFTER_KEYS):
            assert _same(row[key], expected.loc[group, key]), (group, key)
        assert row["ci_method"] == expected.loc[group, "ci_method"]


def test_real_twin_equals_before_after_on_deflated_incomes(
    reports: dict[str, Any], demo: A.DemoData
) -> None:
    deflated = A.deflate_incomes(demo.survey)  # shipped Jember CPI, base = first wave's year
    expected = before_after(deflated, income="income_real").set_index("group")
    real = reports["full"]["before_after"]["real"]
    for group in ("program", "comparison"):
        for key in (*BEFORE_AFTER_KEYS, *ADDED_BEFORE_AFTER_KEYS):
            assert _same(real[group][key], expected.loc[group, key]), (group, key)
    assert real["deflation"]["base_year"] == 2021
    # 2023 incomes are in 2021 prices: factor = CPI 2021 / CPI 2023 of the shipped table
    cpi = A.load_cpi().set_index("year")["cpi"]
    assert real["deflation"]["factor"]["2023"] == pytest.approx(cpi[2021] / cpi[2023])


def test_user_cpi_table_is_used_for_real_incomes(demo: A.DemoData) -> None:
    # prices double every year: 2023 incomes are worth a quarter in 2021 prices
    cpi = A.load_cpi(b"year,cpi\n2021,100\n2022,200\n2023,400\n")
    rep = A.build_report(demo.survey, cpi=cpi, subgroups=())
    real = rep["before_after"]["real"]
    assert real["deflation"]["factor"]["2023"] == 0.25
    assert real["deflation"]["cpi_source"] == "user table"
    nominal = rep["before_after"]["program"]
    assert real["program"]["mean_after"] == pytest.approx(nominal["mean_after"] / 4)


def test_did_equals_did_twfe_clustered_by_cooperative(
    reports: dict[str, Any], demo: A.DemoData
) -> None:
    expected = A.did_twfe(demo.survey, cluster="cooperative_id")  # independent call
    did = reports["full"]["did"]
    for key in DID_KEYS:
        assert _same(did[key], getattr(expected, key)), key
    assert did["se_type"] == "CR1"
    assert did["n_clusters"] == demo.survey["cooperative_id"].nunique()


def test_regressions_use_capital_from_the_ledger_when_loans_are_given(
    reports: dict[str, Any], demo: A.DemoData
) -> None:
    changes = A.member_changes(demo.survey)
    changes = A.capital_from_loans(changes, demo.loans, period=A.period_from_waves(2021, 2023))
    expected = A.driver_models(changes)  # independent call; regressions default to HC3
    regs = reports["full"]["regressions"]
    assert [r["name"] for r in regs] == [m.name for m in expected]
    for reg, model in zip(regs, expected, strict=True):
        assert reg["nobs"] == model.nobs
        assert _same(reg["r2"], model.r2)
        coefs = model.coefficients.set_index("term")
        for term, values in reg["coefficients"].items():
            for key in ("estimate", "se", "t", "p", "ci_low", "ci_high"):
                assert _same(values[key], coefs.loc[term, key]), (reg["name"], term, key)
    assert reports["full"]["capital"]["source"] == "loans"
    assert reports["full"]["capital"]["period_end"] == "2023-12-31"


def test_regressions_use_survey_capital_without_loans(
    reports: dict[str, Any], demo: A.DemoData
) -> None:
    expected = A.driver_models(A.member_changes(demo.survey), cluster="cooperative_id")
    regs = reports["no_loans"]["regressions"]
    first = expected[0].coefficients.set_index("term")
    for term, values in regs[0]["coefficients"].items():
        assert _same(values["estimate"], first.loc[term, "estimate"]), term
    assert reports["no_loans"]["capital"]["source"] == "survey"


def test_custom_model_is_added_when_a_formula_is_given(demo: A.DemoData) -> None:
    formula = "income_change ~ capital + age"
    rep = A.build_report(demo.survey, model=formula, cluster=None, subgroups=())
    custom = rep["regressions"][-1]
    expected = A.custom_model(A.member_changes(demo.survey), formula)  # HC3, no cluster
    assert custom["name"] == "custom"
    assert custom["nobs"] == expected.nobs
    assert custom["se_type"] == "HC3"
    assert custom["n_clusters"] is None
    coefs = expected.coefficients.set_index("term")
    assert _same(custom["coefficients"]["capital"]["estimate"], coefs.loc["capital", "estimate"])
    assert rep["methods"]["custom_model"] == formula


def test_a_custom_model_that_cannot_be_estimated_is_a_warning(demo: A.DemoData) -> None:
    rep = A.build_report(demo.survey, model="income_change ~ no_such_column", subgroups=())
    assert [r["name"] for r in rep["regressions"]] == [
        "capital_training_market",
        "with_controls",
        "log_log",
        "interaction",
    ]
    assert any(
        w.startswith("regressions custom:") and "no_such_column" in w for w in rep["warnings"]
    )


def test_loans_are_the_portfolio_summary(reports: dict[str, Any], demo: A.DemoData) -> None:
    expected = A.portfolio_summary(demo.loans).to_dict()  # independent call
    loans = reports["full"]["loans"]
    for key in ("n_loans", "n_borrowers", "disbursed", "gross_loan_portfolio", "par30"):
        assert _same(loans[key], expected[key]), key
    assert loans["as_of"] == expected["as_of"]
    by_coop = A.portfolio_by(demo.loans, "cooperative_id")
    rows = reports["full"]["loans_by"]["cooperative_id"]
    assert [r["cooperative_id"] for r in rows] == by_coop["cooperative_id"].tolist()
    assert [r["outstanding"] for r in rows] == pytest.approx(by_coop["outstanding"].tolist())


def test_subgroups_are_those_of_subgroup_before_after(
    reports: dict[str, Any], demo: A.DemoData
) -> None:
    expected = A.subgroup_before_after(demo.survey, "business_type")  # independent call
    rows = reports["full"]["subgroups"]["business_type"]
    assert [r["level"] for r in rows] == expected["level"].tolist()
    for r, (_, e) in zip(rows, expected.iterrows(), strict=True):
        assert r["n"] == e["n"]
        assert _same(r["mean_change"], e["mean_change"])
        assert _same(r["p_holm"], e["p_holm"])
    assert set(reports["full"]["subgroups"]) == {
        "business_type",
        "cooperative_id",
        "kelurahan",
        "loan_tier",
        "trained",
        "market_channels",
    }


def test_attrition_lists_program_first(reports: dict[str, Any], demo: A.DemoData) -> None:
    expected = A.attrition(demo.survey).set_index("group")
    rows = reports["full"]["attrition"]
    assert [r["group"] for r in rows] == ["program", "comparison"]
    assert rows[0]["n_lost"] == expected.loc[1, "n_lost"]


# --- options and edge cases -----------------------------------------------------------------


def test_waves_given_as_text_choose_the_compared_pair(demo: A.DemoData) -> None:
    rep = A.build_report(demo.survey, waves=("2021", "2022"), subgroups=())
    expected = before_after(demo.survey, 2021, 2022).set_index("group")
    assert rep["dataset"]["compared_waves"] == [2021, 2022]
    assert _same(
        rep["before_after"]["program"]["mean_change"], expected.loc["program", "mean_change"]
    )


@pytest.mark.parametrize(
    "waves",
    [
        ("2020", "2023"),  # a wave the data does not have
        ("2023", "2021"),  # in the wrong order
    ],
)
def test_unusable_waves_raise_a_data_error(demo: A.DemoData, waves: tuple[str, str]) -> None:
    with pytest.raises(DataError, match="wave"):
        A.build_report(demo.survey, waves=waves)


def test_a_single_wave_cannot_be_analysed(demo: A.DemoData) -> None:
    one = demo.survey[demo.survey["wave"] == 2021]
    with pytest.raises(DataError, match="at least two survey waves"):
        A.build_report(one)


def test_waves_that_are_not_years_give_no_real_incomes_and_say_why(demo: A.DemoData) -> None:
    survey = demo.survey.assign(
        wave=demo.survey["wave"].cat.rename_categories(["baseline", "midline", "endline"])
    )
    rep = A.build_report(survey, demo.loans, subgroups=())
    assert rep["before_after"]["real"] is None
    assert any(w.startswith("before_after real:") and "baseline" in w for w in rep["warnings"])
    # nor can the ledger be cut at a labelled wave: capital stays the survey's
    assert rep["capital"]["source"] == "survey"
    assert any(w.startswith("capital:") for w in rep["warnings"])
    assert rep["dataset"]["compared_waves"] == ["baseline", "endline"]


def test_an_absent_cluster_column_falls_back_to_robust_errors(demo: A.DemoData) -> None:
    survey = demo.survey.drop(columns=["cooperative_id"])
    rep = A.build_report(survey, subgroups=())
    assert rep["methods"]["cluster"] is None
    assert rep["did"]["se_type"] == "HC1"
    assert rep["regressions"][0]["se_type"] == "HC3"
    assert any("no cooperative_id column" in w for w in rep["warnings"])


def test_regressions_default_to_hc3_while_the_did_is_clustered(reports: dict[str, Any]) -> None:
    rep = reports["full"]
    assert rep["did"]["se_type"] == "CR1" and rep["methods"]["cluster"] == "cooperative_id"
    assert [r["se_type"] for r in rep["regressions"]] == ["HC3"] * 4
    assert rep["methods"]["regression_cluster"] is None


def test_clustering_by_group_reaches_the_regressions(demo: A.DemoData) -> None:
    rep = A.build_report(
        demo.survey, cluster="group_id", regression_cluster="group_id", subgroups=()
    )
    assert rep["methods"]["cluster"] == "group_id"
    assert rep["regressions"][0]["se_type"] == "clustered by group_id (CR1)"
    members = demo.survey[demo.survey["in_program"] == 1]
    assert rep["regressions"][0]["n_clusters"] == members["group_id"].nunique()


def test_a_part_the_engine_refuses_is_null_with_the_engines_reason(demo: A.DemoData) -> None:
    # comparison members seen at baseline only: did_twfe refuses (none in both waves)
    s = demo.survey
    survey = s[(s["in_program"] == 1) | (s["wave"] == s["wave"].cat.categories[0])]
    with pytest.raises(DataError) as refused:
        A.did_twfe(survey)
    rep = A.build_report(survey, subgroups=())
    assert rep["did"] is None
    assert f"did: {refused.value.message.en}" in rep["warnings"]


def test_without_in_program_everyone_is_a_program_member(demo: A.DemoData) -> None:
    survey = demo.survey[demo.survey["in_program"] == 1].drop(columns=["in_program"])
    rep = A.build_report(survey, subgroups=())
    assert rep["dataset"]["comparison_members"] == 0
    assert rep["before_after"]["program"]["n"] > 0
    assert rep["did"] is None
    assert any("no in_program column" in w for w in rep["warnings"])


def test_warnings_follow_the_language(demo: A.DemoData) -> None:
    rep = A.build_report(demo.survey, lang="id", subgroups=())
    did = A.did_twfe(demo.survey, cluster="cooperative_id")
    # the few-clusters warning of did_twfe, in its Indonesian wording
    assert f"did: {did.warnings[0].id}" in rep["warnings"]
    assert rep["lang"] == "id"


def test_a_loaded_dataset_brings_its_own_hash_and_load_summary(tmp_path: Path) -> None:
    survey_csv, loans_csv = A.write_demo(tmp_path, members=60, seed=2)
    rep = A.build_report(A.load_survey(survey_csv), A.load_loans(loans_csv), subgroups=())
    # sha256 of the bytes on disk, computed here independently of the loader
    assert rep["dataset"]["sha256"] == hashlib.sha256(survey_csv.read_bytes()).hexdigest()
    assert rep["dataset"]["loans_sha256"] == hashlib.sha256(loans_csv.read_bytes()).hexdigest()
    assert rep["load"]["survey"]["ok"] is True
    assert rep["load"]["survey"]["delimiter"] == ","
    sides = {r["side"]: r for r in rep["load"]["linkage"]}
    assert sides["loans"]["n_unmatched"] == 0  # every borrower is a surveyed member


def test_a_file_the_loader_refuses_is_a_data_error() -> None:
    refused = A.load_survey(b"member_id,wave,income\n")  # a header and no rows
    assert not refused.report.can_analyse
    with pytest.raises(DataError, match="cannot be analysed"):
        A.build_report(refused)


def _one_member(s: pd.DataFrame) -> pd.DataFrame:
    return s[s["member_id"] == s["member_id"].iloc[0]]


def _two_members(s: pd.DataFrame) -> pd.DataFrame:
    return s[s["member_id"].isin(s["member_id"].unique()[:2])]


@pytest.mark.parametrize(
    ("make", "null_parts"),
    [
        (_one_member, ["did", "balance", "regressions"]),  # one member: nothing to test
        (_two_members, ["did", "balance", "regressions"]),  # two members, one group
        # every income the same: no variation to test anywhere
        (lambda s: s.assign(income=1_000_000.0), ["did", "did_table", "regressions"]),
        # no driver columns: no regression, no dose-response
        (
            lambda s: s.drop(columns=["capital", "training_hours", "market_channels"]),
            ["regressions", "dose_response"],
        ),
    ],
)
def test_edge_cases_give_null_parts_with_reasons_never_a_crash(
    make: Any, null_parts: list[str]
) -> None:
    survey = make(A.generate_demo(members=120, seed=4).survey)
    rep = A.build_report(survey, subgroups=("business_type",))
    json.dumps(rep, allow_nan=False)
    for part in null_parts:
        assert rep[part] is None, part
        # each warning starts with the part(s) it concerns: "did: ..." or "balance, did: ..."
        assert any(part in w.split(":")[0].split(", ") for w in rep["warnings"]), part


def test_a_single_cluster_falls_back_to_robust_errors_and_says_so(demo: A.DemoData) -> None:
    survey = demo.survey.assign(cooperative_id="Kopwan Gama")
    rep = A.build_report(survey, regression_cluster="cooperative_id", subgroups=())
    assert rep["did"]["se_type"] == "HC1"  # did_twfe's own fallback
    assert [r["se_type"] for r in rep["regressions"]] == ["HC3"] * 4  # the report's fallback
    assert any("in one cooperative_id: standard errors are HC3" in w for w in rep["warnings"])


# --- JSON conversion ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (float("nan"), None),  # missing number
        (float("inf"), None),  # infinite ratio
        (np.float32(1.5), 1.5),  # numpy float
        (np.int64(7), 7),  # numpy int
        (np.bool_(True), True),  # numpy bool
        (pd.NA, None),  # pandas missing
        (pd.NaT, None),  # missing date
        (pd.Timestamp("2023-12-31"), "2023-12-31"),  # date without a time
        (pd.Timestamp("2023-12-31 08:30"), "2023-12-31T08:30:00"),  # date and time
        (pd.Period("2021Q3"), "2021Q3"),  # a disbursement period
        (Message("hello", "halo"), "hello"),  # a bilingual message, English by default
        ((1, np.nan), [1, None]),  # tuples become lists
        ({1: np.float64(2.0)}, {"1": 2.0}),  # keys become text
    ],
)
def test_jsonable_converts_to_plain_json(value: Any, expected: Any) -> None:
    assert jsonable(value) == expected


def test_jsonable_turns_a_frame_into_rows() -> None:
    frame = pd.DataFrame(
        {
            "a": pd.array([1, None], dtype="Int64"),
            "b": [0.5, np.inf],
            "c": ["x", None],
            "d": pd.array([0.25, None], dtype="Float64"),
        }
    )
    assert jsonable(frame) == [
        {"a": 1, "b": 0.5, "c": "x", "d": 0.25},
        {"a": None, "b": None, "c": None, "d": None},
    ]


def test_jsonable_gives_messages_in_the_chosen_language() -> None:
    assert jsonable({"w": [Message("hello", "halo")]}, "id") == {"w": ["halo"]}


# --- markdown -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "money", "heading"),
    [
        ("en", "IDR {:,.0f}", "## Income before and after"),  # English: IDR 1,234,567
        ("id", "Rp {:,.0f}", "## Pendapatan sebelum dan sesudah"),  # Indonesian: Rp 1.234.567
    ],
)
def test_markdown_shows_the_key_numbers_formatted_per_language(
    reports: dict[str, Any], lang: str, money: str, heading: str
) -> None:
    rep = reports["full"]
    text = A.report_markdown(rep, lang)

    def rp(x: float) -> str:
        out = money.format(round(x))
        return out.replace(",", ".") if lang == "id" else out

    assert heading in text
    assert rp(rep["before_after"]["program"]["mean_change"]) in text
    assert rp(rep["before_after"]["program"]["mean_before"]) in text
    assert rp(rep["did"]["estimate"]) in text
    assert rp(rep["loans"]["disbursed"]) in text
    n = rep["dataset"]["rows"]
    assert (f"{n:,}".replace(",", ".") if lang == "id" else f"{n:,}") in text


def test_markdown_states_the_methods(reports: dict[str, Any]) -> None:
    text = A.report_markdown(reports["full"], "en")
    did = reports["full"]["did"]
    assert "Program-versus-comparison standard errors are clustered by cooperative_id" in text
    assert f"CR1 with {did['n_clusters']} clusters" in text
    assert "Interval of the mean change: bootstrap" in text
    assert "capital_training_market: HC3" in text  # the regressions' standard errors


def test_markdown_balance_shows_counts_clusters_and_why_a_joint_test_is_missing(
    reports: dict[str, Any],
) -> None:
    bal = reports["full"]["balance"]
    text = A.report_markdown(reports["full"], "en")
    line = f"n (Program / Comparison): {bal['n_program']} / {bal['n_comparison']}; SE CR1, "
    assert line + f"{bal['n_clusters']} clusters (cooperative_id)" in text
    # the demo's cooperatives are fewer than its covariates + 2: no joint F, the reason instead
    assert bal["joint_f"] is None
    assert bal["joint_note"] in text


def test_markdown_says_what_is_not_available(reports: dict[str, Any]) -> None:
    text = A.report_markdown(reports["no_comparison_no_loans"], "id")
    section = text.split("## Selisih dalam selisih")[1].split("##")[0]
    assert "Tidak tersedia." in section
    assert "## Portofolio pinjaman\n\nTidak tersedia." in text


def test_markdown_reads_the_report_back_from_json(reports: dict[str, Any]) -> None:
    rep = reports["full"]
    assert A.report_markdown(json.loads(json.dumps(rep))) == A.report_markdown(rep)


def test_markdown_rejects_an_unknown_language(reports: dict[str, Any]) -> None:
    with pytest.raises(ValueError, match="lang"):
        A.report_markdown(reports["full"], "fr")  # type: ignore[arg-type]


# --- documentation --------------------------------------------------------------------------

#: Objects whose keys are data (terms, waves, field names, subgroup names), not contract keys.
_MAPS = {
    "coefficients",
    "vif",
    "factor",
    "wave_year",
    "mapping",
    "reference_levels",
    "definitions",
    "excluded_by_reason",
    "problem_counts",
    "subgroups",
    "loans_by",
}


def _keys(value: Any, parent: str = "") -> set[str]:
    """Every key in the report, except the keys of the data-keyed objects in ``_MAPS``."""
    out: set[str] = set()
    if isinstance(value, dict):
        for k, v in value.items():
            if parent not in _MAPS:
                out.add(k)
            out |= _keys(v, k if parent not in _MAPS else parent + ".*")
    elif isinstance(value, list):
        for v in value:
            out |= _keys(v, parent)
    return out


def test_the_json_documentation_names_every_key(demo: A.DemoData, tmp_path: Path) -> None:
    survey_csv, loans_csv = A.write_demo(tmp_path, members=60, seed=2)
    rep = A.build_report(
        A.load_survey(survey_csv), A.load_loans(loans_csv), model="income_change ~ capital"
    )
    doc = (Path(__file__).resolve().parents[2] / "docs" / "report_json.md").read_text("utf-8")
    quoted = " ".join(re.findall(r"`([^`]*)`", doc))
    missing = sorted(k for k in _keys(rep) if not re.search(rf"\b{re.escape(k)}\b", quoted))
    assert missing == []


def test_repeated_cross_sections_are_named_as_such() -> None:
    # corpus finding (kielmc, injury): different people at each wave gave empty paired parts
    # and a 100% 'lost' attrition without saying why
    import numpy as np
    import pandas as pd

    rng = np.random.default_rng(0)
    df = pd.DataFrame(
        {
            "member_id": [f"a{i}" for i in range(30)] + [f"b{i}" for i in range(30)],
            "wave": [2019] * 30 + [2021] * 30,
            "income": rng.normal(100, 10, 60),
            "in_program": [i % 2 for i in range(60)],
        }
    )
    rep = A.build_report(df)
    assert any("repeated cross-sections" in w for w in rep["warnings"])
    panel = A.build_report(df.assign(member_id=[f"m{i}" for i in range(30)] * 2))
    assert not any("repeated cross-sections" in w for w in panel["warnings"])


def test_markdown_makes_user_text_inert() -> None:
    # issue 10: cooperative, place and business-type values and the file name reached the
    # Markdown report raw: HTML and links from the data must arrive as text
    import pandas as pd

    from analysis.outputs.markdown import md_text

    evil = ["<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "[x](javascript:alert(1))"]
    rows = []
    for i in range(60):
        coop = evil[i % 3]
        rows += [
            (f"m{i}", 2021, 100.0 + i, i % 2, coop),
            (f"m{i}", 2023, 130.0 + 2 * i, i % 2, coop),
        ]
    df = pd.DataFrame(rows, columns=["member_id", "wave", "income", "in_program", "cooperative_id"])
    text = A.report_markdown(A.build_report(df, cluster=None, subgroups=["cooperative_id"]))
    import re

    assert "<script" not in text and "<img" not in text
    assert not re.search(r"(?<!\\)\]\(javascript:", text)  # only the escaped \](... remains
    assert md_text("[x](javascript:y) <b> & ") == "\\[x\\](javascript:y) &lt;b&gt; &amp; "


def test_markdown_writes_amounts_in_the_income_unit() -> None:
    # issue 9: a USD or a log outcome was written as rupiah in the Markdown report
    import pandas as pd

    rows = []
    for i in range(30):
        rows += [(f"m{i}", 2019, 100.25 + i, i % 2), (f"m{i}", 2021, 130.5 + 2 * i, i % 2)]
    df = pd.DataFrame(rows, columns=["member_id", "wave", "income", "in_program"])
    loaded = A.load_survey(df.to_csv(index=False).encode(), units={"income": "USD"})
    text = A.report_markdown(A.build_report(loaded, cluster=None))
    assert "USD " in text and "IDR" not in text and "Rp " not in text
    logs = A.load_survey(df.to_csv(index=False).encode(), units={"income": "number"})
    text = A.report_markdown(A.build_report(logs, cluster=None))
    assert "IDR" not in text and "USD" not in text
