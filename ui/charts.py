"""Charts: pure functions from small aggregated tables to plotly figures.

Nothing here imports Streamlit, so every chart is unit-tested on its own. Member-level data
is aggregated before it reaches a figure (histograms are binned in numpy, paired charts show
group means), so a million-member dataset sends a few hundred numbers to the browser, not a
million points. Titles, axes and hover texts are passed in already translated.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from ui import format as fmt
from ui.format import Lang

#: Colours: program members, comparison group, neutral, warning (colour-blind safe pairs).
PROGRAM = "#0f766e"
COMPARISON = "#b45309"
NEUTRAL = "#64748b"
ALERT = "#b91c1c"
PALETTE = (PROGRAM, COMPARISON, "#4338ca", "#be185d", "#15803d", NEUTRAL)


@dataclass(frozen=True)
class Bins:
    """A binned distribution: edges, counts, and how many values fell outside the range."""

    edges: np.ndarray
    counts: np.ndarray
    below: int
    above: int
    n: int

    @property
    def mids(self) -> np.ndarray:
        """Bin midpoints."""
        return (self.edges[:-1] + self.edges[1:]) / 2


def bin_values(
    values: Sequence[float] | np.ndarray,
    bins: int = 40,
    *,
    clip: tuple[float, float] = (0.5, 99.5),
    edges: np.ndarray | None = None,
) -> Bins:
    """Bin ``values`` in numpy, the range cut at the ``clip`` percentiles.

    Values outside the range are counted in ``below``/``above`` (and added to the edge bins
    when drawn) so that a few extreme incomes do not squeeze the chart into one bar.
    Missing values are ignored.

    Examples
    --------
    >>> b = bin_values([1, 2, 2, 3, 100], bins=2, clip=(0, 75))
    >>> b.counts.tolist(), b.above
    ([1, 3], 1)
    """
    v = np.asarray(values, dtype="float64")
    v = v[np.isfinite(v)]
    if edges is None:
        if v.size == 0:
            edges = np.array([0.0, 1.0])
        else:
            lo, hi = np.percentile(v, clip)
            if hi <= lo:
                lo, hi = lo - 0.5, hi + 0.5
            edges = np.linspace(lo, hi, bins + 1)
    counts, _ = np.histogram(v, bins=edges)
    below = int((v < edges[0]).sum())
    above = int((v > edges[-1]).sum())
    return Bins(np.asarray(edges, dtype="float64"), counts.astype("int64"), below, above, v.size)


def common_edges(
    series: Sequence[np.ndarray], bins: int = 40, clip: tuple[float, float] = (0.5, 99.5)
) -> np.ndarray:
    """Bin edges shared by several distributions, so that their bars line up."""
    parts = [np.asarray(s, dtype="float64") for s in series]
    parts = [p[np.isfinite(p)] for p in parts]
    allv = np.concatenate(parts) if parts else np.array([])
    if allv.size == 0:
        return np.array([0.0, 1.0])
    lo, hi = np.percentile(allv, clip)
    if hi <= lo:
        lo, hi = lo - 0.5, hi + 0.5
    return np.linspace(lo, hi, bins + 1)


def _labels(values: pd.Series) -> list[str]:
    """Category labels from the user's data (cooperative names, waves), made inert for plotly,
    which would otherwise render tags such as ``<a href>`` found in them."""
    return [fmt.html_escape(v) for v in values]


def _layout(fig: go.Figure, lang: Lang, title: str, *, height: int = 380) -> go.Figure:
    fig.update_layout(
        title={"text": title, "x": 0, "xanchor": "left"},
        template="plotly_white",
        separators=fmt.plotly_separators(lang),
        height=height,
        margin={"l": 10, "r": 10, "t": 60, "b": 10},
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.0, "xanchor": "right", "x": 1},
        hoverlabel={"namelength": -1},
    )
    return fig


def _money_axis(fig: go.Figure, axis: str, values: Sequence[float], lang: Lang) -> None:
    ticks = fmt.money_axis(list(values), lang)
    if ticks["tickvals"]:
        fig.update_layout({axis: {"tickmode": "array", **ticks}})


def histogram(
    values: Sequence[float] | np.ndarray,
    lang: Lang,
    *,
    title: str,
    x_title: str,
    y_title: str,
    money: bool = True,
    bins: int = 40,
    reference: float | None = 0.0,
    color: str = PROGRAM,
) -> go.Figure:
    """Distribution of ``values`` as bars of numpy-binned counts (never one point per member).

    Values beyond the 0.5th/99.5th percentiles are added to the edge bars; ``reference``
    draws a vertical line (zero change by default).
    """
    b = bin_values(values, bins)
    counts = b.counts.copy()
    if counts.size:
        counts[0] += b.below
        counts[-1] += b.above
    label = (lambda v: fmt.rupiah_short(v, lang)) if money else (lambda v: fmt.number(v, lang, 1))
    hover = [
        f"{label(lo)} – {label(hi)}: {fmt.number(c, lang)}"
        for lo, hi, c in zip(b.edges[:-1], b.edges[1:], counts, strict=True)
    ]
    fig = go.Figure(
        go.Bar(
            x=b.mids,
            y=counts,
            width=np.diff(b.edges),
            marker_color=color,
            hovertext=hover,
            hoverinfo="text",
        )
    )
    if reference is not None and b.edges[0] <= reference <= b.edges[-1]:
        fig.add_vline(x=reference, line_dash="dash", line_color=NEUTRAL)
    fig.update_layout(xaxis_title=x_title, yaxis_title=y_title, bargap=0.02, showlegend=False)
    if money:
        _money_axis(fig, "xaxis", b.edges, lang)
    return _layout(fig, lang, title)


def overlaid_histograms(
    series: dict[str, np.ndarray],
    lang: Lang,
    *,
    title: str,
    x_title: str,
    y_title: str,
    money: bool = True,
    bins: int = 40,
) -> go.Figure:
    """Several distributions on shared bins (before and after, say), as outlined bars."""
    edges = common_edges(list(series.values()), bins)
    fig = go.Figure()
    for i, (name, values) in enumerate(series.items()):
        b = bin_values(values, edges=edges)
        counts = b.counts.copy()
        counts[0] += b.below
        counts[-1] += b.above
        fig.add_trace(
            go.Bar(
                x=b.mids,
                y=counts,
                width=np.diff(edges),
                name=name,
                marker_color=PALETTE[i % len(PALETTE)],
                opacity=0.55,
            )
        )
    fig.update_layout(barmode="overlay", xaxis_title=x_title, yaxis_title=y_title, bargap=0)
    if money:
        _money_axis(fig, "xaxis", edges, lang)
    return _layout(fig, lang, title)


def ranked_bars(
    df: pd.DataFrame,
    lang: Lang,
    *,
    label: str,
    value: str,
    title: str,
    x_title: str,
    low: str | None = None,
    high: str | None = None,
    n: str | None = None,
    money: bool = True,
    share: bool = False,
    suppressed_text: str = "",
) -> go.Figure:
    """Horizontal bars of ``value`` per ``label``, largest on top, with optional CI whiskers.

    Rows whose value is missing (suppressed small cells) are listed at the bottom with
    ``suppressed_text`` instead of a bar.
    """
    d = df.sort_values(value, ascending=True, na_position="first")
    if share:
        money = False

        def fmt_v(v: float) -> str:
            return fmt.percent(v, lang)

    elif money:

        def fmt_v(v: float) -> str:
            return fmt.rupiah(v, lang)

    else:

        def fmt_v(v: float) -> str:
            return fmt.number(v, lang, 2)

    text = [suppressed_text if pd.isna(v) else fmt_v(v) for v in d[value]]
    if n is not None:
        text = [f"{s} (n={fmt.number(k, lang)})" for s, k in zip(text, d[n], strict=True)]
    err = None
    if low is not None and high is not None:
        err = {
            "type": "data",
            "symmetric": False,
            "array": (d[high] - d[value]).to_numpy(dtype="float64"),
            "arrayminus": (d[value] - d[low]).to_numpy(dtype="float64"),
            "color": NEUTRAL,
        }
    colors = [ALERT if (pd.notna(v) and v < 0) else PROGRAM for v in d[value]]
    fig = go.Figure(
        go.Bar(
            x=d[value],
            y=_labels(d[label]),
            orientation="h",
            marker_color=colors,
            error_x=err,
            hovertext=text,
            hoverinfo="text+y",
        )
    )
    fig.add_vline(x=0, line_color=NEUTRAL)
    fig.update_layout(xaxis_title=x_title, showlegend=False)
    if share:
        fig.update_layout(xaxis_tickformat=".0%")
    if money:
        vals = pd.concat(
            [d[c] for c in (value, low, high) if c is not None], ignore_index=True
        ).dropna()
        _money_axis(fig, "xaxis", [*vals.tolist(), 0.0], lang)
    return _layout(fig, lang, title, height=max(320, 28 * len(d) + 120))


def dumbbell(
    df: pd.DataFrame,
    lang: Lang,
    *,
    label: str,
    before: str,
    after: str,
    title: str,
    x_title: str,
    before_name: str,
    after_name: str,
) -> go.Figure:
    """A paired chart of group means: one line per group from its before to its after mean."""
    d = df.dropna(subset=[before, after]).sort_values(after)
    ys = _labels(d[label])
    fig = go.Figure()
    xs: list[float | None] = []
    yy: list[str | None] = []
    for y, b, a in zip(ys, d[before], d[after], strict=True):
        xs += [b, a, None]
        yy += [y, y, None]
    fig.add_trace(
        go.Scatter(
            x=xs, y=yy, mode="lines", line={"color": NEUTRAL}, showlegend=False, hoverinfo="skip"
        )
    )
    for col, name, color in ((before, before_name, NEUTRAL), (after, after_name, PROGRAM)):
        fig.add_trace(
            go.Scatter(
                x=d[col],
                y=ys,
                mode="markers",
                name=name,
                marker={"size": 11, "color": color},
                hovertext=[f"{name}: {fmt.rupiah(v, lang)}" for v in d[col]],
                hoverinfo="text+y",
            )
        )
    fig.update_layout(xaxis_title=x_title)
    _money_axis(fig, "xaxis", [*d[before].tolist(), *d[after].tolist()], lang)
    return _layout(fig, lang, title, height=max(320, 30 * len(d) + 120))


def forest(
    df: pd.DataFrame,
    lang: Lang,
    *,
    label: str,
    estimate: str,
    low: str,
    high: str,
    title: str,
    x_title: str,
    money: bool = True,
    color_by: str | None = None,
    hover: str | None = None,
    colors: dict[str, str] | None = None,
) -> go.Figure:
    """Estimates with CIs, one row each (subgroups, coefficients), zero marked.

    With ``color_by``, one trace per value (``colors`` fixes a colour per value, so that
    program members keep their colour across charts).
    """
    d = df.dropna(subset=[estimate]).reset_index(drop=True)
    d = d.iloc[::-1]  # first row on top
    fig = go.Figure()
    groups = [None] if color_by is None else list(dict.fromkeys(d[color_by]))
    for i, g in enumerate(groups):
        part = d if g is None else d[d[color_by] == g]
        fig.add_trace(
            go.Scatter(
                x=part[estimate],
                y=_labels(part[label]),
                mode="markers",
                name=fmt.html_escape(g) if g is not None else "",
                showlegend=g is not None,
                marker={
                    "size": 9,
                    "color": (colors or {}).get(g, PALETTE[i % len(PALETTE)]),
                },
                error_x={
                    "type": "data",
                    "symmetric": False,
                    "array": (part[high] - part[estimate]).to_numpy(dtype="float64"),
                    "arrayminus": (part[estimate] - part[low]).to_numpy(dtype="float64"),
                },
                hovertext=None if hover is None else _labels(part[hover]),
            )
        )
    fig.add_vline(x=0, line_dash="dash", line_color=NEUTRAL)
    fig.update_layout(xaxis_title=x_title)
    if money:
        _money_axis(fig, "xaxis", [*d[low].tolist(), *d[high].tolist(), 0.0], lang)
    return _layout(fig, lang, title, height=max(320, 26 * len(d) + 140))


def lines_with_ci(
    df: pd.DataFrame,
    lang: Lang,
    *,
    x: str,
    y: str,
    title: str,
    x_title: str,
    y_title: str,
    low: str | None = None,
    high: str | None = None,
    group: str | None = None,
    money: bool = True,
    reference: float | None = None,
    group_names: dict[object, str] | None = None,
) -> go.Figure:
    """Means (or estimates) across an ordered ``x`` with CI bands, one line per group."""
    fig = go.Figure()
    groups = [None] if group is None else list(dict.fromkeys(df[group]))
    for i, g in enumerate(groups):
        part = df if g is None else df[df[group] == g]
        color = PALETTE[i % len(PALETTE)]
        name = "" if g is None else (group_names or {}).get(g, fmt.html_escape(g))
        xs = _labels(part[x])
        if low is not None and high is not None:
            fig.add_trace(
                go.Scatter(
                    x=[*xs, *xs[::-1]],
                    y=[*part[high], *part[low][::-1]],
                    fill="toself",
                    fillcolor=color,
                    opacity=0.15,
                    line={"width": 0},
                    hoverinfo="skip",
                    showlegend=False,
                )
            )
        fig.add_trace(
            go.Scatter(
                x=xs,
                y=part[y],
                mode="lines+markers",
                name=name,
                showlegend=g is not None,
                line={"color": color},
            )
        )
    if reference is not None:
        fig.add_hline(y=reference, line_dash="dash", line_color=NEUTRAL)
    fig.update_layout(xaxis_title=x_title, yaxis_title=y_title, xaxis_type="category")
    if money:
        cols = [c for c in (y, low, high) if c is not None]
        vals = pd.concat([df[c] for c in cols], ignore_index=True).dropna().tolist()
        _money_axis(fig, "yaxis", vals + ([reference] if reference is not None else []), lang)
    return _layout(fig, lang, title)


def bars(
    df: pd.DataFrame,
    lang: Lang,
    *,
    x: str,
    y: str,
    title: str,
    x_title: str,
    y_title: str,
    money: bool = False,
    color: str = PROGRAM,
    percent_axis: bool = False,
    categorical: bool = True,
) -> go.Figure:
    """Plain vertical bars of an already aggregated table."""
    fig = go.Figure(go.Bar(x=_labels(df[x]) if categorical else df[x], y=df[y], marker_color=color))
    fig.update_layout(xaxis_title=x_title, yaxis_title=y_title, showlegend=False)
    if money:
        _money_axis(fig, "yaxis", [*df[y].dropna().tolist(), 0.0], lang)
    if percent_axis:
        fig.update_layout(yaxis_tickformat=".0%")
    return _layout(fig, lang, title)


def heatmap2d(
    x: np.ndarray,
    y: np.ndarray,
    lang: Lang,
    *,
    title: str,
    x_title: str,
    y_title: str,
    bins: int = 40,
    money: bool = True,
) -> go.Figure:
    """A scatter of many points as a 2D histogram binned in numpy (residuals vs fitted)."""
    xv = np.asarray(x, dtype="float64")
    yv = np.asarray(y, dtype="float64")
    ok = np.isfinite(xv) & np.isfinite(yv)
    xv, yv = xv[ok], yv[ok]
    if xv.size == 0:
        return _layout(go.Figure(), lang, title)
    xe = common_edges([xv], bins)
    ye = common_edges([yv], bins)
    counts, _, _ = np.histogram2d(xv, yv, bins=[xe, ye])
    z = np.where(counts.T > 0, counts.T, np.nan)
    fig = go.Figure(
        go.Heatmap(
            x=(xe[:-1] + xe[1:]) / 2,
            y=(ye[:-1] + ye[1:]) / 2,
            z=z,
            colorscale="Teal",
            colorbar={"title": ""},
        )
    )
    fig.add_hline(y=0, line_dash="dash", line_color=NEUTRAL)
    fig.update_layout(xaxis_title=x_title, yaxis_title=y_title)
    if money:
        _money_axis(fig, "xaxis", xe, lang)
        _money_axis(fig, "yaxis", ye, lang)
    return _layout(fig, lang, title)


def points_sent(fig: go.Figure) -> int:
    """How many data points a figure sends to the browser (for the aggregation tests)."""
    total = 0
    for trace in fig.data:
        sizes = [
            int(np.size(np.asarray(v, dtype=object)))
            for v in (getattr(trace, a, None) for a in ("x", "y", "z"))
            if v is not None
        ]
        total += max(sizes, default=0)
    return total
