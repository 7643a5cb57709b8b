"""Saved evaluations: a research team publishes once, policymakers open it later.

An embedded store needing nothing installed: one SQLite file, ``store.sqlite``, under a data
directory (an argument, else ``BERDAYA_DATA_DIR``, else ``./.berdaya``), in WAL mode with a
busy timeout. It holds named evaluations with versions: the validated, pseudonymised survey
and loans frames (Parquet), the mapping and options used, the load reports (``to_dict()``),
publisher, ``published_at`` (UTC ISO), the input files' SHA-256, members and waves; and an
audit log of every publish, rename and delete. The uploaded bytes are never kept, nor any
pseudonym key (those live only in configuration).

Design choice: the Parquet bytes are BLOBs inside the SQLite file, not files beside it. One
SQLite transaction then writes the data, the catalog row and the audit entry together, so a
process killed mid-publish leaves the old state (the uncommitted WAL frames are ignored on the
next open) with no orphan files to sweep and no rename-ordering or directory-fsync subtleties
to get right; readers keep their WAL snapshot while a publisher writes; two publishers queue on
SQLite's write lock (the second waits up to the busy timeout, then gets a "store is busy, try
again" :class:`~analysis.messages.DataError`); and a backup or a privacy scan is one file. The
cost, a second copy of the bytes through the WAL at checkpoint, is small next to a CSV load,
and Parquet longer than 64 MiB is split into chunks under SQLite's 1 GB BLOB limit.

Imports :mod:`analysis.ingest`, :mod:`analysis.messages`; never :mod:`analysis.methods` code
depending on it, and never Streamlit.
"""

from __future__ import annotations

from analysis.store.catalog import (
    Evaluation,
    Store,
    audit_log,
    default_data_dir,
    delete,
    list_evaluations,
    open_evaluation,
    open_store,
    publish,
    rename,
)

__all__ = [
    "Evaluation",
    "Store",
    "audit_log",
    "default_data_dir",
    "delete",
    "list_evaluations",
    "open_evaluation",
    "open_store",
    "publish",
    "rename",
]
