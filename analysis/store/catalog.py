"""The catalog of saved evaluations: publish, list, open, rename, delete, audit log.

Everything is one SQLite file (``store.sqlite`` under the data directory), WAL mode: the
frames are Parquet BLOBs (see :mod:`analysis.store` for why) in the same transaction as their
catalog row and audit entry, so a publish is all there or not there at all.
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import json
import os
import sqlite3
import sys
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from analysis.ingest.loaders import Loaded
from analysis.messages import DataError, Message
from analysis.store.frames import (
    frame_from_parts,
    frame_to_parts,
    report_from_dict,
    report_to_dict,
)

#: The catalog file inside the data directory.
DB_NAME = "store.sqlite"
#: A BLOB is at most this long (SQLite's own limit is 1 GB); longer Parquet is split.
CHUNK_BYTES = 64 * 1024 * 1024
#: Test hook: seconds to sleep after writing the data, before the commit (a kill test).
PAUSE_ENV = "BERDAYA_STORE_TEST_PAUSE"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS evaluations (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    version INTEGER NOT NULL,
    published_at TEXT NOT NULL,
    publisher TEXT NOT NULL,
    members INTEGER NOT NULL,
    waves TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    mapping TEXT NOT NULL,
    survey_report TEXT NOT NULL,
    loans_report TEXT,
    UNIQUE (name, version)
);
CREATE TABLE IF NOT EXISTS parts (
    evaluation_id INTEGER NOT NULL,
    role TEXT NOT NULL,
    part TEXT NOT NULL,
    seq INTEGER NOT NULL,
    bytes BLOB NOT NULL,
    PRIMARY KEY (evaluation_id, role, part, seq)
);
CREATE TABLE IF NOT EXISTS audit (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    who TEXT NOT NULL,
    action TEXT NOT NULL,
    name TEXT NOT NULL,
    version INTEGER,
    detail TEXT NOT NULL
);
"""


@dataclass(frozen=True)
class Store:
    """Where the store lives: ``root`` (the data directory) and how long to wait for a lock.

    ``timeout`` is SQLite's busy timeout in seconds: a publisher waits that long for another
    one to finish before being told the store is busy.
    """

    root: Path
    timeout: float = 30.0

    @property
    def path(self) -> Path:
        """The catalog file."""
        return self.root / DB_NAME


StoreLike = Store | str | os.PathLike | None


def default_data_dir() -> Path:
    """``BERDAYA_DATA_DIR`` when set, else ``./.berdaya``."""
    return Path(os.environ.get("BERDAYA_DATA_DIR") or ".berdaya")


def open_store(store: StoreLike = None, *, timeout: float = 30.0) -> Store:
    """A :class:`Store` for a data directory (``None``: :func:`default_data_dir`)."""
    if isinstance(store, Store):
        return store
    return Store(Path(store) if store is not None else default_data_dir(), timeout)


@dataclass(frozen=True)
class Evaluation:
    """A saved evaluation as opened: its catalog entry and the loaded datasets."""

    name: str
    version: int
    published_at: str
    publisher: str
    members: int
    waves: tuple[object, ...]
    sha256: dict[str, str]
    mapping: dict[str, Any]
    survey: Loaded
    loans: Loaded | None = field(default=None)


def _busy(exc: sqlite3.Error) -> DataError:
    text = str(exc).lower()
    if "locked" in text or "busy" in text:
        return DataError(
            Message(
                "the store is busy (another publish is being written); try again",
                "penyimpanan sedang sibuk (publikasi lain sedang ditulis); coba lagi",
            ),
            code="store_busy",
        )
    return DataError(
        Message(f"the store cannot be read: {exc}", f"penyimpanan tidak dapat dibaca: {exc}"),
        code="store_error",
    )


@contextlib.contextmanager
def _connect(store: StoreLike, *, write: bool) -> Iterator[sqlite3.Connection]:
    """A connection inside one transaction (``BEGIN IMMEDIATE`` to write), committed on exit."""
    st = open_store(store)
    st.root.mkdir(parents=True, exist_ok=True, mode=0o700)
    con = None
    try:
        con = sqlite3.connect(st.path, timeout=st.timeout, isolation_level=None)
        _prepare(con, write=write, deadline=time.monotonic() + st.timeout)
        con.execute("BEGIN IMMEDIATE" if write else "BEGIN")
        yield con
        con.execute("COMMIT")
    except sqlite3.Error as exc:
        raise _busy(exc) from exc
    finally:
        if con is not None:
            con.close()  # an uncommitted transaction is rolled back


