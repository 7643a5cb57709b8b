"""Personal identifiers: keyed pseudonyms for NIKs, names and phones dropped, the key kept secret."""

from __future__ import annotations

import hashlib
import hmac
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from analysis.ingest.privacy import (
    SAMPLE_SIZE,
    PiiAction,
    find_identifiers,
    pseudonym_key,
    pseudonymise,
    pseudonymise_values,
)
from analysis.messages import DataError

KEY = b"test key: not a real secret, 32b"
OTHER_KEY = b"another test key, also not real!"
NIKS = ["3509194501850001", "3509196607900002", "3509195212880003"]
NAMES = ["Siti Aminah", "Sri Wahyuni", "Nur Hasanah"]
PHONES = ["081234567890", "+62 813-3344-5566", "6285712345678"]


def _reference(value: str, key: bytes = KEY) -> str:
    """The pseudonym by the standard library's HMAC, independent of the module's own."""
    return "P" + hmac.new(key, value.encode("utf-8"), hashlib.sha256).hexdigest()[:16]


@pytest.fixture
def members() -> pd.DataFrame:
    """A raw survey as read: ids, NIK, name, phone, and ordinary columns, all text."""
    return pd.DataFrame(
        {
            "id_anggota": ["A001", "A002", "A003"],
            "NIK": NIKS,
            "Nama Lengkap": NAMES,
            "No. HP": PHONES,
            "kelurahan": ["Mangli", "Sempusari", "Kepatihan"],
            "pendapatan": ["1.500.000", "900.000", "1.200.000"],
        },
        dtype="str",
    )


def _cells(df: pd.DataFrame) -> set[str]:
    """Every cell and column name of a frame, as text."""
    return {str(v) for v in df.to_numpy().ravel()} | {str(c) for c in df.columns}


def test_pseudonyms_are_the_keyed_hmac_of_the_value() -> None:
    out = pseudonymise_values(pd.Series(NIKS), KEY)
    assert out.tolist() == [_reference(n) for n in NIKS]


def test_pseudonyms_are_deterministic_per_key_and_differ_across_keys() -> None:
    s = pd.Series(NIKS)
    first = pseudonymise_values(s, KEY)
    again = pseudonymise_values(s.iloc[::-1], KEY)
    other = pseudonymise_values(s, OTHER_KEY)
    assert first.tolist() == again.iloc[::-1].tolist()
    assert not set(first) & set(other)


def test_pseudonyms_never_use_the_unkeyed_hash() -> None:
    out = set(pseudonymise_values(pd.Series(NIKS), KEY))
    unkeyed = {hashlib.sha256(n.encode()).hexdigest()[:16] for n in NIKS}
    assert not {p[1:] for p in out} & unkeyed


def test_keys_longer_than_a_hash_block_follow_rfc_2104() -> None:
    long_key = b"k" * 100  # hmac hashes such keys first; the fast path must too
    assert pseudonymise_values(pd.Series(["x"]), long_key).iloc[0] == _reference("x", long_key)


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        # blanks and missing stay missing; padding is ignored
        (["  3509194501850001 ", "", None], [_reference(NIKS[0]), None, None]),
        # a NIK read as a whole-number float is the same NIK
        ([3509194501850001.0, np.nan], [_reference("3509194501850001"), None]),
        # repeats get the same pseudonym
        (["A1", "A1", "B2"], [_reference("A1"), _reference("A1"), _reference("B2")]),
    ],
)
def test_pseudonymise_values_handles_blanks_numbers_and_repeats(
    values: list[object], expected: list[str | None]
) -> None:
    out = pseudonymise_values(pd.Series(values), KEY)
    assert [None if pd.isna(v) else v for v in out] == expected
    assert out.dtype == "str"


def test_custom_prefix_is_used() -> None:
    assert pseudonymise_values(pd.Series(["1"]), KEY, prefix="M").iloc[0].startswith("M")


def test_pseudonymise_removes_every_nik_name_and_phone(members: pd.DataFrame) -> None:
    res = pseudonymise(members, KEY)
    cells = _cells(res.frame)
    for secret in (*NIKS, *NAMES, *PHONES):
        assert not any(secret in c for c in cells), secret
    assert list(res.frame.columns) == ["id_anggota", "nik_pseudonym", "kelurahan", "pendapatan"]
    assert res.frame["nik_pseudonym"].tolist() == [_reference(n) for n in NIKS]


def test_no_identifier_or_key_appears_in_the_actions(members: pd.DataFrame) -> None:
    res = pseudonymise(members, KEY)
    text = repr(res.actions)
    for secret in (*NIKS, *NAMES, *PHONES, KEY.decode()):
        assert secret not in text
    assert not any(KEY.decode() in c for c in _cells(res.frame))


def test_pseudonymise_reports_each_column_in_order(members: pd.DataFrame) -> None:
    res = pseudonymise(members, KEY)
    assert [(a.column, a.kind, a.action, a.new_column) for a in res.actions] == [
        ("NIK", "nik", "pseudonymised", "nik_pseudonym"),
        ("Nama Lengkap", "name", "dropped", None),
        ("No. HP", "phone", "dropped", None),
    ]
    assert all(isinstance(a, PiiAction) and a.reason.en and a.reason.id for a in res.actions)


