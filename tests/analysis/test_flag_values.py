"""Program status as people record it (issue 9, item 4): the usual words and the user's own."""

from __future__ import annotations

import pytest

from analysis import load_survey
from analysis.cli import build_parser
from analysis.cli.inputs import UsageError, read_cli_inputs

KEY = b"test-key-for-pseudonyms-0123456789"
MAP = {"member_id": "id", "wave": "year", "income": "inc", "in_program": "grp"}


def _groups(a: str, b: str, **kw) -> list[object]:
    csv = f"id,year,inc,grp\n1,2019,100,{a}\n1,2021,150,{a}\n2,2019,90,{b}\n2,2021,95,{b}\n"
    loaded = load_survey(csv.encode(), MAP, pseudonym_key=KEY, **kw)
    assert loaded.report.problems.empty, loaded.report.problems
    return loaded.data["in_program"].tolist()


@pytest.mark.parametrize(
    ("yes", "no"),
    [("1", "0"), ("ya", "tidak"), ("Yes", "No"), ("TRUE", "FALSE"), ("peserta", "bukan peserta"),
     ("program", "pembanding"), ("Treated", "Control")],
)  # fmt: skip
def test_the_usual_ways_of_writing_program_status_are_read(yes: str, no: str) -> None:
    assert _groups(yes, no) == [1, 1, 0, 0]


def test_any_two_values_the_user_maps_are_read_text_or_numeric_codes() -> None:
    assert _groups(
        "Kelompok A", "Kelompok B", values={"in_program": {"Kelompok A": 1, "Kelompok B": 0}}
    ) == [1, 1, 0, 0]
    # codes 2/1 (a Stata treat variable): the user's own meaning overrides nothing else
    assert _groups("2", "1", values={"in_program": {"2": 1, "1": 0}}) == [1, 1, 0, 0]


def test_a_user_value_may_turn_a_known_word_around() -> None:
    # in this study 'program' names the old program, the comparison group
    assert _groups("baru", "program", values={"in_program": {"baru": 1, "program": 0}}) == [
        1,
        1,
        0,
        0,
    ]


def test_a_value_mapped_to_something_else_than_0_or_1_is_refused() -> None:
    with pytest.raises(ValueError, match="1 or 0"):
        _groups("A", "B", values={"in_program": {"A": "yes please"}})


def test_values_on_the_command_line_and_in_a_mapping_file(tmp_path) -> None:
    m = tmp_path / "m.toml"
    m.write_text('[values.in_program]\n"Kelompok A" = 1\n"Kelompok B" = 0\n', encoding="utf-8")
    s = tmp_path / "s.csv"
    s.write_text("id\n", encoding="utf-8")
    args = build_parser().parse_args(
        ["validate", str(s), "--mapping", str(m), "--value", "in_program:Kelompok C=0"]
    )
    values = read_cli_inputs(args).options["values"]
    assert values == {"in_program": {"Kelompok A": 1, "Kelompok B": 0, "Kelompok C": "0"}}
    bad = build_parser().parse_args(["validate", str(s), "--value", "in_program=1"])
    with pytest.raises(UsageError, match="FIELD:TEXT"):
        read_cli_inputs(bad)
