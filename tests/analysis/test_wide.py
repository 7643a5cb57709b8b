"""Wide surveys: which headers are waves, wide -> long values and order, round trips."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis.ingest.layouts import WideLayout, detect_wide, long_to_wide, wide_to_long


@pytest.mark.parametrize(
    ("columns", "stems", "waves"),
    [
        # English suffixes
        (["id", "income_before", "income_after"],
         {"income": {"before": "income_before", "after": "income_after"}}, ("before", "after")),
        # any X_before/X_after pair, even an unknown measure
        (["id", "skor_x_before", "skor_x_after"],
         {"skor_x": {"before": "skor_x_before", "after": "skor_x_after"}}, ("before", "after")),
        # Indonesian suffixes
        (["id", "pendapatan_sebelum", "pendapatan_sesudah"],
         {"pendapatan": {"sebelum": "pendapatan_sebelum", "sesudah": "pendapatan_sesudah"}},
         ("sebelum", "sesudah")),
        # Indonesian prefixes, mixed with a suffix for the same stem
        (["sebelum_pendapatan", "pendapatan_sesudah"],
         {"pendapatan": {"sebelum": "sebelum_pendapatan", "sesudah": "pendapatan_sesudah"}},
         ("sebelum", "sesudah")),
        # setelah is the other word for "after"
        (["omzet_sebelum", "omzet_setelah"],
         {"omzet": {"sebelum": "omzet_sebelum", "setelah": "omzet_setelah"}},
         ("sebelum", "setelah")),
        # awal/akhir on a known measure (omzet = revenue)
        (["id", "awal_omzet", "akhir_omzet"],
         {"omzet": {"awal": "awal_omzet", "akhir": "akhir_omzet"}}, ("awal", "akhir")),
        # awal/tengah/akhir on two unknown stems sharing the same waves
        (["a_awal", "a_tengah", "a_akhir", "b_awal", "b_tengah", "b_akhir"],
         {"a": {"awal": "a_awal", "tengah": "a_tengah", "akhir": "a_akhir"},
          "b": {"awal": "b_awal", "tengah": "b_tengah", "akhir": "b_akhir"}},
         ("awal", "tengah", "akhir")),
        # years, listed out of order, on a known measure
        (["id", "income_2014", "income_2012"],
         {"income": {2012: "income_2012", 2014: "income_2014"}}, (2012, 2014)),
        # years in a spreadsheet-style header; user's casing kept for the stem
        (["Pendapatan 2012", "Pendapatan 2014"],
         {"Pendapatan": {2012: "Pendapatan 2012", 2014: "Pendapatan 2014"}}, (2012, 2014)),
        # a year glued to the stem
        (["pendapatan2012", "pendapatan2014"],
         {"pendapatan": {2012: "pendapatan2012", 2014: "pendapatan2014"}}, (2012, 2014)),
        # empowerment items are known measures
        (["emp_decide_awal", "emp_decide_akhir"],
         {"emp_decide": {"awal": "emp_decide_awal", "akhir": "emp_decide_akhir"}},
         ("awal", "akhir")),
        # baseline/midline/endline
        (["income_endline", "income_baseline", "income_midline"],
         {"income": {"baseline": "income_baseline", "midline": "income_midline",
                     "endline": "income_endline"}}, ("baseline", "midline", "endline")),
    ],
)  # fmt: skip
def test_detect_wide_reads_each_naming_form(
    columns: list[str], stems: dict[str, dict[object, str]], waves: tuple[object, ...]
) -> None:
    layout = detect_wide(columns)
    assert layout is not None
    assert layout.stems == stems
    assert layout.waves == waves


@pytest.mark.parametrize(
    "columns",
    [
        ["id", "umur", "pendapatan"],  # no wave word at all
        ["id", "kode_2019", "pendapatan"],  # one year on an id: not a wave
        ["id", "tahun", "pendapatan"],  # the wave column of a long file
        ["kode_2019", "kode_2020"],  # two years, but one unknown stem and no partner
        ["tanggal_awal", "tanggal_akhir"],  # start/end dates, not waves
        ["id", "tahun", "modal_awal", "modal_akhir"],  # long file (tahun) with start/end
        ["income", "income_2012", "income_2014"],  # long stem already a column
        ["2012", "2014"],  # bare years, no stem
    ],
)
def test_detect_wide_finds_no_waves_where_there_are_none(columns: list[str]) -> None:
    assert detect_wide(columns) is None


def test_detect_wide_keeps_stray_year_columns_outside_the_layout() -> None:
    layout = detect_wide(["id", "income_2012", "income_2014", "kode_2019", "tahun_lahir"])
    assert layout is not None
    assert layout.stems == {"income": {2012: "income_2012", 2014: "income_2014"}}


def test_detect_wide_lets_unknown_stems_join_the_anchor_waves() -> None:
    # skor has no schema synonym but its waves are the income waves; kode has others
    layout = detect_wide(["income_2012", "income_2014", "skor_2012", "skor_2014", "kode_2019",
                          "kode_2020"])  # fmt: skip
    assert layout is not None
    assert list(layout.stems) == ["income", "skor"]


def test_detect_wide_notes_duplicate_stem_and_wave() -> None:
    layout = detect_wide(["income_2012", "2012_income", "income_2014"])
    assert layout is not None
    assert layout.stems["income"][2012] == "income_2012"
    assert any("'2012_income'" in n.en and "'2012_income'" in n.id for n in layout.notes)


def test_detect_wide_picks_the_family_covering_most_columns_and_says_so() -> None:
    layout = detect_wide(["income_before", "income_after", "omzet_2012", "omzet_2014",
                          "laba_2012", "laba_2014"])  # fmt: skip
    assert layout is not None
    assert layout.waves == (2012, 2014)
    assert any("'income_before', 'income_after'" in n.en for n in layout.notes)


def test_year_waves_are_plain_ints() -> None:
    layout = detect_wide(["income_2012", "income_2014"])
    assert layout is not None
    assert [type(w) for w in layout.waves] == [int, int]


@pytest.fixture
def wide() -> pd.DataFrame:
    """Three members, income at two waves, revenue at three, kelurahan fixed, c attrits."""
    return pd.DataFrame(
        {
            "id_anggota": ["A001", "A002", "A003"],
            "kelurahan": ["Mangli", "Sempusari", "Kepatihan"],
            "income_2014": ["1.600.000", "1.100.000", None],
            "income_2012": ["1.500.000", "1.000.000", "900.000"],
            "omzet_2012": ["4000000", "3000000", "2000000"],
            "omzet_2014": ["4500000", "3100000", None],
            "omzet_2016": ["5000000", "3200000", None],
        },
        dtype="str",
    )


def test_wide_to_long_gives_one_row_per_member_per_wave(wide: pd.DataFrame) -> None:
    layout = detect_wide(wide.columns)
    assert layout is not None
    long = wide_to_long(wide, layout)
    assert list(long.columns) == ["id_anggota", "kelurahan", "wave", "income", "omzet"]
    assert long["id_anggota"].tolist() == ["A001"] * 3 + ["A002"] * 3 + ["A003"] * 3
    assert long["wave"].tolist() == [2012, 2014, 2016] * 3
    # values copied cell by cell from the fixture; income has no 2016 column
    assert long["income"].iloc[:2].tolist() == ["1.500.000", "1.600.000"]
    assert long["income"].isna().tolist() == [False, False, True, False, False, True,
                                              False, True, True]  # fmt: skip
    assert long["omzet"].iloc[3:6].tolist() == ["3000000", "3100000", "3200000"]
    assert long["kelurahan"].iloc[6:].tolist() == ["Kepatihan"] * 3
    assert long["income"].dtype == "str"  # a missing wave does not turn text into object


def test_wide_to_long_wave_is_an_ordered_categorical(wide: pd.DataFrame) -> None:
    layout = detect_wide(wide.columns)
    assert layout is not None
    wave = wide_to_long(wide, layout)["wave"]
    assert isinstance(wave.dtype, pd.CategoricalDtype) and wave.dtype.ordered
    assert wave.cat.categories.tolist() == [2012, 2014, 2016]
    assert (wave.iloc[0] < wave.iloc[1]) and (wave.iloc[1] < wave.iloc[2])


@pytest.mark.parametrize(
    ("columns", "order"),
    [
        (["x_sesudah", "x_sebelum"], ["sebelum", "sesudah"]),  # by meaning, not file order
        (["x_akhir", "x_awal", "x_tengah", "omzet_akhir", "omzet_awal", "omzet_tengah"],
         ["awal", "tengah", "akhir"]),
        (["income_after", "income_before"], ["before", "after"]),
        (["omzet_setelah", "omzet_sebelum"], ["sebelum", "setelah"]),
    ],
)  # fmt: skip
def test_wave_labels_keep_the_users_words_in_chronological_order(
    columns: list[str], order: list[str]
) -> None:
    layout = detect_wide(columns)
    assert layout is not None
    df = pd.DataFrame([["1"] * len(columns)], columns=columns)
    wave = wide_to_long(df, layout)["wave"]
    assert wave.cat.categories.tolist() == order
    assert wave.tolist() == order


def test_round_trip_wide_long_wide_gives_back_the_same_values(wide: pd.DataFrame) -> None:
    layout = detect_wide(wide.columns)
    assert layout is not None
    back = long_to_wide(wide_to_long(wide, layout), member="id_anggota")
    # income had no 2016 column: the round trip adds it, all missing
    assert back["income_2016"].isna().all()
    pd.testing.assert_frame_equal(back[list(wide.columns)], wide)


def test_round_trip_keeps_a_stem_that_happens_not_to_change() -> None:
    wide = pd.DataFrame({"member_id": ["a", "b"], "income_before": [1.0, 2.0],
                         "income_after": [1.0, 2.0]})  # fmt: skip
    layout = detect_wide(wide.columns)
    assert layout is not None
    back = long_to_wide(wide_to_long(wide, layout), stems=list(layout.stems))
    pd.testing.assert_frame_equal(back, wide)


def test_round_trip_long_wide_long_with_numeric_values() -> None:
    rng = np.random.default_rng(7)
    long = pd.DataFrame(
        {
            "member_id": np.repeat(["m1", "m2", "m3", "m4"], 3),
            "wave": pd.Categorical([2021, 2022, 2023] * 4, ordered=True),
            "income": rng.lognormal(14.5, 0.5, 12),
            "kelurahan": np.repeat(["Mangli", "Mangli", "Tegal Besar", "Kaliwates"], 3),
        }
    )
    wide = long_to_wide(long)
    assert list(wide.columns) == ["member_id", "kelurahan", "income_2021", "income_2022",
                                  "income_2023"]  # fmt: skip
    layout = detect_wide(wide.columns)
    assert layout is not None
    again = wide_to_long(wide, layout)
    pd.testing.assert_frame_equal(again[list(long.columns)], long)


def test_long_to_wide_fills_missing_waves_with_missing() -> None:
    long = pd.DataFrame({"member_id": ["a", "a", "b"], "wave": [2012, 2014, 2012],
                         "income": [1.0, 2.0, 3.0]})  # fmt: skip
    wide = long_to_wide(long)
    assert wide["income_2014"].tolist() == pytest.approx([2.0, np.nan], nan_ok=True)


@pytest.mark.parametrize(
    ("long", "message"),
    [
        # the same member twice at one wave
        (pd.DataFrame({"member_id": ["a", "a"], "wave": [1, 1], "x": [1, 2]}),
         "duplicate member-wave rows"),
        # a row without a member
        (pd.DataFrame({"member_id": ["a", None], "wave": [1, 2], "x": [1, 2]}),
         "'member_id' has missing values"),
        # no wave column
        (pd.DataFrame({"member_id": ["a"], "x": [1]}), "'wave' is not in the data"),
    ],
)  # fmt: skip
def test_long_to_wide_rejects_what_it_cannot_invert(long: pd.DataFrame, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        long_to_wide(long)


def test_wide_to_long_refuses_to_overwrite_an_existing_wave_column() -> None:
    df = pd.DataFrame({"wave": ["x"], "income_before": [1], "income_after": [2]})
    layout = WideLayout({"income": {"before": "income_before", "after": "income_after"}},
                        ("before", "after"))  # fmt: skip
    with pytest.raises(ValueError, match="'wave'"):
        wide_to_long(df, layout)


def test_wide_to_long_names_a_layout_column_missing_from_the_data() -> None:
    layout = WideLayout({"income": {2012: "income_2012", 2014: "income_2014"}}, (2012, 2014))
    with pytest.raises(ValueError, match="income_2014"):
        wide_to_long(pd.DataFrame({"income_2012": [1]}), layout)


# --- issue 9: wide pairs mapped by hand, headers with units and punctuation ---------------


@pytest.mark.parametrize(
    ("columns", "stem", "waves"),
    [
        (["No", "Pendapatan Sebelum (Rp)", "Pendapatan Sesudah (Rp)"], "pendapatan",
         ("sebelum", "sesudah")),
        (["id", "Omzet/bulan (Rp) 2021", "Omzet/bulan (Rp) 2023"], "omzet", (2021, 2023)),
        (["id", "income [2019]", "income [2021]", "income [2023]"], "income", (2019, 2021, 2023)),
        (["id", "pendapatan_thn_2019", "pendapatan_thn_2021"], "pendapatan", (2019, 2021)),
    ],
)  # fmt: skip
def test_headers_with_units_and_punctuation_are_read_as_wide(columns, stem, waves) -> None:
    from analysis.ingest.layouts import detect_wide

    layout = detect_wide(columns)
    assert layout is not None and layout.waves == waves
    assert list(layout.stems) == [stem] and list(layout.stems[stem].values()) == columns[1:]


HAND = (
    "No Anggota,Laba 2021,Laba 2023,Modal 2021,Modal 2023\n"
    "007,1500000,2000000,0,5000000\n008,900000,1100000,0,2500000\n"
)


def test_a_wide_pair_mapped_by_hand_becomes_waves_with_the_detected_stems_beside_it() -> None:
    from analysis import load_survey

    mapping = {"member_id": "No Anggota", "income@2021": "Laba 2021", "income@2023": "Laba 2023"}
    loaded = load_survey(HAND.encode(), mapping)
    assert loaded.report.can_analyse, loaded.report.errors
    d = loaded.data
    assert list(d["wave"].cat.categories) == [2021, 2023]
    assert d["income"].tolist() == [1500000.0, 2000000.0, 900000.0, 1100000.0]
    assert d["capital"].tolist() == [0.0, 5000000.0, 0.0, 2500000.0]  # detected (modal_YYYY)
    assert loaded.report.mapping["income"] == "Laba 2021 + Laba 2023"


def test_a_hand_mapped_column_that_is_not_in_the_file_is_named() -> None:
    from analysis import load_survey

    mapping = {"member_id": "No Anggota", "income@2021": "Laba 2021", "income@2023": "Laba 2024"}
    loaded = load_survey(HAND.encode(), mapping)
    assert not loaded.report.can_analyse
    assert "'Laba 2024'" in loaded.report.errors[0].en and "2023" in loaded.report.errors[0].en


def test_wide_pairs_by_hand_on_the_command_line_and_in_a_mapping_file(tmp_path) -> None:
    import json
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    survey = tmp_path / "laba.csv"
    survey.write_text(HAND, encoding="utf-8")
    toml = tmp_path / "m.toml"
    toml.write_text(
        'member_id = "No Anggota"\n[waves.income]\n"2021" = "Laba 2021"\n"2023" = "Laba 2023"\n',
        encoding="utf-8",
    )
    by_map = ["--map", "member_id=No Anggota", "--map", "income@2021=Laba 2021"]
    by_map += ["--map", "income@2023=Laba 2023"]
    outs = []
    for extra in (by_map, ["--mapping", str(toml)]):
        cmd = [sys.executable, "-m", "analysis", "validate", str(survey), "--json", *extra]
        res = subprocess.run(cmd, capture_output=True, text=True, cwd=root, timeout=120)
        assert res.returncode == 0, res.stderr
        outs.append(json.loads(res.stdout))
    survey_a, survey_b = (o.get("survey", o) for o in outs)
    assert survey_a["n_rows_kept"] == survey_b["n_rows_kept"] == 4
    assert survey_a["mapping"] == survey_b["mapping"]


def test_any_per_wave_column_may_be_mapped_by_hand() -> None:
    # helper corpus finding: totwrk@1975=totwrk75 was refused as an unknown field; an extra
    # column mapped per wave becomes one long column and its change
    from analysis import load_survey, member_changes

    csv = "id,inc75,inc81,tw75,tw81\n1,100,150,3000,2800\n2,90,95,2500,2600\n"
    mapping = {"member_id": "id", "income@1975": "inc75", "income@1981": "inc81"}
    mapping |= {"totwrk@1975": "tw75", "totwrk@1981": "tw81"}
    loaded = load_survey(csv.encode(), mapping)
    assert loaded.report.can_analyse, loaded.report.errors
    ch = member_changes(loaded.data).set_index("member_id")
    assert ch["totwrk_change"].tolist() == [-200.0, 100.0]


def test_the_command_line_accepts_any_per_wave_column(tmp_path) -> None:
    from analysis.cli import build_parser
    from analysis.cli.inputs import read_cli_inputs

    s = tmp_path / "s.csv"
    s.write_text("id\n", encoding="utf-8")
    args = build_parser().parse_args(["validate", str(s), "--map", "totwrk@1975=tw75"])
    assert read_cli_inputs(args).survey_map == {"totwrk@1975": "tw75"}
