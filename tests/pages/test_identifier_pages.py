"""No planted identifier reaches any page (issue 10): the property-based leak search of
``tests/analysis/test_identifier_leaks.py``, run through every page of the dashboard.

Hypothesis draws where the identifiers stand (member id, a numeric cell, a text field, an
extra column, a name column, a column header) and how phones are written; each example
uploads the file as an editor and reads every page's text, metrics, tables and choice lists.
Bounded to ten derandomized examples (about 1 s each: all pages on a small file).
"""

from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings
from streamlit.testing.v1 import AppTest

from tests.analysis.test_identifier_leaks import _planted
from tests.pages.conftest import PAGES, ROOT, _texts, as_editor


@settings(
    max_examples=10,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(case=_planted())
def test_no_page_shows_a_planted_identifier(case, editing_on) -> None:
    raw, secrets = case
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.run()
    at.switch_page("pages/2_data.py").run()
    as_editor(at)
    at.file_uploader(key="data_survey_upload").set_value(("planted.csv", raw, "text/csv")).run()
    assert any("planted" in str(i.value) for i in at.sidebar.info)  # the upload is in use
    texts = []
    for page, _ in PAGES:
        at.switch_page(page).run()
        assert not at.exception
        texts.append(_texts(at) + " ".join(str(o) for s in at.selectbox for o in s.options))
    text = "\n".join(texts)
    flat = re.sub(r"[ \-+.]", "", text)
    for secret in secrets:
        if secret.isdigit():
            assert secret not in flat and secret[1:] not in flat
        else:
            assert secret not in text
