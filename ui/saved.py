"""The dashboard's side of the store of saved evaluations: which store, what it holds, opening
one through a cache, and the editors' publish, rename and delete.

The store itself (SQLite file, versions, audit log) is :mod:`analysis.store`; this module
only chooses it (``BERDAYA_DATA_DIR``, else ``./.berdaya``, read on every call so that a
test or a deployment can point elsewhere) and caches what viewers open.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd
import streamlit as st

import analysis

#: A saved evaluation in the sidebar's dataset choice: ("saved", name, version, published_at).
Choice = tuple[str, ...]

_EMPTY = ["name", "version", "published_at", "publisher", "members", "waves", "sha256"]


def store() -> analysis.Store:
    """The store this server uses (``BERDAYA_DATA_DIR``, else ``./.berdaya``)."""
    found = analysis.open_store(None)
    return analysis.Store(found.root.resolve(), found.timeout)


def catalog() -> pd.DataFrame:
    """Every saved version (``analysis.list_evaluations``), newest publication first.

    Not cached: it is one small query, and a publish from the command line must show at the
    next rerun. A store that does not exist yet is empty and is not created by reading.
    """
    where = store()
    if not where.path.exists():
        return pd.DataFrame(columns=_EMPTY)
    table = analysis.list_evaluations(where)
    return table.sort_values(["published_at", "version"], ascending=False, kind="stable")


def choices(table: pd.DataFrame) -> list[Choice]:
    """The sidebar options for the saved versions in ``table``."""
    return [
        ("saved", str(r.name), str(int(r.version)), str(r.published_at))
        for r in table.itertuples(index=False)
    ]


@st.cache_resource(show_spinner=False, max_entries=4, ttl=3600)
def open_saved(path: str, name: str, version: int, published_at: str) -> Any:
    """The saved evaluation ``name`` ``version`` of the store at ``path`` (an
    :class:`analysis.Evaluation`), shared read-only by every session that opens it.

    ``published_at`` is part of the key because a deleted name published again starts at
    version 1 again: the same (store, name, version) can then be other data.
    """
    return analysis.open_evaluation(path, name, version)


def publish(
    name: str, survey: Any, loans: Any | None, mapping: Mapping[str, Any], publisher: str
) -> int:
    """Save the loaded upload as (the next version of) ``name``; returns the version."""
    return analysis.publish(
        store(), name, survey, loans, mapping=dict(mapping), publisher=publisher
    )


def rename(old: str, new: str, by: str) -> None:
    """Rename every version of ``old`` (the server's opened copies are dropped)."""
    analysis.rename_evaluation(store(), old, new, by=by)
    open_saved.clear()


def delete(name: str, version: int | None, by: str) -> int:
    """Delete one version of ``name`` (or all with ``None``); returns how many.

    The server's opened copies are dropped too, so deleted data do not linger in memory.
    """
    deleted = analysis.delete_evaluation(store(), name, version, by=by)
    open_saved.clear()
    return deleted


def audit() -> pd.DataFrame:
    """The audit log, newest first (empty when there is no store yet)."""
    where = store()
    if not where.path.exists():
        return pd.DataFrame(columns=["at", "who", "action", "name", "version", "detail"])
    return analysis.audit_log(where).iloc[::-1].reset_index(drop=True)
