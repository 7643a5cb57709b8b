"""Frames and load reports to bytes and back, exactly: same values, same dtypes, same index.

Parquet (pyarrow, zstd) keeps strings, floats, nullable integers, datetimes and string
categoricals, but reads an integer-valued categorical (the survey's ``wave``, categories
``2021, 2022, 2023``) back as plain integers. So each categorical column is written as its
codes, and its categories as a one-column Parquet table of their own, and rebuilt with
``Categorical.from_codes`` (no re-hashing of a million rows).

A :class:`~analysis.ingest.loaders.LoadReport` is kept as its ``to_dict()`` (JSON) without the
problem rows, which go to Parquet; :func:`report_from_dict` rebuilds the dataclass.
"""

from __future__ import annotations

import dataclasses
import io
import json
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from analysis.ingest import loaders as _loaders
from analysis.ingest.mapping import Question
from analysis.messages import Message

#: Parts of one stored frame: "" the table itself, "cat:COLUMN" a categorical's categories.
Parts = dict[str, bytes]


def _parquet(table: pa.Table) -> bytes:
    buf = io.BytesIO()
    pq.write_table(table, buf, compression="zstd")
    return buf.getvalue()


def frame_to_parts(df: pd.DataFrame) -> Parts:
    """The Parquet bytes of ``df`` and of each categorical column's categories."""
    parts: Parts = {}
    plain = df
    cats = [c for c in df.columns if isinstance(df[c].dtype, pd.CategoricalDtype)]
    if cats:
        plain = df.copy(deep=False)
        for c in cats:
            dtype = df[c].dtype
            plain[c] = df[c].cat.codes.astype("int32")
            cat_frame = pd.DataFrame({"categories": dtype.categories})
            table = pa.Table.from_pandas(cat_frame, preserve_index=False)
            meta = {
                b"berdaya_ordered": b"1" if dtype.ordered else b"0",
                b"berdaya_name": json.dumps(dtype.categories.name).encode(),
            }
            parts[f"cat:{c}"] = _parquet(
                table.replace_schema_metadata(table.schema.metadata | meta)
            )
    parts[""] = _parquet(pa.Table.from_pandas(plain))
    return parts


def frame_from_parts(parts: Parts) -> pd.DataFrame:
    """The frame :func:`frame_to_parts` wrote."""
    df = pq.read_table(io.BytesIO(parts[""])).to_pandas()
    for key, raw in parts.items():
        if not key.startswith("cat:"):
            continue
        col = key[4:]
        table = pq.read_table(io.BytesIO(raw))
        meta = table.schema.metadata or {}
        ordered = meta.get(b"berdaya_ordered") == b"1"
        name = json.loads(meta.get(b"berdaya_name", b"null"))
        categories = pd.Index(table.to_pandas()["categories"]).rename(name)
        df[col] = pd.Categorical.from_codes(
            df[col].to_numpy(), categories=categories, ordered=ordered
        )
    return df


def report_to_dict(report: Any) -> dict[str, Any]:
    """A load report as JSON-ready data, without its problem rows (kept as a frame)."""
    d = report.to_dict(max_problems=0)
    d.pop("problems", None)
    return d


def _message(d: dict[str, str]) -> Message:
    return Message(d["en"], d["id"])


def _question(d: dict[str, Any]) -> Question:
    return Question(
        d["kind"], d["field"], d["column"], tuple(d["candidates"]), _message(d["message"])
    )


def _number_style(d: dict[str, Any]) -> Any:
    return _loaders.NumberStyleInfo(**{**d, "message": _message(d["message"])})


def _pii(d: dict[str, Any]) -> Any:
    return _loaders.PiiNote(d["column"], d["kind"], d["action"], _message(d["message"]))


_CONVERT = {
    "pii": lambda v: tuple(_pii(p) for p in v),
    "number_styles": lambda v: {k: _number_style(s) for k, s in v.items()},
    "conversions": lambda v: tuple(_message(m) for m in v),
    "errors": lambda v: tuple(_message(m) for m in v),
    "questions": lambda v: tuple(_question(q) for q in v),
}


def report_from_dict(d: dict[str, Any], problems: pd.DataFrame) -> Any:
    """The :class:`~analysis.ingest.loaders.LoadReport` that :func:`report_to_dict` wrote.

    Lists become tuples where the dataclass holds tuples; messages, questions, identifier
    notes and number styles their dataclasses again.
    """
    kwargs: dict[str, Any] = {}
    for f in dataclasses.fields(_loaders.LoadReport):
        if f.name == "problems":
            kwargs[f.name] = problems
        elif f.name in d:
            value = d[f.name]
            if f.name in _CONVERT:
                value = _CONVERT[f.name](value)
            elif isinstance(value, list):
                value = tuple(value)
            kwargs[f.name] = value
    return _loaders.LoadReport(**kwargs)
