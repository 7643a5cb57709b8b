"""Small-cell suppression on the pages: no mean of fewer members than the threshold, in any
card, table or chart, wherever it hides (loan cycles, event-study waves, one group of a DiD)."""

from __future__ import annotations

import base64
import json
import random

import numpy as np
import pytest

from tests.pages.conftest import as_editor
from tests.pages.samples import excel_export
from ui.i18n import t
from ui.tables import column_label

DATA = "pages/2_data.py"


def _trace(at, key: str, i: int = 0) -> tuple[list, np.ndarray]:
    """x and y of trace ``i`` of the chart the app sent under widget key ``key``."""
    chart = next(c for c in at.get("plotly_chart") if c.proto.id.endswith(f"-{key}"))
    trace = json.loads(chart.proto.spec)["data"][i]
    y = trace["y"]
    if isinstance(y, dict):  # plotly sends numeric arrays base64-encoded
        y = np.frombuffer(base64.b64decode(y["bdata"]), dtype=y["dtype"])
    return list(trace["x"]), np.asarray(y, dtype="float64")


def _metric(at, label: str):
    return next(m for m in at.main.metric if m.label == label)


@pytest.fixture(autouse=True)
def _editing(editing_on):
    """Uploading is for editors (issue 14): every test here may sign in."""


def _upload(at, data: bytes):
    as_editor(at)
    at.file_uploader(key="data_survey_upload").set_value(("ekspor.csv", data, "text/csv")).run()
    return at


def test_a_loan_cycle_of_few_loans_shows_no_average(app, open_page):
    # the demo ledger's 8th cycle has 6 loans (one per borrower): under the threshold of 10
    at = open_page(app, "pages/6_loans.py")
    assert not at.exception
    cycles = next(df.value for df in at.dataframe if t("col_cycle", "en") in df.value.columns)
    last = cycles.iloc[-1]
    assert last[t("col_cycle", "en")] == "8"
    assert last[t("col_n_loans", "en")] == 6
    assert last[t("col_avg_loan", "en")] == "–"
    assert t("suppressed_rows", "en", threshold=10) in [c.value for c in at.caption]
    # the chart has no bar for it, nor for the smallest other cycle: the cycles split the
    # portfolio's average shown above, so one hidden cycle alone could be worked back out
    # (complementary suppression, issue 14)
    x, y = _trace(at, "loans_cycles")
    assert x[-1] == "8" and np.isnan(y[-1]) and int(np.isnan(y[:-1]).sum()) == 1


def test_a_did_with_a_small_program_group_is_not_shown(app, open_page, monkeypatch):
    # 12 program members and 28 comparison members; a threshold of 20 hides the program side
    monkeypatch.setenv("BERDAYA_SMALL_CELL_MIN", "20")
    at = _upload(open_page(app, DATA), excel_export(members=40, program=12))
    at.switch_page("pages/1_overview.py").run()
    assert not at.exception
    assert _metric(at, t("ov_mean", "en")).value == "–"
    assert _metric(at, t("ov_did", "en")).value == "–"
    assert t("suppressed", "en", threshold=20) in [c.value for c in at.main.caption]
    # the comparison group's own change is shown: it has 28 members
    assert _metric(at, t("ov_cmp_change", "en")).value.startswith("+IDR")


def _one_small_cooperative() -> bytes:
    """The Excel export of 60 members with the first four in "Kopwan Z": 3 of its members
    are in the program, against about 14 in each of the other three cooperatives."""
    lines = excel_export(members=60).decode("utf-8-sig").split("\r\n")
    out = [lines[0]]
    for line in lines[1:]:
        if line:
            cells = line.split(";")
            if int(cells[0]) < 4:
                cells[4] = "Kopwan Z"
            out.append(";".join(cells))
    return ("\ufeff" + "\r\n".join(out) + "\r\n").encode("utf-8")


