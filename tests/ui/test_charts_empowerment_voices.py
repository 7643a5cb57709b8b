"""The Empowerment and Voices charts (issue 13): pure functions from small tables to figures."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ui import charts


def test_grouped_bars_draw_one_bar_per_series_and_wave_and_skip_missing_values():
    index = pd.DataFrame(
        {"wave": [2021, 2023], "h": [0.9, 0.8], "a": [0.78, np.nan], "m0": [0.70, 0.61]}
    )
    fig = charts.grouped_bars(
        index, "id", x="wave", series={"H": "h", "A": "a", "M0": "m0"},
        title="T", x_title="Gelombang", y_title="",
    )  # fmt: skip
    assert [tr.name for tr in fig.data] == ["H", "A", "M0"]
    assert list(fig.data[0].x) == ["2021", "2023"]
    # the missing intensity has no label; shares are written the Indonesian way
    assert list(fig.data[1].text) == ["78,0%", ""]
    assert fig.layout.barmode == "group"


def test_stacked_bars_stack_each_part_in_the_order_given():
    contrib = pd.DataFrame(
        {
            "wave": [2021, 2021, 2023, 2023],
            "domain": ["decisions", "voice", "decisions", "voice"],
            "contribution": [0.75, 0.25, 0.6, 0.4],
        }
    )
    fig = charts.stacked_bars(
        contrib, "en", x="wave", part="domain", value="contribution",
        title="T", x_title="Wave", y_title="Share of M0",
    )  # fmt: skip
    assert fig.layout.barmode == "stack"
    assert [tr.name for tr in fig.data] == ["decisions", "voice"]
    # each wave's parts add up to 1 (the contributions of a wave sum to 1)
    totals = np.add(fig.data[0].y, fig.data[1].y)
    np.testing.assert_allclose(totals, [1.0, 1.0])


def test_a_count_matrix_writes_its_counts_and_keeps_the_busiest_rows():
    cells = pd.DataFrame(
        {
            "case": ["m1", "m1", "m2", "m3"],
            "theme": ["voice", "deciding", "voice", "voice"],
            "n_excerpts": [2, 1, 5, 1],
        }
    )
    fig = charts.count_matrix(
        cells, "en", row="case", col="theme", value="n_excerpts",
        title="T", x_title="Theme", y_title="Member", max_rows=2,
    )  # fmt: skip
    heat = fig.data[0]
    # m2 (5 excerpts) and m1 (3) are kept, busiest first; m3 (1) is left out
    assert list(heat.y) == ["m2", "m1"]
    assert list(heat.x) == ["deciding", "voice"]
    # m2 said nothing coded "deciding": a blank cell, not a zero
    assert [list(r) for r in heat.text] == [["", "5"], ["1", "2"]]


def test_labels_from_a_codebook_cannot_inject_html_into_a_chart():
    cells = pd.DataFrame({"case": ["<b>m1</b>"], "theme": ["<a href='x'>t</a>"], "n_excerpts": [1]})
    fig = charts.count_matrix(
        cells, "en", row="case", col="theme", value="n_excerpts", title="T", x_title="", y_title=""
    )
    assert "<" not in fig.data[0].y[0] and "<" not in fig.data[0].x[0]
