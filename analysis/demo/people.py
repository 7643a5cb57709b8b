"""Demo people: cooperatives, places, joint-liability groups and each person's attributes.

SYNTHETIC (see :mod:`analysis.demo`). The random draws here run in the order
:func:`analysis.demo.generate_demo` makes them; changing that order changes every seed's data.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa

# --- Places -------------------------------------------------------------------------------
# Kelurahan of Kecamatan Kaliwates with Ministry of Home Affairs codes (DOMAIN.md, "Places").
# Patrang (35.09.20) and Sumbersari (35.09.21) are the neighbouring kecamatan named there;
# their kelurahan codes were not read from a primary source, so they are left out (None).
# Order matters: the first cooperatives of a small demo cover Kaliwates plus one kelurahan
# of each neighbour, and index 3 (Sempusari) is the weak cooperative (see _WEAK_EVERY).
# (cooperative name, kelurahan, kecamatan, Home Affairs kelurahan code or None)
_PLACES: tuple[tuple[str, str, str, str | None], ...] = (
    (
        "Gama",
        "Kaliwates",
        "Kaliwates",
        "35.09.19.1004",
    ),  # Kopwan Gama: the case that started Berdaya
    ("Mawar", "Mangli", "Kaliwates", "35.09.19.1001"),
    ("Melati", "Patrang", "Patrang", None),
    ("Sekar Arum", "Sempusari", "Kaliwates", "35.09.19.1002"),
    ("Srikandi", "Sumbersari", "Sumbersari", None),
    ("Kartini", "Kebonagung", "Kaliwates", "35.09.19.1003"),
    ("Dewi Sri", "Jember Kidul", "Kaliwates", "35.09.19.1005"),
    ("Anggrek", "Kepatihan", "Kaliwates", "35.09.19.1006"),
    ("Mekar Sari", "Tegal Besar", "Kaliwates", "35.09.19.1007"),
    ("Sri Rejeki", "Gebang", "Patrang", None),
    ("Tunas Harapan", "Kebonsari", "Sumbersari", None),
    ("Bina Sejahtera", "Jember Lor", "Patrang", None),
    ("Cempaka", "Karangrejo", "Sumbersari", None),
    ("Kenanga", "Slawu", "Patrang", None),
    ("Teratai", "Tegal Gede", "Sumbersari", None),
    ("Flamboyan", "Bintoro", "Patrang", None),
    ("Sumber Rejeki", "Wirolegi", "Sumbersari", None),
    ("Permata", "Baratan", "Patrang", None),
    ("Harapan Bunda", "Kranjingan", "Sumbersari", None),
    ("Wijaya Kusuma", "Jumerto", "Patrang", None),
    ("Seruni", "Antirogo", "Sumbersari", None),
    ("Nusa Indah", "Banjarsengon", "Patrang", None),
)
_KABUPATEN = "Jember"  # Kabupaten Jember, Home Affairs code 35.09 (DOMAIN.md, "Places")
#: Every _WEAK_EVERY-th cooperative, starting at index 3, follows the Pamekasan failure pattern
#: (DOMAIN.md, "The program": about 40% of funded Kopwan there became inactive as loans went bad).
_WEAK_EVERY = 20
_WEAK_FIRST = 3

# --- People and businesses ----------------------------------------------------------------
BUSINESS_TYPES: tuple[str, ...] = (
    "warung/kelontong",
    "kue & catering",
    "pedagang sayur",
    "jahit/konveksi",
    "salon",
    "kerajinan/batik",
    "pertanian/peternakan",
)
# Shares by kecamatan (assumption): farming and livestock are rarer in urban Kaliwates
# (DOMAIN.md, "Businesses and incomes").
_TYPE_SHARES_KALIWATES = np.array([0.30, 0.22, 0.16, 0.10, 0.08, 0.09, 0.05])
_TYPE_SHARES_OTHER = np.array([0.25, 0.20, 0.15, 0.09, 0.06, 0.10, 0.15])
# Log-income offset of each business type at baseline (assumption).
_TYPE_LOG_INCOME = np.array([0.05, 0.0, -0.15, 0.0, 0.05, -0.05, -0.10])
# Net income as a share of sales (omzet) by business type (assumption): a warung turns over
# much to earn little, a salon sells mostly labour.
_TYPE_MARGIN = np.array([0.15, 0.30, 0.20, 0.45, 0.50, 0.35, 0.40])

EDUCATION_LEVELS: tuple[str, ...] = ("SD", "SMP", "SMA", "D3/S1")
# Members are slightly better educated than the comparison group (planted selection).
_EDU_SHARES_MEMBER = np.array([0.27, 0.25, 0.37, 0.11])
_EDU_SHARES_COMPARISON = np.array([0.33, 0.26, 0.32, 0.09])
_EDU_LOG_INCOME = np.array([-0.15, -0.05, 0.05, 0.25])


def _take(labels: Sequence[str | None] | pa.Array, codes: np.ndarray) -> pd.Series:
    """Labels picked by integer codes as a pandas ``str`` column; a negative code is missing.

    Arrow's ``take`` avoids a Python string object per row (a million-member demo has
    several million rows per column).
    """
    table = labels if isinstance(labels, pa.Array) else pa.array(list(labels), pa.large_string())
    picked = table.take(pa.array(codes, mask=codes < 0))
    return pd.Series(pd.array(picked, dtype="str"))


def _ids(prefix: str, n: int) -> pa.Array:
    """``prefix`` followed by 1..n zero-padded to at least 6 digits (``A000001``)."""
    width = max(6, len(str(n)))
    numbers = pd.Series(np.arange(1, n + 1)).astype("str").str.zfill(width)
    ids = pa.array(prefix + numbers, pa.large_string())
    return ids.combine_chunks() if isinstance(ids, pa.ChunkedArray) else ids


def _cooperative_sizes(rng: np.random.Generator, n_prog: int) -> np.ndarray:
    """Program members per cooperative: about 60 each, between 20 and 150 (DOMAIN.md, "Scale")."""
    n_coop = max(1, round(n_prog / 60))
    weights = np.clip(rng.lognormal(0.0, 0.45, n_coop), 20 / 60, 150 / 60)
    sizes = np.floor(n_prog * weights / weights.sum()).astype(np.int64)
    sizes[np.argsort(-weights)[: n_prog - sizes.sum()]] += 1
    return sizes


@dataclass(frozen=True, eq=False)
class Places:
    """Cooperatives and groups, and which of them each person belongs to.

    ``coop`` and ``group`` are per person (program members first; group -1 for non-members),
    ``coop_of_prog`` per program member, the rest per cooperative (``group_names`` per group).
    """

    coop: np.ndarray
    group: np.ndarray
    coop_of_prog: np.ndarray
    place: np.ndarray
    coop_names: list[str]
    group_names: list[str]
    weak_coop: np.ndarray
    kaliwates_coop: np.ndarray


@dataclass(frozen=True, eq=False)
class People:
    """Per-person codes (business type, schooling) and baseline attributes."""

    btype: np.ndarray
    edu: np.ndarray
    age0: np.ndarray
    household: np.ndarray
    business_age0: np.ndarray


def places(rng: np.random.Generator, n_prog: int, n_comp: int) -> Places:
    """Cooperatives and joint-liability groups of about 17 (10-25; DOMAIN.md says 10-30)."""
    sizes = _cooperative_sizes(rng, n_prog)
    n_coop = len(sizes)
    coop_of_prog = np.repeat(np.arange(n_coop), sizes)
    within = np.arange(n_prog) - np.repeat(np.cumsum(sizes) - sizes, sizes)
    groups_per_coop = np.maximum(1, np.rint(sizes / 17).astype(np.int64))
    group_in_coop = within * groups_per_coop[coop_of_prog] // sizes[coop_of_prog]
    group_offset = np.cumsum(groups_per_coop) - groups_per_coop
    # Non-members are sampled in the same kelurahan, in proportion to the cooperatives' sizes.
    coop_of_comp = rng.choice(n_coop, size=n_comp, p=sizes / sizes.sum())
    coop = np.r_[coop_of_prog, coop_of_comp]
    group = np.r_[group_offset[coop_of_prog] + group_in_coop, np.full(n_comp, -1)]

    place = np.arange(n_coop) % len(_PLACES)
    rounds = np.arange(n_coop) // len(_PLACES)
    coop_names = [
        f"Kopwan {_PLACES[p][0]}" + (f" {r + 1}" if r else "")
        for p, r in zip(place, rounds, strict=True)
    ]
    group_names = [
        f"{coop_names[c].removeprefix('Kopwan ')}-K{g + 1:02d}"
        for c in range(n_coop)
        for g in range(groups_per_coop[c])
    ]
    weak_coop = (np.arange(n_coop) % _WEAK_EVERY) == _WEAK_FIRST
    kaliwates_coop = np.array([_PLACES[p][2] == "Kaliwates" for p in place])
    return Places(
        coop=coop,
        group=group,
        coop_of_prog=coop_of_prog,
        place=place,
        coop_names=coop_names,
        group_names=group_names,
        weak_coop=weak_coop,
        kaliwates_coop=kaliwates_coop,
    )


def _pick(rng: np.random.Generator, where: np.ndarray, shares: tuple, size: int) -> np.ndarray:
    """Codes drawn by one uniform per person from ``shares[0]`` where true, else ``shares[1]``."""
    u = rng.random(len(where))
    return np.where(
        where,
        np.searchsorted(np.cumsum(shares[0]), u, side="right"),
        np.searchsorted(np.cumsum(shares[1]), u, side="right"),
    ).clip(0, size - 1)


def people(rng: np.random.Generator, where: Places, is_member: np.ndarray, span: int) -> People:
    """Business, schooling, household and age of every person (``span``: years surveyed)."""
    n = len(is_member)
    in_kaliwates = where.kaliwates_coop[where.coop]
    btype = _pick(
        rng, in_kaliwates, (_TYPE_SHARES_KALIWATES, _TYPE_SHARES_OTHER), len(BUSINESS_TYPES)
    )
    edu = _pick(rng, is_member, (_EDU_SHARES_MEMBER, _EDU_SHARES_COMPARISON), len(EDUCATION_LEVELS))
    age0 = np.clip(np.rint(rng.normal(42.0 - 1.0 * ~is_member, 9.0, n)), 22, 65 - span)
    household = np.clip(2 + rng.poisson(1.9, n), 1, 10).astype(np.float64)
    business_age0 = np.minimum(
        np.floor(1.0 + rng.gamma(2.0, 3.5, n) + is_member), age0 - 16
    ).astype(np.float64)

    return People(btype=btype, edu=edu, age0=age0, household=household, business_age0=business_age0)