@pytest.mark.parametrize(
    ("values", "kind"),
    [
        (NIKS, "nik"),  # 16 digits
        (["3509 1945 0185 0001", "3509-1966-0790-0002"], "nik"),  # typed with separators
        (["081234567890", "0856 1234 5678", "0813-3344-5566"], "phone"),  # 08...
        (["6281234567890", "+6285712345678", "+62 813 3344 5566"], "phone"),  # 62 / +62
        ([*PHONES] * 3 + ["tidak punya"], "phone"),  # 9 of 10 (90%) is enough
        ([*PHONES] * 2 + ["tidak punya", "-", "?"], None),  # 6 of 9 (67%) is not
        (["A001", "A002", "A003"], None),  # member codes
        (["1500000", "900000", "1200000"], None),  # incomes
        (["0331 123456", "0331 654321"], None),  # Jember landlines: not mobile numbers
        (["", None, ""], None),  # empty column
    ],
)  # fmt: skip
def test_unnamed_columns_are_recognised_by_their_values(
    values: list[object], kind: str | None
) -> None:
    df = pd.DataFrame({"kolom_x": values, "income": range(len(values))})
    res = pseudonymise(df, KEY)
    assert [a.kind for a in res.actions] == ([kind] if kind else [])
    if kind == "nik":
        assert res.frame["nik_pseudonym"].notna().all()
        assert "100%" in res.actions[0].reason.en  # every sampled value is a NIK
    if kind == "phone":
        assert "kolom_x" not in res.frame.columns


def test_a_nik_column_read_as_numbers_is_recognised() -> None:
    df = pd.DataFrame({"kode": [int(n) for n in NIKS]})
    res = pseudonymise(df, KEY)
    assert res.frame["nik_pseudonym"].tolist() == [_reference(n) for n in NIKS]


def test_nik_separators_do_not_change_the_pseudonym() -> None:
    spaced = pd.DataFrame({"nik": ["3509 1945 0185 0001"]})
    plain = pd.DataFrame({"no_ktp": ["3509194501850001"]})
    a = pseudonymise(spaced, KEY).frame["nik_pseudonym"].iloc[0]
    b = pseudonymise(plain, KEY).frame["nik_pseudonym"].iloc[0]
    assert a == b == _reference("3509194501850001")


def test_an_id_column_of_niks_is_pseudonymised_in_place_and_links_datasets() -> None:
    survey = pd.DataFrame({"id_anggota": NIKS, "pendapatan": ["1", "2", "3"]})
    loans = pd.DataFrame({"NIK": NIKS[::-1], "pokok": ["5", "6", "7"]})
    s = pseudonymise(survey, KEY, id_column="id_anggota")
    ln = pseudonymise(loans, KEY)
    assert list(s.frame.columns) == ["id_anggota", "pendapatan"]
    assert s.actions[0].action == "pseudonymised" and s.actions[0].new_column == "id_anggota"
    assert s.frame["id_anggota"].tolist() == ln.frame["nik_pseudonym"].iloc[::-1].tolist()


def test_an_id_column_of_phone_numbers_is_kept_as_pseudonyms() -> None:
    df = pd.DataFrame({"no_hp": PHONES, "x": ["1", "2", "3"]})
    res = pseudonymise(df, KEY, id_column="no_hp")
    assert res.frame["no_hp"].tolist() == [_reference(p) for p in PHONES]


def test_an_ordinary_id_column_is_left_alone(members: pd.DataFrame) -> None:
    res = pseudonymise(members, KEY, id_column="id_anggota")
    assert res.frame["id_anggota"].tolist() == ["A001", "A002", "A003"]


def test_a_second_nik_column_gets_its_own_pseudonym_column() -> None:
    df = pd.DataFrame({"nik": NIKS[:1], "nik_suami": NIKS[1:2], "nik_pseudonym": ["Pold"]})
    res = pseudonymise(df, KEY)
    assert list(res.frame.columns) == ["nik_pseudonym_2", "nik_pseudonym_3", "nik_pseudonym"]
    assert res.frame["nik_pseudonym"].tolist() == ["Pold"]  # an earlier pseudonym kept


@pytest.mark.parametrize(
    "phones",
    [
        ["081234567890", "085712345678"],  # as typed
        ["81234567890", "85712345678"],  # leading zero lost by a spreadsheet
        [81234567890, 85712345678],  # read as numbers
    ],
)
def test_phone_columns_are_dropped_whatever_became_of_their_leading_zero(
    phones: list[object],
) -> None:
    res = pseudonymise(pd.DataFrame({"telepon": phones, "x": [1, 2]}), KEY)
    assert list(res.frame.columns) == ["x"]


def test_a_frame_without_identifiers_comes_back_unchanged() -> None:
    df = pd.DataFrame({"id_anggota": ["A001"], "pendapatan": ["1500000"]})
    res = pseudonymise(df, KEY)
    assert res.frame is df and res.actions == ()


