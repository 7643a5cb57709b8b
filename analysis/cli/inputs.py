"""Reading the inputs ``validate`` and ``report`` share: files, ``--map`` and ``--mapping``.

One reading of the mapping conventions for both commands: loans fields as ``loans.FIELD`` or
under a ``[loans]`` table, a mapping file naming only loans fields applying to ``--loans``.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from analysis.ingest.mapping import known_fields, read_load_options, read_mapping, split_mapping


class UsageError(ValueError):
    """The command line cannot be acted on (exit code 2)."""


@dataclass(frozen=True)
class CliInputs:
    """The mappings and reading options named on the command line."""

    survey_map: dict[str, str]
    loans_map: dict[str, str]
    options: dict[str, Any]  # number_styles, date_format, units and sheet, for the survey
    loans_options: dict[str, Any]  # the same for the loans ledger (its own sheet)


def read_cli_inputs(args: argparse.Namespace) -> CliInputs:
    """Mappings and options from ``args.map``/``args.mapping``, the files checked to exist.

    Raises
    ------
    UsageError
        A malformed ``--map`` item or mapping file, an unknown field, or a missing file.
    """
    try:
        mapping = read_mapping(args.map or (), args.mapping)
        opts = read_load_options(args.mapping) if args.mapping else {}
        units = {**opts.get("units", {}), **_pairs(getattr(args, "unit", None), "--unit")}
    except (ValueError, OSError) as exc:
        raise UsageError(str(exc)) from exc
    survey_map, loans_map = split_mapping(mapping)
    if _loans_only(survey_map) and not loans_map:
        # a loans mapping file (data/templates/mapping_loans_example.toml) given alone
        survey_map, loans_map = {}, survey_map
    for m, kind in ((survey_map, "survey"), (loans_map, "loans")):
        names = known_fields(kind)  # type: ignore[arg-type]
        # FIELD@WAVE may name any per-wave column of a survey (an extra like totwrk@1975 too)
        bad = [
            f
            for f in m
            if ("@" in f and kind == "loans")
            or ("@" not in f and f not in names and not f.startswith("emp_"))
        ]
        if bad:
            raise UsageError(
                f"unknown {kind} field(s) in the mapping: {', '.join(bad)}; fields are "
                f"{', '.join(names)} and emp_* items"
                + ("; name loans fields loans.FIELD" if kind == "survey" else "")
            )
    for path in (args.survey, getattr(args, "loans", None)):
        if path is not None and not Path(path).is_file():
            raise UsageError(f"no such file: {path}")
    flag_values = dict(opts.get("values", {}))
    try:
        for item in getattr(args, "value", None) or ():
            fld, colon, rest = str(item).partition(":")
            text, eq, code = rest.rpartition("=")
            if not colon or not eq or not fld.strip() or not text.strip():
                raise ValueError(f"--value takes FIELD:TEXT=1 or FIELD:TEXT=0, got {item!r}")
            flag_values.setdefault(fld.strip(), {})[text.strip()] = code.strip()
    except ValueError as exc:
        raise UsageError(str(exc)) from exc
    common = {
        "values": flag_values,
        "number_styles": opts.get("number_styles", {}),
        "date_format": opts.get("date_format"),
        "units": units,
    }
    sheet = getattr(args, "sheet", None) or opts.get("sheet")
    loans_sheet = getattr(args, "loans_sheet", None) or opts.get("loans_sheet")
    given = getattr(args, "wave_order", None)
    wave_order = [w.strip() for w in given.split(",")] if given else opts.get("wave_order", [])
    return CliInputs(
        survey_map,
        loans_map,
        {**common, "sheet": sheet, "wave_order": wave_order or None},
        {**common, "sheet": loans_sheet},
    )


def _pairs(items: list[str] | None, option: str) -> dict[str, str]:
    """``KEY=VALUE`` items of a repeatable option as a dict."""
    out: dict[str, str] = {}
    for item in items or ():
        key, sep, value = str(item).partition("=")
        if not sep or not key.strip() or not value.strip():
            raise ValueError(f"{option} takes FIELD=UNIT, got {item!r}")
        out[key.strip()] = value.strip()
    return out


def say_why_not(what: tuple[str, str], path: str, report: Any, lang: str) -> None:
    """On standard error: why the file ``path`` (``what``: its kind in English and Indonesian)
    cannot be analysed, its errors and the loader's questions, in ``lang``."""
    en, id_ = what
    lines = [f"the {en} file {path} cannot be analysed:" if lang == "en"
             else f"berkas {id_} {path} tidak dapat dianalisis:"]  # fmt: skip
    lines += [f"  - {e.text(lang)}" for e in report.errors]
    lines += [f"  ? {q.message.text(lang)}" for q in getattr(report, "questions", ())]
    print("\n".join(lines), file=sys.stderr)


def usage_error(exc: UsageError) -> int:
    """Say what is wrong with the command line on standard error; exit code 2."""
    print(f"usage error: {exc}", file=sys.stderr)
    return 2


def _loans_only(mapping: dict[str, str]) -> bool:
    """Whether every field named is a loans field and some are loans-only ones."""
    survey, loans = set(known_fields("survey")), set(known_fields("loans"))
    names = set(mapping)
    return bool(names) and names <= loans and bool(names - survey)
