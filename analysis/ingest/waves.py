"""Survey waves in their true order, whatever the labels: or a question when it cannot be told.

Sorting labels as text swaps ``Juni 2021`` and ``Januari 2023`` (J-a before J-u) and puts
``Gelombang 10`` before ``Gelombang 2``: every change then flips sign without a warning. The
rules here, tried in order, each applying only when it reads *every* label:

1. words with a known place: ``baseline``/``awal``/``sebelum``/``before``/``pre`` before
   ``midline``/``tengah`` before ``endline``/``akhir``/``sesudah``/``after``/``post``
   (:data:`analysis.schema.WAVE_LABEL_ORDER`);
2. a month and a year, in Indonesian or English, full or short (``Juni 2021``,
   ``Jan 2023``, ``Agustus 2022``, ``Sept 2021``), or numeric (``06/2021``, ``2021-06``);
3. a quarter and a year (``Q4 2010``, ``Q42010``, ``2010Q4``, ``Triwulan IV 2010``), then
   dates in one format (``30/06/2021``, ``2021-06-30``);
4. one shared word and a number (``Gelombang 2`` before ``Gelombang 10``, ``Round 3``,
   ``R1``, ``Putaran 2``), in the number's order;
5. one four-digit year in each label, all different (``2021 (awal)``, ``Survei 2023``).

Labels that none of these reads, or that mix them (``baseline``, ``2022``, ``Akhir``), have no
order Berdaya can know: :func:`order_waves` returns ``None`` and the loader asks for the order
(``--wave-order``; a ``wave_order`` list in a mapping file; a choice on the Data page).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import pandas as pd

from analysis.ingest.numbers import detect_date_format, parse_dates
from analysis.schema import WAVE_LABEL_ORDER, normalise_name

#: Month names and abbreviations, Indonesian and English, lower case -> month number.
MONTHS: dict[str, int] = {
    **{m: i for i, m in enumerate(
        ["januari", "februari", "maret", "april", "mei", "juni", "juli", "agustus",
         "september", "oktober", "november", "desember"], start=1)},
    **{m: i for i, m in enumerate(
        ["january", "february", "march", "april", "may", "june", "july", "august",
         "september", "october", "november", "december"], start=1)},
    **{m: i for i, m in enumerate(
        ["jan", "feb", "mar", "apr", "mei", "jun", "jul", "agu", "sep", "okt", "nov", "des"],
        start=1)},
    "may": 5, "aug": 8, "oct": 10, "dec": 12, "agt": 8, "ags": 8, "sept": 9, "peb": 2,
    "pebruari": 2, "nop": 11, "nopember": 11,
}  # fmt: skip

_MONTH_YEAR = re.compile(r"^\s*([A-Za-z]+)\.?[\s\-/,]*((?:19|20)\d{2})\s*$")
_NUM_MONTH_YEAR = re.compile(r"^\s*(\d{1,2})\s*[/\-.]\s*((?:19|20)\d{2})\s*$")
_YEAR_NUM_MONTH = re.compile(r"^\s*((?:19|20)\d{2})\s*[/\-.]\s*(\d{1,2})\s*$")
_WORD_NUMBER = re.compile(r"^\s*([^\d]*?)\s*[#\-_.]?\s*(\d+)\s*$")
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")
# Quarters: Q4 2010, Q42010, 2010Q4, 2010-Q4, Triwulan IV 2010, Kuartal 4 2010, TW3 2021.
_Q = r"(?:q|kuartal|triwulan|tw|quarter)\s*[-_.]?\s*(?P<q>[1-4]|iv|iii|ii|i)"
_QUARTER_FIRST = re.compile(rf"^\s*{_Q}\s*[-_/., ]?\s*(?P<y>(?:19|20)\d{{2}})\s*$", re.I)
_YEAR_FIRST_QUARTER = re.compile(rf"^\s*(?P<y>(?:19|20)\d{{2}})\s*[-_/., ]?\s*{_Q}\s*$", re.I)
_ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4}


def order_waves(labels: Sequence[str]) -> list[str] | None:
    """The distinct ``labels`` earliest first, or ``None`` when no rule reads them all.

    Examples
    --------
    >>> order_waves(["Januari 2023", "Juni 2021"])
    ['Juni 2021', 'Januari 2023']
    >>> order_waves(["Gelombang 10", "Gelombang 2"])
    ['Gelombang 2', 'Gelombang 10']
    >>> order_waves(["baseline", "2022", "Akhir"]) is None
    True
    """
    uniq = list(dict.fromkeys(str(v) for v in labels))
    if len(uniq) < 2:
        return uniq
    for rule in (_by_words, _by_month_year, _by_quarter, _by_date, _by_word_number, _by_year):
        keys = rule(uniq)
        if keys is not None and len(set(keys)) == len(uniq):
            return [u for _, u in sorted(zip(keys, uniq, strict=True))]
    return None


def _by_words(labels: list[str]) -> list[int] | None:
    ranks = []
    for label in labels:
        s = normalise_name(label)
        rank = next((r for r, names in enumerate(WAVE_LABEL_ORDER) if s in names), None)
        if rank is None:
            return None
        ranks.append(rank)
    return ranks


def _by_month_year(labels: list[str]) -> list[tuple[int, int]] | None:
    keys = []
    for label in labels:
        m = _MONTH_YEAR.match(label)
        if m and m.group(1).lower() in MONTHS:
            keys.append((int(m.group(2)), MONTHS[m.group(1).lower()]))
            continue
        m = _NUM_MONTH_YEAR.match(label)
        if m and 1 <= int(m.group(1)) <= 12:
            keys.append((int(m.group(2)), int(m.group(1))))
            continue
        m = _YEAR_NUM_MONTH.match(label)
        if m and 1 <= int(m.group(2)) <= 12:
            keys.append((int(m.group(1)), int(m.group(2))))
            continue
        return None
    return keys


def _by_quarter(labels: list[str]) -> list[tuple[int, int]] | None:
    keys = []
    for label in labels:
        m = _QUARTER_FIRST.match(label) or _YEAR_FIRST_QUARTER.match(label)
        if not m:
            return None
        q, year = m.group("q").upper(), int(m.group("y"))
        keys.append((year, _ROMAN.get(q, int(q) if q.isdigit() else 0)))
    if any(not 1 <= q <= 4 for _, q in keys):
        return None
    return keys


def _by_date(labels: list[str]) -> list[pd.Timestamp] | None:
    s = pd.Series(labels, dtype="str")
    found = detect_date_format(s)
    if found.format is None or found.ambiguous or found.mixed:
        return None
    when = parse_dates(s, found.format).values
    if pd.isna(when).any():
        return None
    return list(when)


def _by_word_number(labels: list[str]) -> list[int] | None:
    words, numbers = set(), []
    for label in labels:
        m = _WORD_NUMBER.match(label)
        if not m:
            return None
        words.add(m.group(1).strip().lower())
        numbers.append(int(m.group(2)))
    if len(words) != 1 or next(iter(words)) == "":
        return None  # bare numbers are the loader's integers; different words are a question
    return numbers


def _by_year(labels: list[str]) -> list[int] | None:
    years = []
    for label in labels:
        found = _YEAR.findall(label)
        if len(found) != 1:
            return None
        years.append(int(found[0]))
    return years