def _prepare(con: sqlite3.Connection, *, write: bool, deadline: float) -> None:
    """Switch a new store to WAL and create its tables, waiting for another process's lock.

    SQLite does not call its busy handler for a journal-mode change (two publishers opening a
    new store at once: one of them got "database is locked" at once), so this step waits
    itself, up to the store's busy timeout, before giving up as busy.
    """
    while True:
        try:
            if con.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
                con.execute("PRAGMA journal_mode=WAL")  # readers never wait for a publisher
            con.execute("PRAGMA synchronous=FULL")
            if write or not _has_schema(con):
                con.executescript(_SCHEMA)
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc).lower() or time.monotonic() >= deadline:
                raise
            time.sleep(0.02)


def _has_schema(con: sqlite3.Connection) -> bool:
    row = con.execute("SELECT count(*) FROM sqlite_master WHERE name='evaluations'").fetchone()
    return bool(row[0])


def _now() -> str:
    return _dt.datetime.now(_dt.UTC).isoformat(timespec="seconds")


def _check_name(name: str) -> str:
    clean = str(name).strip()
    if not clean or len(clean) > 200 or any(ord(ch) < 32 for ch in clean):
        raise DataError(
            Message(
                f"an evaluation name must be 1-200 printable characters; got {name!r}",
                f"nama evaluasi harus 1-200 karakter yang dapat dicetak; diberikan {name!r}",
            ),
            code="bad_name",
        )
    return clean


def _audit(con: sqlite3.Connection, who: str, action: str, name: str, version, detail) -> None:
    con.execute(
        "INSERT INTO audit (at, who, action, name, version, detail) VALUES (?, ?, ?, ?, ?, ?)",
        (_now(), who or "unknown", action, name, version, json.dumps(detail, sort_keys=True)),
    )


def _write_parts(con: sqlite3.Connection, eid: int, role: str, loaded: Loaded) -> None:
    frames = {role: loaded.data, f"{role}_problems": loaded.report.problems}
    for r, df in frames.items():
        for part, raw in frame_to_parts(df).items():
            for seq, start in enumerate(range(0, max(len(raw), 1), CHUNK_BYTES)):
                con.execute(
                    "INSERT INTO parts VALUES (?, ?, ?, ?, ?)",
                    (eid, r, part, seq, raw[start : start + CHUNK_BYTES]),
                )


