"""Sample upload files for the page and browser tests (generated, seeded, no real people)."""

from __future__ import annotations

import random


def excel_export(
    income_header: str = "Pendapatan Bersih", members: int = 40, program: int | None = None
) -> bytes:
    """An Indonesian Excel export of a survey: UTF-8 BOM, semicolons, CRLF, ``Rp 1.500.000``,
    a comparison group (a quarter of the members, or all but the first ``program``), and
    names, NIK and phone numbers that the loader must remove."""
    rng = random.Random(42)
    header = f"No Anggota;Tahun;{income_header};Peserta;Koperasi;Nama;NIK;No HP"
    lines = [header]
    for i in range(members):
        member = (1 if i % 4 else 0) if program is None else int(i < program)
        for year, growth in ((2021, 1.0), (2023, 1.25 if member else 1.05)):
            income = round(rng.uniform(1.5e6, 3.0e6) * growth, -3)
            rp = f"Rp {income:,.0f}".replace(",", ".")
            lines.append(
                f"{i:04d};{year};{rp};{member};Kopwan {'ABC'[i % 3]};Ibu Sri Rahayu {i};"
                f"35091234567890{i:02d};0812345678{i:02d}"
            )
    return ("\ufeff" + "\r\n".join(lines) + "\r\n").encode("utf-8")
