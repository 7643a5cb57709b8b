"""Program status recorded per wave (0 before a member joins, 1 after), issue 9 item 4."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import statsmodels.formula.api as smf

import analysis
from analysis.methods.panel import ever_in_program, status_varies

# Hand example, two waves: A and E join between them, B and D never do, C was in from the start.
HAND = pd.DataFrame(
    {
        "member_id": ["A", "A", "B", "B", "C", "C", "D", "D", "E", "E"],
        "wave": [2021, 2023] * 5,
        "income": [100.0, 180.0, 100.0, 120.0, 200.0, 260.0, 90.0, 100.0, 110.0, 150.0],
        "in_program": [0, 1, 0, 0, 1, 1, 0, 0, 0, 1],
    }
)


def test_status_varies_and_ever_in_program() -> None:
    assert status_varies(HAND)
    assert not status_varies(HAND.assign(in_program=[1, 1, 0, 0, 1, 1, 0, 0, 1, 1]))
    assert ever_in_program(HAND).tolist() == [1, 1, 0, 0, 1, 1, 0, 0, 1, 1]


def test_member_changes_counts_a_member_in_once_she_has_joined() -> None:
    ch = analysis.member_changes(HAND)
    assert ch.set_index("member_id")["in_program"].to_dict() == {
        "A": 1,
        "B": 0,
        "C": 1,
        "D": 0,
        "E": 1,
    }


def test_a_two_wave_comparison_sets_joiners_against_those_not_yet_in() -> None:
    r = analysis.did_twfe(HAND, cluster=None)
    # C was already in at 2021 and is left out. Joiners A, E: +80, +40; not yet in B, D: +20,
    # +10. 2x2 by hand: (80 + 40) / 2 - (20 + 10) / 2 = 60 - 15 = 45.
    assert r.estimate == pytest.approx(45.0)
    assert (r.n_program, r.n_comparison) == (2, 2)
    assert any("already in the program" in w.en for w in r.warnings)
    table = analysis.did_table(HAND, cluster=None).set_index("group")
    assert table.loc["difference", "change"] == pytest.approx(45.0)


def test_balance_compares_members_ever_in_the_program() -> None:
    # at baseline nobody has joined yet: the groups are 'ever in the program' or not
    ages = [30, 31, 40, 41, 50, 51, 35, 36, 44, 45]
    bt = analysis.balance_table(HAND.assign(age=ages), covariates=["age"], cluster=None)
    row = bt.table.set_index("variable").loc["age"]
    assert (row["n_program"], row["n_comparison"]) == (3, 2)  # A, C, E ever in; B, D never
    assert row["mean_program"] == pytest.approx((30 + 50 + 44) / 3)


def test_the_castle_doctrine_panel_matches_statsmodels_two_way_fixed_effects() -> None:
    # Cheng & Hoekstra's castle-doctrine panel as shipped in causaldata (50 states, 2000-2010,
    # 21 states adopting in 2005-2009, `post` 0 before and 1 from adoption): a real staggered,
    # time-varying treatment. Read through the loader as a researcher would (log outcome:
    # unit 'number'), then the two-way estimate against an independent statsmodels OLS with
    # state and year dummies on the same numbers.
    castle = pytest.importorskip("causaldata.castle").load_pandas().data
    raw = castle[["sid", "year", "post", "l_homicide"]].to_csv(index=False).encode()
    mapping = {"member_id": "sid", "wave": "year", "income": "l_homicide", "in_program": "post"}
    loaded = analysis.load_survey(raw, mapping, units={"income": "number"})
    assert loaded.report.can_analyse and len(loaded.data) == 550
    d = loaded.data
    r = analysis.did_twfe(d, cluster="member_id", all_waves=True, wild_bootstrap="never")
    ref = smf.ols("income ~ in_program + C(member_id) + C(wave)", data=d.astype({"wave": int})).fit(
        cov_type="cluster", cov_kwds={"groups": pd.factorize(d["member_id"])[0]}
    )
    assert r.estimate == pytest.approx(ref.params["in_program"], rel=1e-9)
    # statsmodels counts all 61 dummies in K; xtreg/reghdfe count 1 + 10 year effects + 1
    # (state effects nested in the state clusters), so rescale by sqrt((N - K_sm)/(N - 12))
    n, k_sm = 550, ref.df_model + 1
    assert r.se == pytest.approx(ref.bse["in_program"] * np.sqrt((n - k_sm) / (n - 12)), rel=1e-9)
    assert (r.n_program, r.n_comparison, r.n_clusters) == (21, 29, 50)


def test_the_event_study_starts_the_program_where_the_first_member_joins() -> None:
    # the castle panel: no state is treated before 2006 (Florida adopted in late 2005; the
    # panel's post is first 1 in 2006), so 2005 is the reference and 2000-2004 the pre-trends
    castle = pytest.importorskip("causaldata.castle").load_pandas().data
    d = castle[["sid", "year", "post", "l_homicide"]].rename(
        columns={"sid": "member_id", "year": "wave", "post": "in_program", "l_homicide": "income"}
    )
    first = int(d.loc[d["in_program"] == 1, "wave"].min())
    es = analysis.event_study(d, cluster="member_id")
    assert es.first_exposed_wave == first and es.reference_wave == first - 1
    assert es.pretrend_f is not None


def test_the_report_sets_the_staggered_estimate_beside_the_two_way_one() -> None:
    # castle panel: 5 joining waves (2006-2010); the report's 'staggered.simple' is the
    # library's own simple aggregate (never-treated controls), and a did: warning says why
    castle = pytest.importorskip("causaldata.castle").load_pandas().data
    d = castle[["sid", "year", "post", "l_homicide"]].rename(
        columns={"sid": "member_id", "year": "wave", "post": "in_program", "l_homicide": "income"}
    )
    rep = analysis.build_report(d, cluster=None)
    st = rep["staggered"]
    ref = analysis.aggregate_att(analysis.group_time_att(d), "simple").iloc[0]
    assert st["control"] == "never" and st["cohorts"] == {
        "2006": 1,
        "2007": 13,
        "2008": 4,
        "2009": 2,
        "2010": 1,
    }
    assert st["simple"]["att"] == pytest.approx(ref["att"], rel=1e-12)
    assert st["simple"]["se"] == pytest.approx(ref["se"], rel=1e-12)
    assert any(
        w.startswith("did: members join the program at 5 different waves") for w in rep["warnings"]
    )
    assert (
        analysis.build_report(HAND.assign(in_program=[1, 1, 0, 0, 1, 1, 0, 0, 1, 1]))["staggered"]
        is None
    )
