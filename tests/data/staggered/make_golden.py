"""Golden numbers for tests/analysis/test_staggered.py: Callaway & Sant'Anna on mpdta.

Reference: moderndid 0.2.0 (PyPI, MIT licence; a Python port of R's ``did`` package by
Callaway and Sant'Anna), ``att_gt(..., xformla=None, est_method="dr", base_period="varying",
boot=False)`` and ``aggte(type=...)``, i.e. analytic standard errors from the influence
function. Not a dependency of Berdaya: run it in a separate environment,

    python -m venv /tmp/ref && /tmp/ref/bin/pip install moderndid==0.2.0 pandas
    /tmp/ref/bin/python tests/data/staggered/make_golden.py

which rewrites ``golden_mpdta.json`` beside this script. ``mpdta.csv`` was written from
moderndid's ``load_mpdta()`` by the same environment (``to_pandas().to_csv(index=False)``).
Three cases: never-treated controls, not-yet-treated controls, and not-yet-treated controls
without the never-treated counties (R's rule: the last cohort becomes the control group).
"""

from __future__ import annotations

import json
from pathlib import Path

import moderndid
import pandas as pd
from moderndid.did.aggte import aggte
from moderndid.did.att_gt import att_gt

HERE = Path(__file__).resolve().parent


def _case(data: pd.DataFrame, control_group: str) -> dict:
    res = att_gt(
        data, yname="lemp", tname="year", idname="countyreal", gname="first.treat",
        control_group=control_group, boot=False, cband=False,
    )  # fmt: skip
    out = {
        "att_gt": [
            {"cohort": int(g), "year": int(t), "att": float(a), "se": float(s)}
            for g, t, a, s in zip(res.groups, res.times, res.att_gt, res.se_gt, strict=True)
        ]
    }
    for kind in ("simple", "dynamic", "group"):
        agg = aggte(res, type=kind)
        entry = {"att": float(agg.overall_att), "se": float(agg.overall_se)}
        if kind != "simple":
            entry["by"] = [
                {"level": int(e), "att": float(a), "se": float(s)}
                for e, a, s in zip(agg.event_times, agg.att_by_event, agg.se_by_event, strict=True)
            ]
        out[kind] = entry
    return out


def main() -> None:
    data = pd.read_csv(HERE / "mpdta.csv")
    golden = {
        "reference": f"moderndid {moderndid.__version__}, att_gt(boot=False) and aggte",
        "never": _case(data, "nevertreated"),
        "notyet": _case(data, "notyettreated"),
        "notyet_without_never": _case(data[data["first.treat"] > 0], "notyettreated"),
    }
    text = json.dumps(golden, indent=1) + "\n"
    (HERE / "golden_mpdta.json").write_text(text, encoding="utf-8")
    print(text[:2000])


if __name__ == "__main__":
    main()
