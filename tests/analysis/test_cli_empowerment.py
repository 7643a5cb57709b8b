"""``python -m analysis empowerment`` and ``python -m analysis voices`` (issue 13): the printed
object, the JSON report's ``empowerment`` key, exit codes 0/1/2 and no traceback.

The small survey below is worked by hand in the comments; every expected number comes from it.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import analysis
from analysis.__main__ import main

ROOT = Path(__file__).resolve().parents[2]

# Two indicators: emp_a (weight 0.6, domain decisions) and emp_b (0.4, voice), adequate from 4,
# empowered when the score c reaches 0.6.
CONFIG = """cutoff = 0.6
[[indicators]]
item = "emp_a"
domain = "decisions"
weight = 0.6
adequate_from = 4
[[indicators]]
item = "emp_b"
domain = "voice"
weight = 0.4
adequate_from = 4
"""
# 2021: m1 (5,5) c=1; m2 (5,2) c=0.6; m3 (1,5) c=0.4; m4 (1,1) c=0.
# 2023: m1, m2, m3 (5,5) c=1; m4 (5, missing) left out.
SURVEY = """member_id,wave,income,in_program,emp_a,emp_b
m1,2021,1000000,1,5,5
m2,2021,1000000,1,5,2
m3,2021,1000000,1,1,5
m4,2021,1000000,1,1,1
m1,2023,1200000,1,5,5
m2,2023,1200000,1,5,5
m3,2023,1200000,1,5,5
m4,2023,1200000,1,5,
"""
EXCERPTS = """respondent_id,wave,source,code,excerpt
m1,2021,interview,DEC_OWN,Saya yang atur uang.
m2,2023,interview,VOICE_MEET,Saya berani usul.
m2,2023,focus group,DEC_OWN,Keputusan di saya.
m9,2023,interview,VOICE_MEET,Bukan anggota survei.
"""
BOOK = "code,label,description,parent\nDEC_OWN,Deciding,,deciding\nVOICE_MEET,Speaking,,voice\n"


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The worked survey, its configuration, a few broken inputs and the excerpts."""
    folder = tmp_path_factory.mktemp("cli_empowerment")
    out = {
        "survey": ("survey.csv", SURVEY),
        "config": ("config.toml", CONFIG),
        "bad_weights": ("bad.toml", CONFIG.replace("weight = 0.4", "weight = 0.3")),
        "no_items": ("no_items.csv", "member_id,wave,income\nm1,2021,1\nm1,2023,2\n"),
        "excerpts": ("excerpts.csv", EXCERPTS),
        "codebook": ("codebook.csv", BOOK),
        "no_excerpt_column": ("bad_excerpts.csv", "respondent_id,code\nm1,DEC_OWN\n"),
    }
    paths = {}
    for key, (name, text) in out.items():
        paths[key] = folder / name
        paths[key].write_text(text, encoding="utf-8")
    return paths


def _run(capsys: pytest.CaptureFixture[str], *argv: object) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    cap = capsys.readouterr()
    return code, cap.out, cap.err


def _strict_json(text: str) -> dict[str, Any]:
    def refuse(name: str) -> None:
        raise AssertionError(f"{name} in the output")

    return json.loads(text, parse_constant=refuse)


# ---------------------------------------------------------------------------------------
# empowerment


