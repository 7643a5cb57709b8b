"""Where the Empowerment page's configuration editor starts (issue 13): the shipped
configuration, equal weights over a survey's own items, or nothing."""

from __future__ import annotations

import pytest

from analysis import config_for_items, default_empowerment_config, starting_config


def test_a_survey_with_the_demo_items_starts_from_the_shipped_configuration():
    shipped = default_empowerment_config()
    assert starting_config(["member_id", "wave", *shipped.items]) == shipped


def test_other_items_start_with_equal_weights_summing_to_one():
    config = starting_config(["member_id", "wave", "emp_a", "emp_b", "emp_c", "income"])
    # 1/3 rounded to 6 decimals twice, the last weight takes the rest: 1 - 2 x 0.333333
    assert [i.weight for i in config.indicators] == [0.333333, 0.333333, 0.333334]
    assert config.items == ("emp_a", "emp_b", "emp_c")
    assert config.cutoff == 0.8 and {i.adequate_from for i in config.indicators} == {4}


def test_a_survey_without_items_has_no_starting_configuration():
    assert starting_config(["member_id", "wave", "income"]) is None


def test_no_items_cannot_make_a_configuration():
    with pytest.raises(ValueError, match="no items"):
        config_for_items([])
