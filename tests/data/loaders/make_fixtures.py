"""Write the loader fixtures in this folder (run from the repository root).

    .venv/bin/python tests/data/loaders/make_fixtures.py

Every file is small, hand-written and SYNTHETIC (invented people, invented numbers), in
the shapes real exports take:

- ``excel_indonesia_bom.csv``: Excel on an Indonesian Windows, "CSV UTF-8": a byte-order
  mark, semicolons, ``Rp 1.500.000`` and decimal commas, a member number with leading
  zeros, a phone number starting with 0, a name with a curly apostrophe.
- ``excel_indonesia_cp1252.csv``: the same sheet saved as plain "CSV" (Windows-1252, no
  mark): the curly apostrophe is the single byte 0x92.
- ``kobo_export.csv``: a KoboToolbox export: semicolons, every field quoted, ``group/field``
  column paths, a second header row of HXL hashtags, a select_multiple question on sales
  channels as a space-separated list and as 0/1 columns, ``_uuid``/``_submission_time``/
  ``_index`` metadata, a name column.
- ``odk_export.csv``: an ODK Central export: ``group-field`` paths, ``KEY``,
  ``SubmissionDate``, ``meta-instanceID``.
- ``loans_excel.csv``: a loans ledger from the same Indonesian Excel: day-first dates,
  rupiah amounts.

The expected values are asserted in ``tests/analysis/test_loaders_fixtures.py``.
"""

from __future__ import annotations

from pathlib import Path

HERE = Path(__file__).resolve().parent

# One Indonesian sheet, two encodings. "’" is U+2019 (cp1252 byte 0x92).
EXCEL_ROWS = [
    "No. Anggota;Nama Anggota;No. HP;Tahun;Pendapatan Bersih (Rp);Omzet (Rp);"
    "Jam Pelatihan;Umur;Nama Kopwan;Jenis Usaha",
    "007;Siti Nur’aini;081234567890;2021;Rp 1.500.000;Rp 4.250.000;12,5;34;"
    "Kopwan Gama;Warung Bu’ Siti",
    "007;Siti Nur’aini;081234567890;2023;Rp 2.250.000;Rp 6.000.000;20;36;"
    "Kopwan Gama;Warung Bu’ Siti",
    "012;Dewi Kusuma;085712345678;2021;Rp 950.000;Rp 3.100.000;0;41;Kopwan Gama;Kue & Catering",
    "012;Dewi Kusuma;085712345678;2023;Rp1.175.500,00;Rp 3.600.000;8,5;43;"
    "Kopwan Gama;Kue & Catering",
]

KOBO_HEADER = [
    "start", "end", "identitas/id_anggota", "identitas/nama", "identitas/tahun_survei",
    "usaha/pendapatan", "usaha/omzet", "pemasaran/saluran", "pemasaran/saluran/pasar",
    "pemasaran/saluran/online", "pemasaran/saluran/titip_jual", "pelatihan/jam_pelatihan",
    "_id", "_uuid", "_submission_time", "_index",
]  # fmt: skip
KOBO_HXL = ["", "", "#respondent+id", "", "#date+year", "#indicator+income", "", "", "",
            "", "", "", "", "", "", ""]  # fmt: skip
KOBO_ROWS = [
    ["2021-06-01T09:00:00", "2021-06-01T09:20:00", "A001", "Sri Wahyuni", "2021", "1500000",
     "4000000", "pasar online", "1", "1", "0", "12.5", "101", "uuid-1",
     "2021-06-01T09:21:00", "1"],
    ["2023-06-02T10:00:00", "2023-06-02T10:25:00", "A001", "Sri Wahyuni", "2023", "2100000",
     "5200000", "pasar online titip_jual", "1", "1", "1", "24", "102", "uuid-2",
     "2023-06-02T10:26:00", "2"],
    ["2021-06-03T08:00:00", "2021-06-03T08:15:00", "A002", "Ani Lestari", "2021", "800000",
     "2500000", "pasar", "1", "0", "0", "0", "103", "uuid-3", "2021-06-03T08:16:00", "3"],
    ["2023-06-04T08:00:00", "2023-06-04T08:15:00", "A002", "Ani Lestari", "2023", "950000",
     "2700000", "", "", "", "", "6", "104", "uuid-4", "2023-06-04T08:16:00", "4"],
]  # fmt: skip

ODK_ROWS = [
    "SubmissionDate,identitas-id_anggota,identitas-tahun,usaha-pendapatan,usaha-modal,"
    "meta-instanceID,KEY",
    "2021-05-01T08:00:00.000Z,B01,2021,1250000,0,uuid:a1,uuid:a1",
    "2023-05-02T08:00:00.000Z,B01,2023,1600000,2000000,uuid:a2,uuid:a2",
    "2021-05-03T08:00:00.000Z,B02,2021,700000,0,uuid:a3,uuid:a3",
    "2023-05-04T08:00:00.000Z,B02,2023,650000,1000000,uuid:a4,uuid:a4",
]

LOANS_ROWS = [
    "No. Pinjaman;No. Anggota;Tgl Pencairan;Pokok Pinjaman (Rp);Jangka Waktu (bulan);"
    "Sudah Dibayar (Rp);Sisa Pokok (Rp);Kolektibilitas",
    "P-001;007;15/03/2021;Rp 1.000.000;10;Rp 1.000.000;Rp 0;lancar",
    "P-002;007;20/01/2022;Rp 1.300.000;10;Rp 650.000;Rp 650.000;lancar",
    "P-003;012;05/04/2021;Rp 750.000;8;Rp 750.000;Rp 0;lancar",
    "P-004;099;30/11/2022;Rp 500.000;6;Rp 0;Rp 500.000;macet",
]


def _quoted(cells: list[str]) -> str:
    return ";".join('"' + c.replace('"', '""') + '"' for c in cells)


def main() -> None:
    excel = "\r\n".join(EXCEL_ROWS) + "\r\n"
    (HERE / "excel_indonesia_bom.csv").write_bytes(b"\xef\xbb\xbf" + excel.encode("utf-8"))
    (HERE / "excel_indonesia_cp1252.csv").write_bytes(excel.encode("cp1252"))
    kobo = "\n".join(_quoted(r) for r in [KOBO_HEADER, KOBO_HXL, *KOBO_ROWS]) + "\n"
    (HERE / "kobo_export.csv").write_bytes(kobo.encode("utf-8"))
    (HERE / "odk_export.csv").write_bytes(("\n".join(ODK_ROWS) + "\n").encode("utf-8"))
    loans = "\r\n".join(LOANS_ROWS) + "\r\n"
    (HERE / "loans_excel.csv").write_bytes(b"\xef\xbb\xbf" + loans.encode("utf-8"))


if __name__ == "__main__":
    main()