def test_empowerment_json_has_the_index_per_wave_worked_by_hand(files, capsys):
    code, out, _ = _run(capsys, "empowerment", files["survey"], "--config", files["config"])
    assert code == 0
    rep = _strict_json(out)
    assert {"config", "by_wave", "before_after", "did"} <= set(rep)
    assert rep["config"]["cutoff"] == 0.6
    w21, w23 = rep["by_wave"]
    assert (w21["wave"], w23["wave"]) == (2021, 2023)
    # 2021: m1 and m2 empowered (c >= 0.6), m3 (0.4) and m4 (0) not: H = 2/4;
    # A = mean(1 - 0.4, 1 - 0) = 0.8; M0 = 0.5 x 0.8 = 0.4; mean score (1+0.6+0.4+0)/4 = 0.5
    assert (w21["n"], w21["n_missing"]) == (4, 0)
    assert w21["headcount_empowered"] == pytest.approx(0.5)
    assert w21["headcount_disempowered"] == pytest.approx(0.5)
    assert w21["intensity"] == pytest.approx(0.8)
    assert w21["m0"] == pytest.approx(0.4)
    assert w21["mean_score"] == pytest.approx(0.5)
    # emp_a: m3, m4 inadequate (0.5), both disempowered (CH 0.5), 0.6 x 0.5 / 0.4 = 0.75;
    # emp_b: m2, m4 inadequate (0.5), only m4 disempowered (CH 0.25), 0.4 x 0.25 / 0.4 = 0.25
    ind = {r["indicator"]: r for r in w21["by_indicator"]}
    assert ind["emp_a"]["uncensored_headcount"] == pytest.approx(0.5)
    assert ind["emp_a"]["censored_headcount"] == pytest.approx(0.5)
    assert ind["emp_a"]["contribution"] == pytest.approx(0.75)
    assert ind["emp_b"]["censored_headcount"] == pytest.approx(0.25)
    assert ind["emp_b"]["contribution"] == pytest.approx(0.25)
    assert [(d["domain"], pytest.approx(d["contribution"])) for d in w21["by_domain"]] == [
        ("decisions", pytest.approx(0.75)), ("voice", pytest.approx(0.25)),
    ]  # fmt: skip
    # 2023: m4 misses emp_b (left out, counted); m1-m3 all c = 1: nobody disempowered,
    # so A is undefined (null) and M0 = 0
    assert (w23["n"], w23["n_missing"]) == (3, 1)
    assert w23["intensity"] is None and w23["m0"] == 0


def test_empowerment_change_pairs_members_with_a_score_at_both_waves(files, capsys):
    _, out, _ = _run(capsys, "empowerment", files["survey"], "--config", files["config"])
    ba = _strict_json(out)["before_after"]
    # m1 1 -> 1, m2 0.6 -> 1, m3 0.4 -> 1 (m4 has no 2023 score): mean change (0+0.4+0.6)/3
    assert ba["n_pairs"] == 3
    assert ba["score_change"] == pytest.approx(1 / 3)
    # empowered 2/3 -> 3/3: m3 became empowered, nobody the other way
    assert (ba["n_became_empowered"], ba["n_became_disempowered"]) == (1, 0)
    # no comparison member: no DiD, and the reason is said
    rep = _strict_json(out)
    assert rep["did"] is None
    assert any("comparison" in w["en"] for w in rep["warnings"])


def test_empowerment_markdown_in_indonesian(files, capsys):
    code, out, _ = _run(
        capsys, "empowerment", files["survey"], "--config", files["config"],
        "--format", "md", "--lang", "id",
    )  # fmt: skip
    assert code == 0
    assert out.startswith("# Indeks pemberdayaan (Alkire-Foster)")


def test_empowerment_default_config_reads_the_demo_survey(capsys):
    code, out, _ = _run(
        capsys, "empowerment", ROOT / "data" / "synthetic_survey.csv", "--waves", "2021", "2023"
    )
    assert code == 0
    rep = _strict_json(out)
    assert [w["wave"] for w in rep["by_wave"]] == [2021, 2022, 2023]
    for w in rep["by_wave"]:  # contributions sum to 1 (Alkire-Foster decomposition)
        assert sum(r["contribution"] for r in w["by_indicator"]) == pytest.approx(1)
    assert rep["did"] is not None  # the demo has a comparison group


EXIT_CASES = [
    # (arguments after "empowerment", exit code, what standard error says)
    pytest.param(["missing.csv"], 2, "no such file", id="missing survey: usage"),
    pytest.param(["{survey}", "--config", "nope.toml"], 2, "no such file",
                 id="missing config: usage"),
    pytest.param(["{survey}", "--config", "{bad_weights}"], 1, "weights must sum to 1",
                 id="weights not summing to 1"),
    pytest.param(["{no_items}"], 1, "emp_decide_income", id="survey without the items"),
    pytest.param(["{survey}", "--config", "{config}", "--waves", "2021", "2030"], 1, "2030",
                 id="a wave the survey lacks"),
    pytest.param(["{survey}", "--map", "income"], 2, "usage error", id="malformed --map"),
]  # fmt: skip