def test_one_small_cooperative_cannot_be_worked_out_from_the_program_total(app, open_page):
    # with the program's mean change in a card, Z's could be recomputed from the other
    # three cooperatives' means: the smallest of them is hidden too (complementary)
    at = _upload(open_page(app, DATA), _one_small_cooperative())
    at.switch_page("pages/1_overview.py").run()
    assert not at.exception
    assert _metric(at, t("ov_mean", "en")).value.startswith("+IDR")
    coop = next(df.value for df in at.dataframe if "Kopwan Z" in df.value.to_csv())
    n, mean = column_label("n", "en"), column_label("mean_change", "en")
    hidden = coop[coop[mean] == "–"]
    assert len(hidden) == 2 and "Kopwan Z" in hidden.iloc[:, 0].tolist()
    assert (hidden[n] >= 10).sum() == 1  # the complement is not small itself
    assert t("suppressed_rows", "en", threshold=10) in [c.value for c in at.caption]


def test_the_repayment_rate_of_few_borrowers_is_not_shown_on_the_overview(
    app, open_page, monkeypatch
):
    # 420 borrowers in the demo ledger, 600 members: a threshold of 500 keeps the view
    monkeypatch.setenv("BERDAYA_SMALL_CELL_MIN", "500")
    at = open_page(app, "pages/1_overview.py")
    assert not at.exception
    assert _metric(at, t("ov_repayment", "en")).value == "–"
    assert t("suppressed", "en", threshold=500) in [c.value for c in at.main.caption]


def _three_waves() -> bytes:
    """20 program and 15 comparison members over 2021-2023 (seeded). Only 3 comparison
    members answered in 2022, and only 5 of them gave their age: both under 10."""
    rng = random.Random(42)
    lines = ["member_id,wave,income,in_program,cooperative_id,age"]
    people = [(f"P{i:02d}", 1) for i in range(20)] + [(f"C{i:02d}", 0) for i in range(15)]
    for k, (member, program) in enumerate(people):
        index = int(member[1:])
        for wave, growth in ((2021, 1.0), (2022, 1.1), (2023, 1.25 if program else 1.05)):
            if wave == 2022 and not program and index >= 3:
                continue
            age = "" if (not program and index >= 5) else str(30 + k % 20)
            income = round(rng.uniform(1.5e6, 3.0e6) * growth, -3)
            lines.append(f"{member},{wave},{income:.0f},{program},K{k % 3},{age}")
    return ("\n".join(lines) + "\n").encode()


def test_event_study_waves_and_balance_rows_with_few_members_show_no_estimate(app, open_page):
    at = _upload(open_page(app, DATA), _three_waves())
    at.switch_page("pages/4_comparison.py").run()
    assert not at.exception
    assert [e.value for e in at.error] == []
    # the DiD itself (20 and 15 members in both waves) is shown
    assert _metric(at, t("ov_did", "en")).value != "–"
    # event study: the 2022 estimate (3 comparison members) is blank in the chart
    x, y = _trace(at, "comparison_event", -1)
    estimates = dict(zip(x, y, strict=True))
    assert np.isnan(estimates["2022"]) and not np.isnan(estimates["2023"])
    # balance: age (5 comparison members) has counts but no means
    balance = at.dataframe[-1].value
    age = balance[balance.iloc[:, 0] == column_label("age", "en")].iloc[0]
    assert age[t("col_n_comparison", "en")] == 5
    assert age[t("col_mean_program", "en")] == "–"
    income = balance[balance.iloc[:, 0] != column_label("age", "en")].iloc[0]
    assert income[t("col_mean_program", "en")] != "–"


def test_the_share_lost_of_a_small_group_is_not_shown_on_the_method_page(
    app, open_page, monkeypatch
):
    # the demo's comparison group had 178 members at baseline, the program 415
    monkeypatch.setenv("BERDAYA_SMALL_CELL_MIN", "200")
    at = open_page(app, "pages/7_method.py")
    assert not at.exception
    lost = next(
        df.value for df in at.dataframe if column_label("share_lost", "en") in df.value.columns
    )
    groups, shares = lost[column_label("group", "en")], lost[column_label("share_lost", "en")]
    shares = dict(zip(groups, shares, strict=True))
    assert shares[t("comparison", "en")] == "–"
    assert shares[t("program", "en")] == "8.7%"  # 36 of 415 lost: 8.67% by hand
    assert lost[column_label("n_before", "en")].tolist() == [178, 415]
