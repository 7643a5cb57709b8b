"""Speed of the driver regressions at a million members.

Target (issue 3, helper brief): ``driver_models`` (all four models) with HC3 and again with
standard errors clustered by cooperative, on the ``member_changes`` of a 1,000,000-person,
3-wave demo survey, in a few seconds in all. Also timed: dose-response, capital from a
loans ledger, a custom model with an absorbed fixed effect, and, for reference, model 2's fit
alone on its design matrix in the least-squares core (``analysis.methods.least_squares``) and in statsmodels.
Prints a markdown table and writes it to ``bench/results/drivers.md``.
Run: ``.venv/bin/python bench/bench_drivers.py [--members N]``.
"""

from __future__ import annotations

import argparse
import os
import platform
import subprocess
import sys
import tracemalloc

import numpy as np
import pandas as pd
from _common import ROOT, peak_mib, publish, timed

if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from analysis.demo import generate_demo
from analysis.methods import formulas as _regression
from analysis.methods import least_squares as _ols
from analysis.methods.drivers import (
    capital_from_loans,
    custom_model,
    dose_response,
    driver_models,
    period_from_waves,
)
from analysis.methods.panel import member_changes


def _import_seconds() -> float:
    """A fresh interpreter's time to import analysis.methods.drivers (numpy, pandas, scipy included)."""
    code = (
        f"import time, sys; sys.path.insert(0, {str(ROOT)!r}); t = time.perf_counter(); "
        "import analysis.methods.drivers; print(time.perf_counter() - t)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return float(out.stdout.strip())


def _timed_driver_models(ch: pd.DataFrame) -> tuple[list, dict[str, float]]:
    """(seconds, models, per-model seconds) for HC3 and clustered runs, and all per-model
    times. The machine is shared: each call runs twice and the faster run counts (per-model
    times are from that run too)."""
    import analysis.methods.drivers as drivers_mod

    per_model: dict[str, float] = {}
    real_estimate = _regression.estimate

    def timed_estimate(*a, **kw):
        t, out = timed(lambda: real_estimate(*a, **kw))
        per_model[f"{kw['name']} ({kw['se']})"] = t
        return out

    # time each model inside driver_models by wrapping the estimator they all go through
    drivers_mod.estimate = timed_estimate  # type: ignore[assignment]
    try:
        runs = []
        for se in ("HC3", "cluster"):
            best: tuple[float, object, dict[str, float]] | None = None
            for _ in range(2):
                per_model.clear()
                t, out = timed(lambda se=se: driver_models(ch, se=se))
                if best is None or t < best[0]:
                    best = (t, out, dict(per_model))
            assert best is not None
            runs.append(best)
    finally:
        drivers_mod.estimate = real_estimate  # type: ignore[assignment]
    return runs, {**runs[0][2], **runs[1][2]}


def _model_rows(ch: pd.DataFrame) -> tuple[list[tuple[str, float, str]], list, float]:
    """Rows for the four default models (per model, HC3, clustered, both), the HC3 models
    and the peak MiB driver_models allocates on top of its input."""
    runs, per_model = _timed_driver_models(ch)
    (t_hc3, models, _), (t_cl, models_cl, _) = runs
    # memory on top of the data: numpy reports its buffers to tracemalloc (run untimed)
    tracemalloc.start()
    driver_models(ch)
    extra_mib = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    assert isinstance(models, list) and isinstance(models_cl, list)
    rows = [(f"  {name}", t, "") for name, t in per_model.items()]
    rows.append(("**driver_models, HC3 (4 models)**", t_hc3, f"N = {models[0].nobs:,}; best of 2"))
    rows.append(
        (
            "**driver_models, clustered by cooperative_id (4 models)**",
            t_cl,
            f"{models_cl[0].n_clusters:,} clusters; best of 2",
        )
    )
    rows.append(("**both**", t_hc3 + t_cl, ""))
    return rows, models, extra_mib


def _other_rows(ch: pd.DataFrame, loans: pd.DataFrame) -> list[tuple[str, float, str]]:
    """Rows for dose-response, capital from loans and a custom model with fixed effects."""
    rows: list[tuple[str, float, str]] = []
    t, dr = timed(lambda: dose_response(ch))
    rows.append(("dose_response", t, f"{len(dr)} bands"))  # type: ignore[arg-type]
    t, ch2 = timed(lambda: capital_from_loans(ch, loans, period=period_from_waves(2021, 2023)))
    rows.append(
        (
            "capital_from_loans",
            t,
            f"{len(loans):,} loans, {ch2.attrs['n_capital_changed']} changed",
        )  # type: ignore[union-attr]
    )
    t, _ = timed(
        lambda: custom_model(
            ch,
            "income_change ~ I(capital / 1e6) + training_hours + market_channels_change",
            fixed_effects=["kelurahan"],
            cluster="cooperative_id",
        )
    )
    rows.append(("custom_model, kelurahan fixed effects, clustered", t, ""))
    return rows


def _reference_rows(ch: pd.DataFrame, formula: str) -> list[tuple[str, float, str]]:
    """Reference: other ways to fit model 2 (with controls) on the same design matrix."""
    d = _regression.build_design(
        ch.assign(capital_m=ch["capital"] / 1e6),
        formula,
        sample=(ch["in_program"] == 1).to_numpy(),
    )
    k = d.X.shape[1]
    t, _ = timed(lambda: _ols.fit_ols(d.y, d.X, se_type="HC3"))
    rows = [
        (
            f"reference: model 2 fit alone ({k} columns), analysis.methods.least_squares.fit_ols, HC3",
            t,
            "",
        )
    ]
    t_sm_import, sm = timed(lambda: __import__("statsmodels.api").api)
    t, _ = timed(lambda: sm.OLS(d.y, d.X).fit(cov_type="HC3"))  # type: ignore[attr-defined]
    rows.append(
        (
            "reference: same, statsmodels OLS(...).fit(cov_type='HC3')",
            t,
            f"import {t_sm_import:.1f} s",
        )
    )
    return rows


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--members", type=int, default=1_000_000)
    args = ap.parse_args()
    n = args.members

    t_import = _import_seconds()
    t_gen, demo = timed(lambda: generate_demo(n, seed=42))
    t_mc, ch = timed(lambda: member_changes(demo.survey))
    assert isinstance(ch, pd.DataFrame)
    setup = (
        f"demo survey {len(demo.survey):,} rows and {len(demo.loans):,} loans built in "
        f"{t_gen:.1f} s; member_changes {t_mc:.2f} s -> {len(ch):,} people"
    )
    rows, models, extra_mib = _model_rows(ch)
    rows += _other_rows(ch, demo.loans)
    rows += _reference_rows(ch, models[1].formula)

    lines = [
        f"# Driver regressions benchmark: {n:,} people, 3 waves",
        "",
        f"Machine: {platform.machine()}, {platform.python_version()}, pandas {pd.__version__}, "
        f"numpy {np.__version__}; 2 cores shared with other work (load average "
        f"{os.getloadavg()[0]:.1f} at the end; OPENBLAS_NUM_THREADS="
        f"{os.environ.get('OPENBLAS_NUM_THREADS', 'unset')}). {setup}. "
        f"Import of analysis.methods.drivers in a fresh process: {t_import:.2f} s (no statsmodels).",
        "",
        "| step | seconds | note |",
        "| --- | ---: | --- |",
        *[f"| {a} | {b:.3f} | {c} |" for a, b, c in rows],
        "",
        f"Peak memory allocated by driver_models (HC3, 4 models) on top of its input: "
        f"{extra_mib:,.0f} MiB (tracemalloc). Peak resident memory of the whole process, "
        f"demo generation and member_changes included: {peak_mib():,.0f} MiB.",
        "",
    ]
    text = "\n".join(lines)
    publish(text, ROOT / "bench" / "results" / "drivers.md")


if __name__ == "__main__":
    main()
