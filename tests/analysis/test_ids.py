"""Ids normalised (issue 10): a zero-width space or a direction mark does not make a new member."""

from __future__ import annotations

from analysis import load_loans, load_survey


def _survey() -> bytes:
    rows = ["member_id,wave,income"]
    for i in range(40):
        a = f"A{i:03d}"
        b = {
            1: a + "\u200b",
            2: "\u200f" + a,
            3: a.lower(),
            4: "\uff21" + a[1:],
            5: a[:2] + " " + a[2:],
        }
        rows += [f"{a},2021,100", f"{b.get(i, a)},2023,150"]
    return "\n".join(rows).encode()


def test_invisible_characters_and_compatibility_forms_are_one_member() -> None:
    loaded = load_survey(_survey())
    ids = set(loaded.data["member_id"])
    # 40 members; 'a003' (case) and 'A0 05' (a space) stay apart as written: 40 + 2 = 42, not 45
    # (1: zero-width space, 2: right-to-left mark, 4: full-width 'Ａ' NFKC -> 'A' are merged)
    assert len(ids) == 42
    assert "A001" in ids and "A001\u200b" not in ids and "A004" in ids
    notes = " ".join(m.en for m in loaded.report.conversions)
    assert "3 ids held invisible characters" in notes
    assert "differ only by upper/lower case or spaces" in notes and "'A003' = 'a003'" in notes


def test_loan_ids_are_normalised_too() -> None:
    csv = (
        "loan_id,member_id,principal,disbursed_on\n"
        "L1,A001,1000000,2022-01-05\nL2,A001\u200b,2000000,2022-03-05\n"
    ).encode()
    loaded = load_loans(csv)
    assert loaded.data["member_id"].tolist() == ["A001", "A001"]