def test_an_unknown_id_column_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match="'member' is not in the data"):
        pseudonymise(pd.DataFrame({"x": [1]}), KEY, id_column="member")


@pytest.mark.parametrize(
    ("environ", "key", "ephemeral"),
    [
        # the variable, surrounding whitespace removed
        ({"BERDAYA_PSEUDONYM_KEY": " a-long-enough-secret \n"}, b"a-long-enough-secret", False),
        # the variable wins over the file
        ({"BERDAYA_PSEUDONYM_KEY": "a-long-enough-secret", "BERDAYA_PSEUDONYM_KEY_FILE": "/nope"},
         b"a-long-enough-secret", False),
    ],
)  # fmt: skip
def test_pseudonym_key_comes_from_the_environment(
    environ: dict[str, str], key: bytes, ephemeral: bool
) -> None:
    assert pseudonym_key(environ) == (key, ephemeral)


def test_pseudonym_key_can_come_from_a_file(tmp_path: Path) -> None:
    path = tmp_path / "key"
    path.write_bytes(b"file-secret-0123456789\n")
    assert pseudonym_key({"BERDAYA_PSEUDONYM_KEY_FILE": str(path)}) == (
        b"file-secret-0123456789",
        False,
    )


def test_without_configuration_the_key_is_random_but_stable_in_the_process() -> None:
    key, ephemeral = pseudonym_key({"BERDAYA_PSEUDONYM_KEY": ""})
    assert ephemeral and len(key) == 32
    assert pseudonym_key({}) == (key, True)


@pytest.mark.parametrize(
    ("environ", "message"),
    [
        ({"BERDAYA_PSEUDONYM_KEY": "abc123"}, "too short"),  # 6 characters
        ({"BERDAYA_PSEUDONYM_KEY_FILE": "/no/such/key/file"}, "Cannot read"),
    ],
)
def test_bad_key_configuration_is_a_clear_error_without_the_key(
    environ: dict[str, str], message: str
) -> None:
    with pytest.raises(DataError, match=message) as err:
        pseudonym_key(environ)
    assert "abc123" not in err.value.message.en and "abc123" not in err.value.message.id
    assert err.value.message.id  # Indonesian too


def test_a_long_column_is_judged_on_a_sample_of_a_thousand_values() -> None:
    # 5,000 NIKs: the evidence names the sample size, SAMPLE_SIZE (1,000), not 5,000.
    niks = pd.Series([f"3509{i:012d}" for i in range(5000)], dtype="str")
    found = find_identifiers(pd.DataFrame({"kode": niks}))
    assert found == {"kode": ("nik", 1.0, SAMPLE_SIZE)}


def test_a_mostly_blank_column_is_sampled_among_its_filled_cells() -> None:
    # 20,000 rows, a phone number in one row of 50: an evenly spaced sample of the rows
    # would be mostly blank, so the filled cells (400) are sampled instead.
    phones = pd.Series([None] * 20000, dtype="str")
    phones.iloc[::50] = "081234567890"
    found = find_identifiers(pd.DataFrame({"kontak": phones, "x": range(20000)}))
    assert found == {"kontak": ("phone", 1.0, 400)}


def test_a_sample_reads_text_numbers_and_blanks_alike() -> None:
    # An Arrow text column in several chunks, a float column of whole numbers, blanks.
    text = pd.concat(
        [pd.Series(["081234567890"] * 1500, dtype="str"), pd.Series(["", "  "] * 750, dtype="str")],
        ignore_index=True,
    )
    floats = pd.Series([3509194501850001.0] * 2999 + [np.nan])
    found = find_identifiers(pd.DataFrame({"a": text, "b": floats}))
    assert found["a"][0] == "phone" and found["a"][2] == 500  # blanks are not sampled
    assert found["b"][:2] == ("nik", 1.0)


def test_pseudonymise_shares_the_columns_it_does_not_touch(members: pd.DataFrame) -> None:
    df = members.assign(angka=np.arange(3.0))
    res = pseudonymise(df, KEY)
    assert np.shares_memory(res.frame["angka"].to_numpy(), df["angka"].to_numpy())
    assert res.frame.index.equals(df.index)


# --- issue 9, item 7: precise masking -----------------------------------------------------


def test_decimals_and_negatives_in_the_problem_list_are_never_masked() -> None:
    import numpy as np

    from analysis.ingest.loaders import _mask_pii

    cells = np.array(["0.81234567", "-2.8134", "289,7899", "0.0812345678", "-5"], dtype=object)
    assert _mask_pii(cells).tolist() == cells.tolist()


def test_phones_and_niks_in_their_written_forms_are_masked() -> None:
    import numpy as np

    from analysis.ingest.loaders import _mask_pii

    cells = ["081234567890", "0812-3456-7890", "+62 812 3456 7890", "3509123456789012", "812345678"]
    assert set(_mask_pii(np.array(cells, dtype=object)).tolist()) == {"[masked]"}
