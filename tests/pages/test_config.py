"""The shipped ``.streamlit/config.toml``: safe defaults, every option one Streamlit knows."""

from __future__ import annotations

import tomllib

import pytest
from streamlit import config

from tests.pages.conftest import ROOT
from ui import state


@pytest.fixture(scope="module")
def options() -> dict[str, object]:
    """The file's options as ``section.name`` -> value."""
    with (ROOT / ".streamlit" / "config.toml").open("rb") as f:
        parsed = tomllib.load(f)
    return {f"{section}.{k}": v for section, values in parsed.items() for k, v in values.items()}


@pytest.mark.parametrize(
    ("option", "value"),
    [
        ("server.address", "127.0.0.1"),  # listens on this machine only
        ("server.enableXsrfProtection", True),  # forged uploads from other sites refused
        ("browser.gatherUsageStats", False),  # no usage statistics leave the machine
        ("client.showErrorDetails", "none"),  # no traceback or error text in the browser
        ("server.maxUploadSize", state.MAX_UPLOAD_MB),  # the limit the Data page states
        ("client.disableDataExport", True),  # the grid's export is not formula-safe; ours is
    ],
)
def test_the_config_sets_a_safe_default(options, option, value):
    assert options[option] == value


def test_every_option_in_the_config_is_one_streamlit_knows(options):
    # a misspelt option would be ignored silently, and its safe default with it
    known = config.get_config_options()
    assert [name for name in options if name not in known] == []