def publish(
    store: StoreLike,
    name: str,
    survey: Loaded,
    loans: Loaded | None = None,
    *,
    mapping: Mapping[str, Any] | None = None,
    publisher: str,
    sha256s: Mapping[str, str] | None = None,
) -> int:
    """Save a loaded survey (and loans ledger) as the next version of evaluation ``name``.

    Parameters
    ----------
    store : a :class:`Store` or a data directory (``None``: :func:`default_data_dir`).
    name : the evaluation's name; a name already saved gets a new version, the old ones kept.
    survey, loans : loaded datasets (:func:`analysis.load_survey`, :func:`analysis.load_loans`)
        that can be analysed. Their frames are already pseudonymised; the raw bytes are never
        given here, so they cannot be kept.
    mapping : the column mapping and reading options used, kept for provenance (JSON-able).
    publisher : who publishes (an editor's e-mail or name), for the catalog and audit log.
    sha256s : ``{"survey": ..., "loans": ...}`` hashes of the input files; by default the
        load reports' own.

    Returns
    -------
    The version number saved (1 for a new name).

    Raises
    ------
    DataError
        A dataset that cannot be analysed, a bad name, or the store busy (code
        ``store_busy``: another publish held the lock longer than ``Store.timeout``).
    """
    name = _check_name(name)
    for kind, loaded in (("survey", survey), ("loans", loans)):
        if loaded is not None and not loaded.report.can_analyse:
            raise DataError(
                Message(
                    f"the {kind} cannot be analysed, so it is not published",
                    f"data {kind} tidak dapat dianalisis, jadi tidak dipublikasikan",
                ),
                code="not_publishable",
            )
    hashes = {"survey": survey.report.sha256}
    if loans is not None:
        hashes["loans"] = loans.report.sha256
    hashes.update(sha256s or {})
    waves = survey.report.to_dict(max_problems=0)["waves"]
    members = int(survey.data["member_id"].nunique(dropna=True))
    with _connect(store, write=True) as con:
        row = con.execute(
            "SELECT coalesce(max(version), 0) FROM evaluations WHERE name = ?", (name,)
        ).fetchone()
        version = int(row[0]) + 1
        cur = con.execute(
            "INSERT INTO evaluations (name, version, published_at, publisher, members, waves, "
            "sha256, mapping, survey_report, loans_report) VALUES (?,?,?,?,?,?,?,?,?,?)",
            (
                name,
                version,
                _now(),
                publisher or "unknown",
                members,
                json.dumps(waves),
                json.dumps(hashes, sort_keys=True),
                json.dumps(dict(mapping or {}), sort_keys=True, default=str),
                json.dumps(report_to_dict(survey.report)),
                None if loans is None else json.dumps(report_to_dict(loans.report)),
            ),
        )
        eid = int(cur.lastrowid)
        _write_parts(con, eid, "survey", survey)
        if loans is not None:
            _write_parts(con, eid, "loans", loans)
        _audit(con, publisher, "publish", name, version, {"sha256": hashes})
        _test_pause()
    return version


def _test_pause() -> None:
    """Sleep here when :data:`PAUSE_ENV` is set: the data written, nothing committed."""
    pause = float(os.environ.get(PAUSE_ENV) or 0)
    if pause > 0:
        print("berdaya-store: paused before commit", file=sys.stderr, flush=True)
        time.sleep(pause)


_COLUMNS = ["name", "version", "published_at", "publisher", "members", "waves", "sha256"]


def list_evaluations(store: StoreLike = None) -> pd.DataFrame:
    """Every saved evaluation version, by name then version.

    Returns
    -------
    DataFrame with columns ``name``, ``version``, ``published_at`` (UTC ISO), ``publisher``,
    ``members``, ``waves`` (comma-joined), ``sha256`` (the survey file's), ``loans_sha256``
    (missing without loans). Empty (same columns) for an empty store.
    """
    with _connect(store, write=False) as con:
        rows = con.execute(
            "SELECT name, version, published_at, publisher, members, waves, sha256 "
            "FROM evaluations ORDER BY name, version"
        ).fetchall()
    out = pd.DataFrame(rows, columns=_COLUMNS)
    hashes = [json.loads(h) for h in out["sha256"]]
    out["waves"] = [", ".join(str(w) for w in json.loads(w)) for w in out["waves"]]
    out["sha256"] = [h.get("survey") for h in hashes]
    out["loans_sha256"] = [h.get("loans") for h in hashes]
    return out.astype({"version": "int64", "members": "int64"})


def _not_found(name: str, version: int | None) -> DataError:
    what = name if version is None else f"{name} version {version}"
    return DataError(
        Message(f"no saved evaluation {what}", f"tidak ada evaluasi tersimpan {what}"),
        code="not_found",
    )


def _read_role(con: sqlite3.Connection, eid: int, role: str, report_json: str) -> Loaded:
    parts: dict[str, dict[str, list[bytes]]] = {}
    for r, part, chunk in con.execute(
        "SELECT role, part, bytes FROM parts WHERE evaluation_id = ? AND role IN (?, ?) "
        "ORDER BY role, part, seq",
        (eid, role, f"{role}_problems"),
    ):
        parts.setdefault(r, {}).setdefault(part, []).append(chunk)
    frames = {r: frame_from_parts({k: b"".join(v) for k, v in p.items()}) for r, p in parts.items()}
    report = report_from_dict(json.loads(report_json), frames[f"{role}_problems"])
    return Loaded(frames[role], report)


