"""A loader no file can crash (issue 10): long cells, and a property-based fuzz of the bytes."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as hs

from analysis import load_loans, load_survey
from analysis.messages import DataError


@pytest.mark.parametrize("n", [200_000, 2_000_000])
def test_a_note_cell_longer_than_the_csv_modules_limit_is_read(n: int) -> None:
    # the csv module's default field limit is 128 KB: a long note in the first rows crashed
    # the delimiter sniffer with "_csv.Error: field larger than field limit"
    raw = b"member_id,wave,income,note\n1,2021,100," + b"x" * n + b"\n1,2023,150,ok\n"
    loaded = load_survey(raw + b"2,2021,90,\n2,2023,95,\n")
    assert loaded.report.can_analyse and len(loaded.data) == 4
    assert loaded.data["note"].str.len().tolist()[:2] == [n, 2]


_CELLS = hs.one_of(
    hs.sampled_from(["", "1", "0", "2021", "2023", "Rp 1.500.000", "1,5 jt", "-", "ya", "tidak",
                     "081234567890", "3509123456789012", "abc", "1.500", "2,5", '"', "\u200b7"]),
    hs.text(max_size=12),
)  # fmt: skip


@hs.composite
def _csvish(draw: hs.DrawFn) -> bytes:
    header = draw(
        hs.lists(
            hs.sampled_from(["member_id", "wave", "income", "in_program", "capital", "nama",
                             "no_hp", "tanggal", "x", "income_2021", "income_2023", ""]),
            min_size=1, max_size=6,
        )
    )  # fmt: skip
    sep = draw(hs.sampled_from([",", ";", "\t", "|"]))
    rows = draw(hs.lists(hs.lists(_CELLS, min_size=0, max_size=7), max_size=8))
    text = "\n".join([sep.join(header), *(sep.join(r) for r in rows)])
    enc = draw(hs.sampled_from(["utf-8", "utf-8-sig", "cp1252", "utf-16"]))
    return text.encode(enc, errors="replace")


@settings(
    max_examples=150, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow]
)
@given(raw=hs.one_of(_csvish(), hs.binary(max_size=600)))
def test_any_bytes_give_a_report_never_an_exception(raw: bytes) -> None:
    # bounded (150 examples each for survey and loans, a few seconds): the loaders answer any
    # bytes with a LoadReport; only the project's own DataError may ever be raised
    for loader in (load_survey, load_loans):
        try:
            loaded = loader(raw)
        except DataError:
            continue
        report = loaded.report
        assert report.can_analyse or report.errors or report.questions
        if report.can_analyse:
            assert report.n_rows_kept == len(loaded.data)
        else:  # the frame of a file that cannot be analysed is empty, the report says why
            assert loaded.data.empty and report.errors


@pytest.mark.parametrize(
    "raw",
    [
        b"\xef\xbb\xbf\n1\n1,5 jt",  # a BOM, a blank line, a long row: its frame row was off by 1
        b"member_id\nINF",  # 'INF' read as infinity by the C parser, then cast to an integer
    ],
)
def test_files_the_fuzzer_found(raw: bytes) -> None:
    for loader in (load_survey, load_loans):
        assert loader(raw).report is not None


@settings(
    max_examples=40, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow]
)
@given(raw=_csvish())
def test_validate_and_report_answer_any_file_with_an_exit_code(
    raw: bytes, tmp_path_factory
) -> None:
    # the command line's whole path (loaders, every analysis, the writers): an exit code and
    # the project's own words, never a traceback
    import contextlib
    import io

    from analysis.cli import main

    path = tmp_path_factory.mktemp("fuzz") / "s.csv"
    path.write_bytes(raw)
    for argv in (["validate", str(path)], ["report", str(path), "--allow-dropped"]):
        err = io.StringIO()
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(err):
            code = main(argv)
        assert code in (0, 1, 2)
        assert "Traceback" not in err.getvalue()
