"""Berdaya's analysis engine: loading, validation, demo data and statistics.

The packages name the flow: ``ingest`` (bytes to a checked, pseudonymised frame), ``methods``
(the statistics), ``outputs`` (the report and exports) and ``cli`` (the subcommands), with
``schema`` and ``messages`` at the base and ``demo`` beside them. This module is the one public
surface; see docs/architecture.md.

Pure functions over pandas DataFrames; never imports Streamlit. Names are loaded lazily
so that ``import analysis`` stays fast (statsmodels alone takes over a second to import).
"""

from __future__ import annotations

import importlib
from typing import Any

# public name -> the module (below analysis/) that defines it. Each module owns its own block.
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
    "member_changes": "methods.panel",
    "attrition": "methods.panel",
    "resolve_waves": "methods.panel",
    # loaders: bytes/paths -> clean canonical frames + load report
    "load_survey": "ingest.loaders",
    "load_loans": "ingest.loaders",
    "link_datasets": "ingest.loaders",
    "read_mapping": "ingest.loaders",
    "Loaded": "ingest.loaders",
    "LoadReport": "ingest.loaders",
    # demo: seeded synthetic Kopwan program
    "generate_demo": "demo",
    "write_demo": "demo",
    "DemoData": "demo",
    "PLANTED_EFFECTS": "demo",
    # methods.before_after: paired before/after income comparisons, prices, subgroups
    "before_after": "methods.before_after",
    "subgroup_before_after": "methods.before_after",
    "deflate_incomes": "methods.prices",
    "load_cpi": "methods.prices",
    # comparison: program vs comparison group
    "balance_table": "methods.comparison",
    "did_table": "methods.comparison",
    "did_twfe": "methods.comparison",
    "group_trends": "methods.comparison",
    "event_study": "methods.comparison",
    "DidResult": "methods.comparison",
    "BalanceTable": "methods.comparison",
    "EventStudy": "methods.comparison",
    # staggered adoption (issue 9): Callaway & Sant'Anna group-time effects and aggregates
    "adoption_cohorts": "methods.staggered",
    "group_time_att": "methods.staggered",
    "aggregate_att": "methods.staggered",
    "GroupTimeEffects": "methods.staggered",
    "StaggeredSummary": "methods.staggered",
    "staggered_summary": "methods.staggered",
    "status_varies": "methods.panel",
    "ever_in_program": "methods.panel",
    # drivers: regressions of income change on capital, training and market access
    "driver_models": "methods.drivers",
    "custom_model": "methods.drivers",
    "regression_table": "methods.drivers",
    "dose_response": "methods.drivers",
    "capital_from_loans": "methods.drivers",
    "period_from_waves": "methods.drivers",
    "ModelResult": "methods.drivers",
    # portfolio: loan ledger indicators
    "portfolio_summary": "methods.portfolio",
    "portfolio_by": "methods.portfolio",
    "disbursements": "methods.portfolio",
    "par_aging": "methods.portfolio",
    # report: everything at once, for the command line and the evaluator's export
    "build_report": "outputs.report",
    "report_markdown": "outputs.markdown",
    # exports
    "safe_csv_bytes": "outputs.exports",
    # empowerment (issue 13): the Alkire-Foster index, its change and reliability
    "Indicator": "methods.empowerment",
    "EmpowermentConfig": "methods.empowerment",
    "EmpowermentTables": "methods.empowerment",
    "EmpowermentChange": "methods.empowerment",
    "make_config": "methods.empowerment",
    "read_empowerment_config": "methods.empowerment",
    "default_empowerment_config": "methods.empowerment",
    "config_to_toml": "methods.empowerment",
    "config_for_items": "methods.empowerment",
    "starting_config": "methods.empowerment",
    "empowerment_tables": "methods.empowerment",
    "empowerment_index": "methods.empowerment",
    "empowerment_by_indicator": "methods.empowerment",
    "empowerment_by_domain": "methods.empowerment",
    "empowerment_scores": "methods.empowerment",
    "empowerment_change": "methods.empowerment",
    "cronbach_alpha": "methods.empowerment",
    "empowerment_report": "outputs.empowerment",
    "empowerment_markdown": "outputs.empowerment",
    # voices (issue 13): coded excerpts, their codebook and the data-display matrices
    "load_voices": "ingest.voices",
    "load_codebook": "ingest.voices",
    "LoadedVoices": "ingest.voices",
    "VoicesReport": "ingest.voices",
    "mask_text_identifiers": "ingest.privacy",
    "theme_summary": "methods.voices",
    "case_by_theme": "methods.voices",
    "theme_by_subgroup": "methods.voices",
    "themes_over_waves": "methods.voices",
    "excerpts_for": "methods.voices",
    "members_by_numbers": "methods.voices",
    "NUMBERS_GROUPS": "methods.voices",
    # store: saved evaluations (issue 14), editor passphrase, complementary suppression
    "Store": "store.catalog",
    "Evaluation": "store.catalog",
    "open_store": "store.catalog",
    "publish": "store.catalog",
    "list_evaluations": "store.catalog",
    "open_evaluation": "store.catalog",
    "rename_evaluation": "store.catalog",
    "delete_evaluation": "store.catalog",
    "audit_log": "store.catalog",
    "hash_passphrase": "store.auth",
    "verify_passphrase": "store.auth",
    "Lockout": "store.auth",
    "complementary_suppression": "methods.suppression",
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