def open_evaluation(store: StoreLike, name: str, version: int | None = None) -> Evaluation:
    """A saved evaluation (the latest version when ``version`` is None), as published.

    The frames equal the published ones, dtypes and index included, and the load reports
    are rebuilt from their ``to_dict()``, so :func:`analysis.build_report` on ``survey`` and
    ``loans`` gives the report the upload gave.

    Raises
    ------
    DataError
        No such name or version (code ``not_found``), or the store unreadable.
    """
    sql = (
        "SELECT id, name, version, published_at, publisher, members, waves, sha256, mapping, "
        "survey_report, loans_report FROM evaluations WHERE name = ? "
    )
    with _connect(store, write=False) as con:
        if version is None:
            row = con.execute(sql + "ORDER BY version DESC LIMIT 1", (name,)).fetchone()
        else:
            row = con.execute(sql + "AND version = ?", (name, int(version))).fetchone()
        if row is None:
            raise _not_found(name, version)
        eid, nm, ver, at, who, members, waves, hashes, mapping, srep, lrep = row
        survey = _read_role(con, eid, "survey", srep)
        loans = None if lrep is None else _read_role(con, eid, "loans", lrep)
    return Evaluation(
        nm, ver, at, who, members, tuple(json.loads(waves)), json.loads(hashes),
        json.loads(mapping), survey, loans,
    )  # fmt: skip


def rename(store: StoreLike, old: str, new: str, *, by: str = "unknown") -> None:
    """Rename every version of ``old`` to ``new`` (which must not be taken).

    Raises
    ------
    DataError
        ``old`` not saved (``not_found``), ``new`` already used (``name_taken``), a bad name.
    """
    new = _check_name(new)
    with _connect(store, write=True) as con:
        versions = [
            v for (v,) in con.execute("SELECT version FROM evaluations WHERE name=?", (old,))
        ]
        if not versions:
            raise _not_found(old, None)
        if con.execute("SELECT 1 FROM evaluations WHERE name = ?", (new,)).fetchone():
            raise DataError(
                Message(
                    f"an evaluation named {new} already exists",
                    f"evaluasi bernama {new} sudah ada",
                ),
                code="name_taken",
            )
        con.execute("UPDATE evaluations SET name = ? WHERE name = ?", (new, old))
        _audit(con, by, "rename", new, None, {"from": old, "to": new, "versions": versions})


def delete(store: StoreLike, name: str, version: int | None = None, *, by: str = "unknown") -> int:
    """Delete one version of ``name``, or all of them (``version`` None); returns how many.

    Raises
    ------
    DataError
        Nothing saved under that name or version (``not_found``).
    """
    with _connect(store, write=True) as con:
        sql = "SELECT id, version, sha256 FROM evaluations WHERE name = ?"
        args: tuple[Any, ...] = (name,)
        if version is not None:
            sql, args = sql + " AND version = ?", (name, int(version))
        rows = con.execute(sql, args).fetchall()
        if not rows:
            raise _not_found(name, version)
        for eid, _, _ in rows:
            con.execute("DELETE FROM parts WHERE evaluation_id = ?", (eid,))
            con.execute("DELETE FROM evaluations WHERE id = ?", (eid,))
        detail = {"versions": [v for _, v, _ in rows], "sha256": [json.loads(h) for *_, h in rows]}
        _audit(con, by, "delete", name, version, detail)
    return len(rows)


def audit_log(store: StoreLike = None) -> pd.DataFrame:
    """Every publish, rename and delete, oldest first.

    Returns
    -------
    DataFrame with columns ``at`` (UTC ISO), ``who``, ``action`` (``publish``, ``rename``,
    ``delete``), ``name``, ``version`` (missing for a rename or a delete of every version),
    ``detail`` (JSON text: the input hashes, or the old and new names).
    """
    with _connect(store, write=False) as con:
        rows = con.execute(
            "SELECT at, who, action, name, version, detail FROM audit ORDER BY id"
        ).fetchall()
    out = pd.DataFrame(rows, columns=["at", "who", "action", "name", "version", "detail"])
    return out.astype({"version": "Int64"})


#: Public names without the clash of ``analysis.rename``/``analysis.delete`` with other verbs.
rename_evaluation = rename
delete_evaluation = delete