@pytest.mark.parametrize(("argv", "code", "said"), EXIT_CASES)
def test_empowerment_exit_codes(files, capsys, argv, code, said):
    args = [a.format(**{k: str(v) for k, v in files.items()}) for a in argv]
    got, out, err = _run(capsys, "empowerment", *args)
    assert got == code
    assert said in err and "Traceback" not in err
    assert out == ""


def test_a_broken_config_never_prints_a_traceback():
    bad = ROOT / "pyproject.toml"  # valid TOML, but not an empowerment configuration
    proc = subprocess.run(
        [sys.executable, "-m", "analysis", "empowerment", str(ROOT / "data" / "synthetic_survey.csv"),
         "--config", str(bad)],
        capture_output=True, text=True, cwd=ROOT, timeout=120,
    )  # fmt: skip
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr and "unknown key" in proc.stderr


# ---------------------------------------------------------------------------------------
# the JSON report


def test_the_json_report_carries_the_same_empowerment_object(files):
    config = analysis.read_empowerment_config(files["config"])
    survey = analysis.load_survey(files["survey"])
    report = analysis.build_report(survey, empowerment_config=config)
    alone = analysis.empowerment_report(survey.data, config, (2021, 2023))
    assert report["empowerment"] == alone
    assert "## Empowerment index (Alkire-Foster)" in analysis.report_markdown(report)


def test_a_survey_without_empowerment_items_has_a_null_empowerment_and_no_warning(files):
    report = analysis.build_report(analysis.load_survey(files["no_items"]))
    assert report["empowerment"] is None
    assert not [w for w in report["warnings"] if w.startswith("empowerment")]


# ---------------------------------------------------------------------------------------
# voices


def test_voices_json_lists_themes_cases_and_the_load_report(files, capsys):
    code, out, _ = _run(
        capsys, "voices", files["excerpts"], "--codebook", files["codebook"],
        "--survey", files["survey"],
    )  # fmt: skip
    assert code == 0
    doc = _strict_json(out)
    themes = {t["code"]: t for t in doc["themes"]}
    # DEC_OWN: m1 (2021) and m2 (2023); VOICE_MEET: m2 and m9
    assert (themes["DEC_OWN"]["n_excerpts"], themes["DEC_OWN"]["n_respondents"]) == (2, 2)
    assert themes["VOICE_MEET"]["label"] == "Speaking"
    assert {"code", "label", "parent", "n_excerpts", "n_respondents"} == set(themes["DEC_OWN"])
    cells = {(c["case"], c["theme"]): c["n_excerpts"] for c in doc["case_by_theme"]}
    assert cells == {("m1", "DEC_OWN"): 1, ("m2", "DEC_OWN"): 1, ("m2", "VOICE_MEET"): 1,
                     ("m9", "VOICE_MEET"): 1}  # fmt: skip
    # m9 is not in the survey: listed as a problem with its row (4) and kept
    probs = doc["report"]["problems"]
    assert [(p["code"], p["row"], p["value"]) for p in probs] == [("unknown_respondent", 4, "m9")]


def test_voices_by_cooperative_needs_the_survey(files, capsys):
    code, _, err = _run(capsys, "voices", files["excerpts"], "--by", "cooperative_id")
    assert code == 2 and "--survey" in err


@pytest.mark.parametrize(
    ("key", "code", "said"),
    [
        ("missing", 2, "no such file"),  # a file that is not there: usage
        ("no_excerpt_column", 1, "excerpt"),  # read, but cannot be analysed
    ],
)
def test_voices_exit_codes(files, capsys, key, code, said):
    path = files.get(key, Path("missing.csv"))
    got, out, err = _run(capsys, "voices", path)
    assert (got, out) == (code, "")
    assert said in err and "Traceback" not in err
