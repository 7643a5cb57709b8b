"""Berdaya's analysis engine: loading, validation, demo data and statistics.

Pure functions over pandas DataFrames; never imports Streamlit. Names are loaded lazily
so that ``import analysis`` stays fast (statsmodels alone takes over a second to import).
"""

from __future__ import annotations

import importlib
from typing import Any

# public name -> private module that defines it. Each module owns its own block.
_EXPORTS: dict[str, str] = {
    # schema: the canonical data model
    "Field": "schema",
    "SURVEY_FIELDS": "schema",
    "LOAN_FIELDS": "schema",
    "fields": "schema",
    "field": "schema",
    "required_fields": "schema",
    "normalise_name": "schema",
    "pii_kind": "schema",
    "is_empowerment_item": "schema",
    "wave_order": "schema",
    # panel: member x wave -> one row per member between two waves
    "member_changes": "panel",
    "attrition": "panel",
    "resolve_waves": "panel",
    # loaders: bytes/paths -> clean canonical frames + load report
    "load_survey": "loaders",
    "load_loans": "loaders",
    "link_datasets": "loaders",
    "read_mapping": "loaders",
    "Loaded": "loaders",
    "LoadReport": "loaders",
    # demo: seeded synthetic Kopwan program
    "generate_demo": "demo",
    "write_demo": "demo",
    "DemoData": "demo",
    "PLANTED_EFFECTS": "demo",
    # income_change: paired before/after income comparisons, prices, subgroups
    "before_after": "income_change",
    "subgroup_before_after": "income_change",
    "deflate_incomes": "prices",
    "load_cpi": "prices",
    # comparison: program vs comparison group
    "balance_table": "comparison",
    "did_table": "comparison",
    "did_twfe": "comparison",
    "group_trends": "comparison",
    "event_study": "comparison",
    "DidResult": "comparison",
    "BalanceTable": "comparison",
    "EventStudy": "comparison",
    # drivers: regressions of income change on capital, training and market access
    "driver_models": "drivers",
    "custom_model": "drivers",
    "regression_table": "drivers",
    "dose_response": "drivers",
    "capital_from_loans": "drivers",
    "period_from_waves": "drivers",
    "ModelResult": "drivers",
    # portfolio: loan ledger indicators
    "portfolio_summary": "portfolio",
    "portfolio_by": "portfolio",
    "disbursements": "portfolio",
    "par_aging": "portfolio",
    # report: everything at once, for the command line and the evaluator's export
    "build_report": "report",
    "report_markdown": "report",
    # exports
    "safe_csv_bytes": "exports",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'analysis' has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return __all__
