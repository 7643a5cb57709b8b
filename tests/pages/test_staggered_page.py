"""Comparison page with program status recorded per wave: the robust estimate beside the
two-way one (issue 9, item 4)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from tests.pages.conftest import as_editor
from ui.i18n import t

DATA, COMPARISON = "pages/2_data.py", "pages/4_comparison.py"


def _staggered_csv() -> bytes:
    # 90 members, waves 2020-2023: 30 join in 2021, 30 in 2022 and 30 never; +200 a wave
    # after joining (seeded noise); cooperative ids so the default clustering works
    rng = np.random.default_rng(7)
    rows = []
    for i in range(90):
        join = {0: 2021, 1: 2022, 2: None}[i % 3]
        for w in (2020, 2021, 2022, 2023):
            d = int(join is not None and w >= join)
            effect = 200 * (w - join + 1) if d else 0
            income = 1_000_000 + 50_000 * (w - 2020) + effect * 1000 + rng.normal(0, 20_000)
            rows.append((f"M{i:03d}", w, round(income), d, f"Kopwan {i % 6}"))
    df = pd.DataFrame(rows, columns=["member_id", "wave", "income", "in_program", "cooperative_id"])
    return df.to_csv(index=False).encode()


def test_the_comparison_page_sets_the_staggered_estimate_beside_the_two_way_one(
    app, editing_on
) -> None:
    at = app
    at.run()
    at.switch_page(DATA).run()
    as_editor(at)
    at.file_uploader(key="data_survey_upload").set_value(
        ("bertahap.csv", _staggered_csv(), "text/csv")
    ).run()
    assert not at.exception
    at.switch_page(COMPARISON).run()
    assert not at.exception
    assert any(s.value == t("cmp_staggered", "en") for s in at.subheader)
    assert any(t("cmp_staggered_bias", "en", k=2)[:40] in w.value for w in at.warning)
    labels = [m.label for m in at.metric]
    assert t("cmp_staggered_att", "en") in labels and t("cmp_staggered_cohorts", "en") in labels
    cohorts = next(m for m in at.metric if m.label == t("cmp_staggered_cohorts", "en"))
    assert cohorts.value == "2"
