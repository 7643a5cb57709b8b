"""Charts are built from aggregates: binned counts and group means, never one point per member."""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pytest

from ui import charts


@pytest.fixture
def million() -> np.ndarray:
    """A million income changes (seeded), the size the dashboard must not send to a browser."""
    return np.random.default_rng(42).normal(300_000, 500_000, 1_000_000)


def test_binning_counts_every_finite_value_once(million):
    b = charts.bin_values(million, bins=40)
    # every value is in a bin or beyond one of the two clipped ends
    assert b.counts.sum() + b.below + b.above == 1_000_000
    assert b.n == 1_000_000
    assert len(b.edges) == 41


def test_binning_clips_at_percentiles_so_outliers_do_not_flatten_the_chart():
    values = [1, 2, 2, 3, 100]
    b = charts.bin_values(values, bins=2, clip=(0, 75))
    # 75th percentile of [1,2,2,3,100] is 3 (numpy linear): edges [1, 2, 3]; 100 is above
    assert b.edges.tolist() == [1.0, 2.0, 3.0]
    assert b.counts.tolist() == [1, 3]
    assert b.above == 1


def test_binning_ignores_missing_values():
    b = charts.bin_values([1.0, np.nan, 2.0, np.inf], bins=1, clip=(0, 100))
    assert b.n == 2


def test_binning_of_constant_values_makes_one_visible_bar():
    b = charts.bin_values([5.0, 5.0, 5.0], bins=4)
    assert b.counts.sum() == 3
    assert b.edges[0] < 5.0 < b.edges[-1]


def test_a_histogram_of_a_million_members_sends_only_its_bins(million):
    fig = charts.histogram(million, "id", title="T", x_title="X", y_title="Y", bins=40)
    assert isinstance(fig, go.Figure)
    assert charts.points_sent(fig) == 40
    # the clipped tails are folded into the edge bars: the bars still add up to everyone
    assert int(np.sum(fig.data[0].y)) == 1_000_000


def test_overlaid_histograms_share_their_bins(million):
    fig = charts.overlaid_histograms(
        {"before": million, "after": million + 200_000}, "en", title="T", x_title="X", y_title="Y"
    )
    assert len(fig.data) == 2
    assert list(fig.data[0].x) == list(fig.data[1].x)
    assert charts.points_sent(fig) == 80


def test_money_axes_carry_short_rupiah_labels_in_the_chosen_language(million):
    fig = charts.histogram(million, "id", title="T", x_title="X", y_title="Y")
    assert any(text.endswith(" jt") for text in fig.layout.xaxis.ticktext)
    assert fig.layout.separators == ",."
    fig_en = charts.histogram(million, "en", title="T", x_title="X", y_title="Y")
    assert any(text.startswith("IDR ") for text in fig_en.layout.xaxis.ticktext)


def test_chart_titles_and_axis_titles_are_the_ones_given():
    fig = charts.histogram([1.0, 2.0], "en", title="Income change", x_title="IDR", y_title="N")
    assert fig.layout.title.text == "Income change"
    assert fig.layout.xaxis.title.text == "IDR"
    assert fig.layout.yaxis.title.text == "N"


@pytest.fixture
def coops() -> pd.DataFrame:
    """Three cooperatives' mean changes, one suppressed (fewer than 10 members)."""
    return pd.DataFrame(
        {
            "cooperative_id": ["Kopwan Gama", "Kopwan Mawar", "Kopwan Melati"],
            "mean_change": [420_000.0, -80_000.0, np.nan],
            "ci_low": [300_000.0, -200_000.0, np.nan],
            "ci_high": [540_000.0, 40_000.0, np.nan],
            "n": [60, 45, 4],
        }
    )


def test_ranked_bars_put_the_largest_change_on_top_and_list_suppressed_groups(coops):
    fig = charts.ranked_bars(
        coops,
        "en",
        label="cooperative_id",
        value="mean_change",
        low="ci_low",
        high="ci_high",
        n="n",
        title="T",
        x_title="X",
        suppressed_text="hidden",
    )
    # plotly draws horizontal bars bottom-up: the last category is on top
    assert list(fig.data[0].y) == ["Kopwan Melati", "Kopwan Mawar", "Kopwan Gama"]
    assert fig.data[0].hovertext[0] == "hidden (n=4)"
    # whiskers from the CI: 540,000 - 420,000 above the top bar
    assert fig.data[0].error_x.array[-1] == pytest.approx(120_000)


def test_dumbbell_draws_group_means_not_members():
    df = pd.DataFrame({"g": ["a", "b"], "before": [1e6, 2e6], "after": [1.5e6, 2.2e6]})
    fig = charts.dumbbell(
        df,
        "id",
        label="g",
        before="before",
        after="after",
        title="T",
        x_title="X",
        before_name="Sebelum",
        after_name="Sesudah",
    )
    # one connector trace (2 points + gap per group) and one marker trace per wave
    assert [len(tr.x) for tr in fig.data] == [6, 2, 2]
    assert fig.data[1].name == "Sebelum"


