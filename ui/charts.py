"""Charts: pure functions from small aggregated tables to plotly figures.

Nothing here imports Streamlit, so every chart is unit-tested on its own. Member-level data
is aggregated before it reaches a figure (histograms are binned in numpy, paired charts show
group means), so a million-member dataset sends a few hundred numbers to the browser, not a
million points. Titles, axes and hover texts are passed in already translated.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio

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


#: The parts of plotly's ``plotly_white`` template that these charts use.
_TEMPLATE_LAYOUT = (
    "autotypenumbers",
    "colorway",
    "font",
    "hovermode",
    "hoverlabel",
    "paper_bgcolor",
    "plot_bgcolor",
    "xaxis",
    "yaxis",
    "shapedefaults",
    "annotationdefaults",
    "title",
)
_TEMPLATE_TRACES = ("bar", "scatter", "heatmap")


@functools.cache
def template() -> go.layout.Template:
    """Plotly's ``plotly_white`` look, cut to the settings of the axes and traces drawn here.

    The full template also styles maps, 3D scenes and some twenty trace types; validating
    a copy of it into every figure took two thirds of a chart's time (about 10 ms of a
    page's rerun per chart). Built once, on first use.
    """
    full = pio.templates["plotly_white"]
    layout = {k: v for k, v in full.layout.to_plotly_json().items() if k in _TEMPLATE_LAYOUT}
    data = {kind: getattr(full.data, kind) for kind in _TEMPLATE_TRACES}
    return go.layout.Template(layout=layout, data=data)


def _figure(
    traces: Sequence[go.Trace] | go.Trace,
    lang: Lang,
    title: str,
    *,
    height: int = 380,
    xaxis: dict | None = None,
    yaxis: dict | None = None,
    shapes: Sequence[dict] = (),
    **layout: object,
) -> go.Figure:
    """A figure with its whole layout given at once.

    Built in one constructor call: each ``update_layout``/``add_vline`` afterwards validates
    the layout again (about 2-4 ms each), which made a chart cost 10-15 ms of a rerun.
    """
    return go.Figure(
        data=traces,
        layout={
            "template": template(),
            "title": {"text": title, "x": 0, "xanchor": "left"},
            "separators": fmt.plotly_separators(lang),
            "height": height,
            "margin": {"l": 10, "r": 10, "t": 60, "b": 10},
            "legend": {
                "orientation": "h",
                "yanchor": "bottom",
                "y": 1.0,
                "xanchor": "right",
                "x": 1,
            },
            "hoverlabel": {"namelength": -1},
            "xaxis": xaxis or {},
            "yaxis": yaxis or {},
            "shapes": list(shapes),
            **layout,
        },
    )


def _axis(title: str, *, money: Sequence[float] | None = None, lang: Lang = "en", **more) -> dict:
    """An axis with its title, and shortened rupiah ticks when ``money`` values are given."""
    axis: dict = {"title": {"text": title}, **more}
    if money is not None:
        ticks = fmt.money_axis(list(money), lang)
        if ticks["tickvals"]:
            axis.update(tickmode="array", **ticks)
    return axis


def _line(at: float, *, vertical: bool, dash: str | None = "dash") -> dict:
    """A reference line across the plot (zero change, say) as a layout shape."""
    span = {"x0": at, "x1": at, "y0": 0, "y1": 1, "xref": "x", "yref": "y domain"}
    if not vertical:
        span = {"x0": 0, "x1": 1, "y0": at, "y1": at, "xref": "x domain", "yref": "y"}
    return {"type": "line", **span, "line": {"color": NEUTRAL, "dash": dash or "solid"}}


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
    bar = go.Bar(
        x=b.mids,
        y=counts,
        width=np.diff(b.edges),
        marker_color=color,
        hovertext=hover,
        hoverinfo="text",
    )
    shapes = []
    if reference is not None and b.edges[0] <= reference <= b.edges[-1]:
        shapes.append(_line(reference, vertical=True))
    return _figure(
        bar,
        lang,
        title,
        xaxis=_axis(x_title, money=b.edges if money else None, lang=lang),
        yaxis=_axis(y_title),
        shapes=shapes,
        bargap=0.02,
        showlegend=False,
    )


def overlaid_histograms(
    series: dict[str, np.ndarray],
    lang: Lang,
    *,
    title: str,
    x_title: str,
    y_title: str,
    money: bool = True,
    bins: int = 40,
    colors: Sequence[str] = PALETTE,
) -> go.Figure:
    """Several distributions on shared bins (before and after, say), as outlined bars.

    ``colors`` in the order of ``series`` (the waves of a paired chart keep their colours).
    """
    edges = common_edges(list(series.values()), bins)
    traces = []
    for i, (name, values) in enumerate(series.items()):
        b = bin_values(values, edges=edges)
        counts = b.counts.copy()
        counts[0] += b.below
        counts[-1] += b.above
        traces.append(
            go.Bar(
                x=b.mids,
                y=counts,
                width=np.diff(edges),
                name=name,
                marker_color=colors[i % len(colors)],
                opacity=0.55,
            )
        )
    return _figure(
        traces,
        lang,
        title,
        xaxis=_axis(x_title, money=edges if money else None, lang=lang),
        yaxis=_axis(y_title),
        barmode="overlay",
        bargap=0,
    )


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
    money = money and not share
    text = [suppressed_text if pd.isna(v) else _value_text(v, lang, money, share) for v in d[value]]
    if n is not None:
        text = [f"{s} (n={fmt.number(k, lang)})" for s, k in zip(text, d[n], strict=True)]
    bar = go.Bar(
        x=d[value],
        y=_labels(d[label]),
        orientation="h",
        marker_color=[ALERT if (pd.notna(v) and v < 0) else PROGRAM for v in d[value]],
        error_x=_whiskers(d, value, low, high),
        hovertext=text,
        hoverinfo="text+y",
    )
    scale = None
    if money:
        cols = [c for c in (value, low, high) if c is not None]
        scale = [*pd.concat([d[c] for c in cols], ignore_index=True).dropna().tolist(), 0.0]
    xaxis = _axis(x_title, money=scale, lang=lang, **({"tickformat": ".0%"} if share else {}))
    return _figure(
        bar,
        lang,
        title,
        height=max(320, 28 * len(d) + 120),
        xaxis=xaxis,
        shapes=[_line(0.0, vertical=True, dash=None)],
        showlegend=False,
    )


def _value_text(v: float, lang: Lang, money: bool, share: bool) -> str:
    if share:
        return fmt.percent(v, lang)
    return fmt.rupiah(v, lang) if money else fmt.number(v, lang, 2)


def _whiskers(d: pd.DataFrame, value: str, low: str | None, high: str | None) -> dict | None:
    """Asymmetric error bars from the interval columns (``None`` without them)."""
    if low is None or high is None:
        return None
    return {
        "type": "data",
        "symmetric": False,
        "array": (d[high] - d[value]).to_numpy(dtype="float64"),
        "arrayminus": (d[value] - d[low]).to_numpy(dtype="float64"),
        "color": NEUTRAL,
    }


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
    xs: list[float | None] = []
    yy: list[str | None] = []
    for y, b, a in zip(ys, d[before], d[after], strict=True):
        xs += [b, a, None]
        yy += [y, y, None]
    traces = [
        go.Scatter(
            x=xs, y=yy, mode="lines", line={"color": NEUTRAL}, showlegend=False, hoverinfo="skip"
        )
    ]
    for col, name, color in ((before, before_name, NEUTRAL), (after, after_name, PROGRAM)):
        traces.append(
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
    scale = [*d[before].tolist(), *d[after].tolist()]
    return _figure(
        traces,
        lang,
        title,
        height=max(320, 30 * len(d) + 120),
        xaxis=_axis(x_title, money=scale, lang=lang),
    )


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
    groups = [None] if color_by is None else list(dict.fromkeys(d[color_by]))
    traces = []
    for i, g in enumerate(groups):
        part = d if g is None else d[d[color_by] == g]
        whiskers = _whiskers(part, estimate, low, high) or {}
        whiskers.pop("color", None)  # the markers' colour
        traces.append(
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
                error_x=whiskers,
                hovertext=None if hover is None else _labels(part[hover]),
            )
        )
    scale = [*d[low].tolist(), *d[high].tolist(), 0.0] if money else None
    return _figure(
        traces,
        lang,
        title,
        height=max(320, 26 * len(d) + 140),
        xaxis=_axis(x_title, money=scale, lang=lang),
        shapes=[_line(0.0, vertical=True)],
    )


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
    traces = []
    groups = [None] if group is None else list(dict.fromkeys(df[group]))
    for i, g in enumerate(groups):
        part = df if g is None else df[df[group] == g]
        color = PALETTE[i % len(PALETTE)]
        name = "" if g is None else (group_names or {}).get(g, fmt.html_escape(g))
        xs = _labels(part[x])
        if low is not None and high is not None:
            traces.append(_ci_band(xs, part[low], part[high], color))
        traces.append(
            go.Scatter(
                x=xs,
                y=part[y],
                mode="lines+markers",
                name=name,
                showlegend=g is not None,
                line={"color": color},
            )
        )
    scale = None
    if money:
        cols = [c for c in (y, low, high) if c is not None]
        scale = pd.concat([df[c] for c in cols], ignore_index=True).dropna().tolist()
        scale += [reference] if reference is not None else []
    return _figure(
        traces,
        lang,
        title,
        xaxis=_axis(x_title, type="category"),
        yaxis=_axis(y_title, money=scale, lang=lang),
        shapes=[_line(reference, vertical=False)] if reference is not None else [],
    )


def _ci_band(xs: list, low: pd.Series, high: pd.Series, color: str) -> go.Scatter:
    """The shaded interval under a line: up along ``high``, back along ``low``."""
    return go.Scatter(
        x=[*xs, *xs[::-1]],
        y=[*high, *low[::-1]],
        mode="lines",  # a filled outline: no markers at its corners
        fill="toself",
        fillcolor=color,
        opacity=0.15,
        line={"width": 0},
        hoverinfo="skip",
        showlegend=False,
    )


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
    bar = go.Bar(x=_labels(df[x]) if categorical else df[x], y=df[y], marker_color=color)
    scale = [*df[y].dropna().tolist(), 0.0] if money else None
    yaxis = _axis(
        y_title, money=scale, lang=lang, **({"tickformat": ".0%"} if percent_axis else {})
    )
    return _figure(bar, lang, title, xaxis=_axis(x_title), yaxis=yaxis, showlegend=False)


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
        return _figure([], lang, title)
    xe = common_edges([xv], bins)
    ye = common_edges([yv], bins)
    counts, _, _ = np.histogram2d(xv, yv, bins=[xe, ye])
    z = np.where(counts.T > 0, counts.T, np.nan)
    heat = go.Heatmap(
        x=(xe[:-1] + xe[1:]) / 2,
        y=(ye[:-1] + ye[1:]) / 2,
        z=z,
        colorscale="Teal",
        colorbar={"title": {"text": ""}},
    )
    return _figure(
        heat,
        lang,
        title,
        xaxis=_axis(x_title, money=xe if money else None, lang=lang),
        yaxis=_axis(y_title, money=ye if money else None, lang=lang),
        shapes=[_line(0.0, vertical=False)],
    )


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


# --- empowerment and voices (issue 13) -----------------------------------------------------


def grouped_bars(
    df: pd.DataFrame,
    lang: Lang,
    *,
    x: str,
    series: dict[str, str],
    title: str,
    x_title: str,
    y_title: str,
    share: bool = True,
) -> go.Figure:
    """Bars of several columns side by side per ``x`` (H, A and M0 per wave, say).

    ``series`` maps the legend's (translated) name to the column drawn; a missing value (a
    suppressed cell, an undefined intensity) leaves its bar out.
    """
    xs = _labels(df[x])
    traces = []
    for k, (name, col) in enumerate(series.items()):
        values = pd.to_numeric(df[col], errors="coerce")
        text = [_value_text(v, lang, False, share) if pd.notna(v) else "" for v in values]
        traces.append(
            go.Bar(
                x=xs,
                y=values,
                name=name,
                marker_color=PALETTE[k % len(PALETTE)],
                text=text,
                textposition="outside",
                hoverinfo="x+y+name",
            )
        )
    yaxis = _axis(y_title, **({"tickformat": ".0%"} if share else {}))
    return _figure(traces, lang, title, xaxis=_axis(x_title, type="category"), yaxis=yaxis,
                   barmode="group")  # fmt: skip


def stacked_bars(
    df: pd.DataFrame,
    lang: Lang,
    *,
    x: str,
    part: str,
    value: str,
    title: str,
    x_title: str,
    y_title: str,
    share: bool = True,
) -> go.Figure:
    """One bar per ``x`` stacked from its ``part`` rows (contributions to M0 by indicator or
    domain per wave; excerpts per theme per wave), parts in their order of first appearance."""
    xs = list(dict.fromkeys(df[x].tolist()))
    parts = list(dict.fromkeys(df[part].tolist()))
    traces = []
    for k, p in enumerate(parts):
        rows = df[df[part] == p].set_index(x)[value]
        values = [rows.get(v, np.nan) for v in xs]
        traces.append(
            go.Bar(
                x=_labels(pd.Series(xs)),
                y=values,
                name=fmt.html_escape(p),
                marker_color=PALETTE[k % len(PALETTE)],
                hoverinfo="x+y+name",
            )
        )
    yaxis = _axis(y_title, **({"tickformat": ".0%"} if share else {}))
    return _figure(traces, lang, title, xaxis=_axis(x_title, type="category"), yaxis=yaxis,
                   barmode="stack", height=420)  # fmt: skip


def count_matrix(
    df: pd.DataFrame,
    lang: Lang,
    *,
    row: str,
    col: str,
    value: str,
    title: str,
    x_title: str,
    y_title: str,
    max_rows: int = 40,
) -> go.Figure:
    """A matrix of counts (cases or subgroups by themes) as a heatmap with the counts written
    in; the ``max_rows`` rows with the most counts are drawn (the table holds them all)."""
    totals = df.groupby(row, dropna=False, sort=False)[value].sum()
    kept = totals.sort_values(ascending=False, kind="stable").index[:max_rows]
    d = df[df[row].isin(kept)]
    grid = d.pivot_table(index=row, columns=col, values=value, aggfunc="sum", dropna=False)
    grid = grid.reindex(index=[r for r in kept if r in grid.index])
    z = grid.to_numpy(dtype="float64")
    text = [["" if np.isnan(v) else fmt.number(v, lang) for v in r] for r in z]
    heat = go.Heatmap(
        x=_labels(pd.Series(grid.columns)), y=_labels(pd.Series(grid.index)), z=z,
        text=text, texttemplate="%{text}", colorscale="Teal", showscale=False,
        hoverinfo="x+y+z",
    )  # fmt: skip
    return _figure(
        heat, lang, title, height=max(320, 26 * len(grid) + 140),
        xaxis=_axis(x_title, type="category"),
        yaxis=_axis(y_title, type="category", autorange="reversed"),
    )  # fmt: skip
