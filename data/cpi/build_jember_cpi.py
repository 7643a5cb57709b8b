"""Build jember_cpi.csv: Jember's December consumer price index, chained to one base (2018=100).

Run from the repository root: ``python data/cpi/build_jember_cpi.py``. The inputs below are
every published figure the table rests on; README.md in this folder cites each source. The
output is committed; tests/analysis/test_prices.py checks that it is what this script writes.
"""

from __future__ import annotations

import csv
from pathlib import Path

OUT = Path(__file__).with_name("jember_cpi.csv")

#: December index of Jember published by BPS on the 2018=100 base (the chain's anchor years).
PUBLISHED_2018 = {
    2020: (105.49, "BPS Jember, December 2020 release (reported by Republika, 4 Jan 2021)"),
    2021: (107.69, "BPS Jember, December 2021 release (reported by Antara Jatim, 3 Jan 2022)"),
    2022: (
        115.65,
        "BPS Jember, December 2022 release (reported by Beritajatim and Liputan6, Jan 2023)",
    ),
}

#: December-to-December inflation of Jember (percent), year -> (rate, source).
JEMBER = {
    2014: (
        7.52,
        "BPS Jember, year-on-year Dec 2014, cited in its Dec 2020 release (Republika, 4 Jan 2021)",
    ),
    2016: (
        1.93,
        "BPS Jember, year-on-year Dec 2016, cited in its Dec 2020 release (Republika, 4 Jan 2021)",
    ),
    2018: (2.95, "BPS Jember, BRS IHK Desember 2019 (year-on-year Dec 2018)"),
    2019: (2.04, "BPS Jember, BRS IHK Desember 2019 (year-on-year Dec 2019)"),
    2020: (
        2.08,
        "BPS Jember, Dec 2020 release (Republika, 4 Jan 2021); also Antara Jatim, 3 Jan 2022",
    ),
    2021: (2.09, "BPS Jember, Dec 2021 release (Antara Jatim, 3 Jan 2022)"),
    2022: (7.39, "BPS Jember, Dec 2022 release (Beritajatim, 2 Jan 2023; Liputan6, 4 Jan 2023)"),
    2023: (2.29, "BPS Jember, Dec 2023 release (K Radio Jember, 2 Jan 2024)"),
    2024: (1.74, "BPS Jember, Dec 2024 release (K Radio Jember, 2 Jan 2025)"),
}

#: National December-to-December inflation (percent), used where Jember's rate is not at hand.
NATIONAL = {
    2008: (
        11.06,
        "BPS national: Jan-Nov 2008 11.10% (VIVAnews, 29 Dec 2008) and Dec 2008 -0.04% m-o-m (BPS Statistical Yearbook 2011, Table 9.4)",
    ),
    2009: (
        2.78,
        "BPS national CPI (2007=100) Dec 2008 113.86 to Dec 2009 117.03 (BPS Statistical Yearbook 2011, Table 9.4)",
    ),
    2010: (
        6.96,
        "BPS national CPI (2007=100) Dec 2009 117.03 to Dec 2010 125.17 (BPS Statistical Yearbook 2011, Table 9.4)",
    ),
    2011: (3.79, "BPS national inflation 2011 (project DOMAIN notes)"),
    2012: (4.30, "BPS national inflation 2012 (project DOMAIN notes)"),
    2013: (8.38, "BPS national inflation 2013 (project DOMAIN notes)"),
    2015: (3.35, "BPS national inflation 2015 (project DOMAIN notes)"),
    2017: (3.61, "BPS national inflation 2017 (project DOMAIN notes)"),
    2025: (2.92, "BPS national inflation 2025, press release 5 Jan 2026"),
}

#: Levels published on other bases, kept as checks of the chain (year -> (index, base, source)).
OTHER_BASE = {
    2019: (133.28, "2012=100", "BPS Jember, BRS IHK Desember 2019"),
}


#: The BPS base on which each year's December index was published.
def published_base(year: int) -> str:
    if year <= 2013:
        return "2007=100"
    if year <= 2019:
        return "2012=100"
    if year <= 2023:
        return "2018=100"
    return "2022=100"


FIRST, LAST = 2007, 2025


def rate(year: int) -> tuple[float, str, str]:
    """Inflation from December ``year - 1`` to December ``year``: (percent, 'jember'|'national', source)."""
    if year in JEMBER:
        return (*JEMBER[year][:1], "jember", JEMBER[year][1])
    if year in NATIONAL:
        return (*NATIONAL[year][:1], "national", NATIONAL[year][1])
    raise KeyError(year)


def build() -> list[dict[str, object]]:
    """Rows of the chained table, earliest year first."""
    level: dict[int, float] = {y: v for y, (v, _) in PUBLISHED_2018.items()}
    estimated: dict[int, bool] = dict.fromkeys(level, False)
    how: dict[int, str] = {y: f"published: {s}" for y, (_, s) in PUBLISHED_2018.items()}
    first_pub, last_pub = min(PUBLISHED_2018), max(PUBLISHED_2018)
    for y in range(last_pub + 1, LAST + 1):  # forward from the last published year
        pct, kind, _ = rate(y)
        level[y] = level[y - 1] * (1 + pct / 100)
        estimated[y] = estimated[y - 1] or kind == "national"
        how[y] = f"December {y - 1} x (1 + {kind} inflation {y} {pct}%)"
    for y in range(first_pub - 1, FIRST - 1, -1):  # backward from the first published year
        pct, kind, _ = rate(y + 1)
        level[y] = level[y + 1] / (1 + pct / 100)
        estimated[y] = estimated[y + 1] or kind == "national"
        how[y] = f"December {y + 1} / (1 + {kind} inflation {y + 1} {pct}%)"
    rows = []
    for y in range(FIRST, LAST + 1):
        if y in PUBLISHED_2018:
            kind = "published"
        else:
            kind = "estimate" if estimated[y] else "derived"
        pct, rate_kind, rate_source = rate(y) if y > FIRST else (None, "", "")
        other = OTHER_BASE.get(y)
        rows.append(
            {
                "year": y,
                "cpi": round(level[y], 4),
                "kind": kind,
                "inflation_pct": pct,
                "inflation_area": rate_kind,
                "published_base": published_base(y),
                "other_base_index": other[0] if other else None,
                "other_base": other[1] if other else "",
                "source": how[y],
                "inflation_source": rate_source,
            }
        )
    return rows


def main() -> None:
    rows = build()
    with OUT.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


if __name__ == "__main__":
    main()