def test_forest_plot_has_one_row_per_estimate_with_its_interval():
    df = pd.DataFrame(
        {"term": ["capital", "training"], "est": [0.1, 2.0], "lo": [0.05, -1.0], "hi": [0.15, 5.0]}
    )
    fig = charts.forest(
        df,
        "en",
        label="term",
        estimate="est",
        low="lo",
        high="hi",
        title="T",
        x_title="X",
        money=False,
    )
    assert list(fig.data[0].y) == ["training", "capital"]  # first row on top
    assert list(fig.data[0].error_x.arrayminus) == pytest.approx([3.0, 0.05])


def test_lines_with_ci_draw_a_band_and_a_line_per_group():
    df = pd.DataFrame(
        {
            "wave": [2021, 2022, 2021, 2022],
            "in_program": [1, 1, 0, 0],
            "mean": [1.0, 2.0, 1.0, 1.2],
            "lo": [0.5, 1.5, 0.5, 0.7],
            "hi": [1.5, 2.5, 1.5, 1.7],
        }
    )
    fig = charts.lines_with_ci(
        df,
        "en",
        x="wave",
        y="mean",
        low="lo",
        high="hi",
        group="in_program",
        title="T",
        x_title="W",
        y_title="Y",
        money=False,
        group_names={1: "Program", 0: "Comparison"},
    )
    assert [tr.name for tr in fig.data if tr.showlegend] == ["Program", "Comparison"]
    assert len(fig.data) == 4


def test_heatmap_of_a_million_residuals_sends_a_grid_not_points(million):
    fig = charts.heatmap2d(
        million, million * 0.1, "en", title="T", x_title="X", y_title="Y", bins=30
    )
    assert np.asarray(fig.data[0].z).shape == (30, 30)
    assert charts.points_sent(fig) <= 30 * 30


def test_labels_from_the_users_data_cannot_inject_links_into_a_chart():
    df = pd.DataFrame({"g": ['<a href="javascript:alert(1)">x</a>'], "v": [1.0]})
    fig = charts.ranked_bars(df, "en", label="g", value="v", title="T", x_title="X")
    assert list(fig.data[0].y) == ['&lt;a href="javascript:alert(1)"&gt;x&lt;/a&gt;']


def test_extremes_keep_the_highest_and_lowest_of_many_groups():
    from ui.tables import extremes

    df = pd.DataFrame({"g": [f"k{i}" for i in range(100)], "v": np.arange(100.0)})
    kept = extremes(df, "v", n=15)
    assert len(kept) == 30
    assert kept["v"].max() == 99.0 and kept["v"].min() == 0.0
    # a few groups are all kept, suppressed ones included
    few = pd.DataFrame({"g": ["a", "b"], "v": [1.0, np.nan]})
    assert extremes(few, "v").equals(few)


def test_ci_bands_are_outlines_without_markers_at_their_corners():
    df = pd.DataFrame({"wave": [2021, 2023], "m": [1.0, 2.0], "lo": [0.5, 1.5], "hi": [1.5, 2.5]})
    fig = charts.lines_with_ci(
        df, "en", x="wave", y="m", low="lo", high="hi", title="T", x_title="W", y_title="Y"
    )
    band, line = fig.data
    assert band.fill == "toself" and band.mode == "lines"
    assert line.mode == "lines+markers"


def test_reference_lines_are_drawn_at_zero():
    df = pd.DataFrame({"b": ["x", "y"], "m": [-1.0, 2.0]})
    fig = charts.lines_with_ci(
        df, "en", x="b", y="m", title="T", x_title="B", y_title="Y", reference=0.0, money=False
    )
    assert [(s.type, s.y0, s.y1) for s in fig.layout.shapes] == [("line", 0.0, 0.0)]
    fig = charts.histogram([-1.0, 1.0, 2.0], "en", title="T", x_title="X", y_title="Y")
    assert [(s.x0, s.x1, s.yref) for s in fig.layout.shapes] == [(0.0, 0.0, "y domain")]


def test_every_chart_uses_the_one_light_white_template():
    fig = charts.bars(
        pd.DataFrame({"p": ["a"], "v": [1.0]}),
        "en",
        x="p",
        y="v",
        title="T",
        x_title="P",
        y_title="V",
    )
    assert charts.template() is charts.template()  # built once
    assert fig.layout.template.layout.plot_bgcolor == "white"
    # only the trace types drawn here are styled (the full template styles some twenty)
    assert set(fig.layout.template.data.to_plotly_json()) == {"bar", "scatter", "heatmap"}


def test_overlaid_histograms_take_a_colour_per_series():
    fig = charts.overlaid_histograms(
        {"2021": [1.0, 2.0], "2023": [2.0, 3.0]},
        "en",
        title="T",
        x_title="X",
        y_title="Y",
        colors=(charts.NEUTRAL, charts.PROGRAM),
    )
    assert [tr.marker.color for tr in fig.data] == [charts.NEUTRAL, charts.PROGRAM]
