"""No identifier leaves through the command line, wherever a file holds it (issue 10).

Hypothesis plants NIKs, phone numbers (in their written forms) and personal names in every
position a survey can hold them: the member id, a numeric cell, a text field, an extra
column, a name column, a column header. Every output of ``validate --json`` and of
``report`` as JSON and Markdown, in both languages, is then searched for them.
"""

from __future__ import annotations

import contextlib
import io
import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as hs

from analysis.cli import main

# drawn digits between fixed, distinctive ends: a shrunk example stays a realistic number
# (3509 000000 718329), never a run of zeros that any statistic could contain
_NIK = hs.integers(0, 999_999).map(lambda k: f"3509{k:06d}718329")
_PHONE = hs.integers(0, 9_999).map(lambda k: f"0812{k:04d}7391")
_NAME = hs.sampled_from(["Siti Rahayu", "Sri Wahyuni", "Budi Santoso", "Dewi Lestari"])
_FORMS = hs.sampled_from(["plain", "spaced", "dashed", "plus62"])


def _written(number: str, form: str) -> str:
    if form == "spaced":
        return " ".join(number[i : i + 4] for i in range(0, len(number), 4))
    if form == "dashed":
        return "-".join(number[i : i + 4] for i in range(0, len(number), 4))
    if form == "plus62" and number.startswith("08"):
        return "+62 " + number[1:]
    return number


@hs.composite
def _planted(draw: hs.DrawFn) -> tuple[bytes, list[str]]:
    nik, phone, name = draw(_NIK), draw(_PHONE), draw(_NAME)
    form = draw(_FORMS)
    where = draw(hs.sampled_from(["id", "income", "coop", "extra", "name_col", "header"]))
    secrets = [nik, phone, name]
    header = [
        "member_id",
        "wave",
        "income",
        "in_program",
        "cooperative_id",
        "catatan",
        "nama_ketua",
    ]
    if where == "header":
        header[5] = f"catatan {phone}"
    rows = [",".join(header)]
    for i in range(24):
        member = _written(nik[:-2] + f"{i:02d}", form) if where == "id" else f"A{i:03d}"
        for wave, inc in ((2021, 1_000_000 + i), (2023, 1_200_000 + 3 * i)):
            income = _written(phone, form) if (where == "income" and i == 3) else str(inc)
            coop = (
                f"Kopwan {_written(phone, form)}" if (where == "coop" and i == 5) else "Kopwan Gama"
            )
            note = f"hub {_written(phone, form)} NIK {nik}" if where == "extra" else "ok"
            leader = name if where == "name_col" else "x"
            rows.append(f'"{member}",{wave},"{income}",{i % 2},"{coop}","{note}","{leader}"')
    if where == "id":
        secrets = [nik[:-2]]  # the 14 first digits of every planted NIK
    return ("\n".join(rows) + "\n").encode(), secrets


def _digits(text: str) -> str:
    return re.sub(r"[ \-+.]", "", text)


def _run(argv: list[str]) -> str:
    """What the command line prints (it writes bytes to standard output's buffer)."""
    out = io.TextIOWrapper(io.BytesIO(), encoding="utf-8")
    err = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        main(argv)
    out.flush()
    return out.buffer.getvalue().decode("utf-8") + err.getvalue()


@settings(
    max_examples=10, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow]
)
@given(case=_planted())
def test_no_output_of_the_command_line_holds_a_planted_identifier(case, tmp_path_factory) -> None:
    import json

    from analysis import report_markdown

    raw, secrets = case
    path = tmp_path_factory.mktemp("leak") / "s.csv"
    path.write_bytes(raw)
    validate = _run(["validate", str(path), "--json"])
    report = _run(["report", str(path), "--allow-dropped", "--lang", "id"])
    texts = [validate, report]
    if report.lstrip().startswith("{"):  # the Markdown of the same report, both languages
        rep = json.loads(report)
        texts += [report_markdown(rep, "en"), report_markdown(rep, "id")]
    text = "\n".join(texts)
    flat = _digits(text)
    for secret in secrets:
        if secret.isdigit():
            assert secret not in flat and secret[1:] not in flat  # with or without its 0
        else:
            assert secret not in text
