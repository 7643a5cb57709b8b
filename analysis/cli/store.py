"""``python -m analysis store {publish,list,delete,rename,hash-passphrase}``: saved evaluations.

Each subcommand calls :mod:`analysis.store` as the dashboard does. ``--store PATH`` chooses the
data directory (default ``BERDAYA_DATA_DIR``, else ``./.berdaya``). Exit codes: 0 done, 1 the
data cannot be published or the store refused (busy, no such evaluation), 2 a usage error.
:func:`register` also gives ``report`` its ``--from-store NAME [--version N]``.
"""

from __future__ import annotations

import argparse
import getpass
import json
import sys


def _store_arg(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--store",
        metavar="PATH",
        help="data directory of the store (default $BERDAYA_DATA_DIR, else ./.berdaya)",
    )


def _who() -> str:
    try:
        return getpass.getuser()
    except (OSError, KeyError):
        return "unknown"


def register(sub: argparse._SubParsersAction) -> None:
    """Add ``store`` to the subcommands, and ``--from-store`` to ``report`` when present."""
    from analysis.cli import _add_input_args

    s = sub.add_parser("store", help="saved evaluations: publish, list, delete, rename")
    ss = s.add_subparsers(dest="store_command", required=True)
    p = ss.add_parser("publish", help="load a survey (and loans) and save it as an evaluation")
    _add_input_args(p)
    p.add_argument("--name", required=True, help="evaluation name (a new version if it exists)")
    p.add_argument("--publisher", default=None, help="who publishes (default: the user name)")
    ls = ss.add_parser("list", help="list the saved evaluations")
    ls.add_argument("--format", choices=["json", "table"], default="table")
    d = ss.add_parser("delete", help="delete an evaluation (every version, or one)")
    d.add_argument("name")
    d.add_argument("--version", type=int, help="only this version")
    rn = ss.add_parser("rename", help="rename an evaluation (every version)")
    rn.add_argument("old")
    rn.add_argument("new")
    for q in (d, rn):
        q.add_argument("--by", default=None, help="who, for the audit log (default: user name)")
    ss.add_parser("hash-passphrase", help="print a passphrase hash for the secrets")
    for q in (p, ls, d, rn):
        _store_arg(q)

    report = sub.choices.get("report")
    if report is not None:
        for action in report._actions:
            if action.dest == "survey":  # not needed when the data come from the store
                action.nargs, action.required, action.default = "?", False, None
        report.add_argument("--from-store", metavar="NAME", help="a saved evaluation instead")
        report.add_argument("--version", type=int, help="its version (default: the latest)")
        _store_arg(report)


def run(args: argparse.Namespace) -> int:
    """Run ``store SUBCOMMAND``; returns the exit code."""
    from analysis.messages import DataError

    command = {
        "publish": _publish,
        "list": _list,
        "delete": _delete,
        "rename": _rename,
        "hash-passphrase": _hash_passphrase,
    }[args.store_command]
    try:
        return command(args)
    except DataError as exc:
        print(f"error: {exc.text('en')}", file=sys.stderr)
        return 1


def _publish(args: argparse.Namespace) -> int:
    from analysis.cli.inputs import UsageError, read_cli_inputs, usage_error
    from analysis.cli.report import _load
    from analysis.store import publish

    try:
        inputs = read_cli_inputs(args)
    except UsageError as exc:
        return usage_error(exc)
    survey = _load("survey", args.survey, inputs.survey_map, inputs.options, "en")
    loans = None
    if survey is not None and args.loans:
        loans = _load("loans", args.loans, inputs.loans_map, inputs.loans_options, "en")
    if survey is None or (args.loans and loans is None):
        return 1
    mapping = {
        "survey": inputs.survey_map,
        "loans": inputs.loans_map,
        "options": inputs.options,
    }
    version = publish(
        args.store, args.name, survey, loans, mapping=mapping, publisher=args.publisher or _who()
    )
    members = int(survey.data["member_id"].nunique())
    print(f"published {args.name} version {version} ({members} members)")
    return 0


def _list(args: argparse.Namespace) -> int:
    from analysis.store import list_evaluations

    table = list_evaluations(args.store)
    if args.format == "json":
        records = json.loads(table.to_json(orient="records"))
        print(json.dumps(records, ensure_ascii=False, indent=1))
    elif table.empty:
        print("no saved evaluations")
    else:
        print(table.drop(columns=["loans_sha256"]).to_string(index=False))
    return 0


def _delete(args: argparse.Namespace) -> int:
    from analysis.store import delete

    n = delete(args.store, args.name, args.version, by=args.by or _who())
    print(f"deleted {n} version(s) of {args.name}")
    return 0


def _rename(args: argparse.Namespace) -> int:
    from analysis.store import rename

    rename(args.store, args.old, args.new, by=args.by or _who())
    print(f"renamed {args.old} to {args.new}")
    return 0


def _hash_passphrase(args: argparse.Namespace) -> int:
    from analysis.store.auth import hash_passphrase

    if sys.stdin.isatty():
        first = getpass.getpass("passphrase: ")
        if getpass.getpass("again: ") != first:
            print("usage error: the two passphrases differ", file=sys.stderr)
            return 2
    else:  # scripted: the first line of standard input
        first = sys.stdin.readline().rstrip("\r\n")
    if not first:
        print("usage error: the passphrase is empty (there is no default)", file=sys.stderr)
        return 2
    print(hash_passphrase(first))
    print(
        'paste it into .streamlit/secrets.toml as [berdaya] editor_passphrase_hash = "..." '
        "or set BERDAYA_EDITOR_PASSPHRASE_HASH",
        file=sys.stderr,
    )
    return 0
