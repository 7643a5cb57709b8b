"""Every label the dashboard shows, in English and Bahasa Indonesia.

One table, ``TEXTS``: key -> (English, Indonesian). Pages and charts never hold a sentence
of their own; they call :func:`t`. A test checks that every key has both languages with the
same ``{placeholders}``, and that every key the code uses exists.
"""

from __future__ import annotations

import string
from typing import Literal

Lang = Literal["en", "id"]
LANGS: tuple[Lang, ...] = ("en", "id")

# fmt: off
TEXTS: dict[str, tuple[str, str]] = {
    # --- pages ----------------------------------------------------------------------------
    "page_overview": ("Overview", "Ringkasan"),
    "page_data": ("Data", "Data"),
    "page_income": ("Income before/after", "Pendapatan sebelum/sesudah"),
    "page_comparison": ("Program vs comparison", "Program vs pembanding"),
    "page_drivers": ("Drivers", "Faktor pendorong"),
    "page_loans": ("Loans", "Pinjaman"),
    "page_method": ("Method", "Metode"),
    # --- sidebar --------------------------------------------------------------------------
    "sidebar_language": ("Language", "Bahasa"),
    "synthetic_badge": ("SYNTHETIC DATA: demo numbers, not a real program.",
                        "DATA SINTETIS: angka contoh, bukan program nyata."),
    "synthetic_caption": ("Synthetic demo data (SYNTHETIC DATA / DATA SINTETIS). "
                          "Upload your own survey on the Data page.",
                          "Data contoh sintetis (DATA SINTETIS / SYNTHETIC DATA). "
                          "Unggah survei Anda sendiri di halaman Data."),
    "dataset_uploaded": ("Your data: {name} (this session only).",
                         "Data Anda: {name} (hanya sesi ini)."),
    "use_demo": ("Back to the demo data", "Kembali ke data contoh"),
    "dataset_not_ready": ("The data cannot be analysed yet: see the Data page.",
                          "Data belum dapat dianalisis: lihat halaman Data."),
    "dataset_not_ready_page": (
        "Nothing is analysed until the survey's required columns (member ID, wave, income) "
        "are mapped. Open the Data page, check the column mapping and apply it.",
        "Belum ada analisis sampai kolom wajib survei (ID anggota, gelombang, pendapatan) "
        "dipetakan. Buka halaman Data, periksa pemetaan kolom, lalu terapkan."),
    "go_to_data": ("Go to the Data page", "Buka halaman Data"),
    "sidebar_filters": ("Filters", "Filter"),
    "filter_all": ("All", "Semua"),
    "filter_kabupaten": ("Regency (kabupaten)", "Kabupaten"),
    "filter_kecamatan": ("District (kecamatan)", "Kecamatan"),
    "filter_kelurahan": ("Ward / village (kelurahan)", "Kelurahan / desa"),
    "filter_cooperative_id": ("Cooperative", "Koperasi"),
    "filter_business_type": ("Business type", "Jenis usaha"),
    "filter_before": ("Before (wave)", "Sebelum (gelombang)"),
    "filter_after": ("After (wave)", "Sesudah (gelombang)"),
    "waves_invalid": ("Wave {before} does not come before wave {after}: comparing the first "
                      "and last waves instead.",
                      "Gelombang {before} tidak sebelum gelombang {after}: yang dibandingkan "
                      "gelombang pertama dan terakhir."),
    "filter_basis": ("Income", "Pendapatan"),
    "filter_basis_help": ("Real income is deflated by the consumer price index to the prices "
                          "of the first compared wave's year.",
                          "Pendapatan riil dikoreksi dengan indeks harga konsumen (IHK) ke "
                          "harga tahun gelombang pertama yang dibandingkan."),
    "basis_nominal": ("Nominal", "Nominal"),
    "basis_real": ("Real (constant prices)", "Riil (harga konstan)"),
    "real_unavailable": ("Real income is not available ({reason}); showing nominal income.",
                         "Pendapatan riil tidak tersedia ({reason}); yang ditampilkan "
                         "pendapatan nominal."),
    "sidebar_members": ("Members in this view", "Anggota dalam tampilan ini"),
    "sidebar_members_help": ("Distinct members in the rows the filters keep (program and "
                             "comparison).",
                             "Jumlah anggota berbeda pada baris yang lolos filter (program "
                             "dan pembanding)."),
    "sidebar_members_of": ("of {total} in the dataset", "dari {total} dalam dataset"),
    "filter_reset": ("Clear filters", "Hapus filter"),
    # --- shared messages ------------------------------------------------------------------
    "error_data": ("The data cannot be analysed this way: {detail}. Check the Data page "
                   "(mapping, validation report) or change the filters.",
                   "Data tidak dapat dianalisis dengan cara ini: {detail}. Periksa halaman "
                   "Data (pemetaan, laporan validasi) atau ubah filter."),
    "error_unexpected": ("Something went wrong while drawing this page. Try other filters or "
                         "reload the page; if it persists, report it with the file you used.",
                         "Terjadi kesalahan saat menampilkan halaman ini. Coba filter lain "
                         "atau muat ulang halaman; jika tetap terjadi, laporkan beserta "
                         "berkas yang dipakai."),
    "unavailable": ("Not available in this version: {what}. No numbers are shown for it.",
                    "Belum tersedia di versi ini: {what}. Tidak ada angka yang ditampilkan."),
    "small_view": ("This view covers {n} members, fewer than {threshold}: means are not shown "
                   "to protect privacy. Widen the filters.",
                   "Tampilan ini hanya mencakup {n} anggota, kurang dari {threshold}: rata-rata "
                   "tidak ditampilkan demi privasi. Perluas filter."),
    "suppressed": ("fewer than {threshold} members: not shown",
                   "kurang dari {threshold} anggota: tidak ditampilkan"),
    "suppressed_rows": ("Rows with fewer than {threshold} members show no statistics "
                        "(small-cell suppression).",
                        "Baris dengan kurang dari {threshold} anggota tidak menampilkan "
                        "statistik (penekanan sel kecil)."),
    "download_csv": ("Download CSV", "Unduh CSV"),
    "aggregated_note": ("Charts show binned counts and group means, never individual members.",
                        "Grafik menampilkan hitungan per kelas dan rata-rata kelompok, bukan "
                        "anggota perorangan."),
    "members_word": ("members", "anggota"),
    "count_axis": ("Members", "Jumlah anggota"),
    "program": ("Program members", "Anggota program"),
    "comparison": ("Comparison group", "Kelompok pembanding"),
    "all_members": ("All members", "Semua anggota"),
    "suffix_before": ("before", "sebelum"),
    "suffix_after": ("after", "sesudah"),
    "suffix_change": ("change", "perubahan"),
    # --- plain-language summary (Overview) ------------------------------------------------
    "sum_none": ("Too few program members in this view to summarise their incomes.",
                 "Terlalu sedikit anggota program dalam tampilan ini untuk diringkas."),
    "sum_real": (" (in constant prices)", " (harga konstan)"),
    "sum_main_up": ("Between {before} and {after}, the monthly net business income{basis} of the "
                    "{n} program members observed in both waves rose by {change} on average",
                    "Antara {before} dan {after}, pendapatan usaha bersih per bulan{basis} dari "
                    "{n} anggota program yang teramati di kedua gelombang rata-rata naik "
                    "{change}"),
    "sum_main_down": ("Between {before} and {after}, the monthly net business income{basis} of "
                      "the {n} program members observed in both waves fell by {change} on "
                      "average",
                      "Antara {before} dan {after}, pendapatan usaha bersih per bulan{basis} "
                      "dari {n} anggota program yang teramati di kedua gelombang rata-rata turun "
                      "{change}"),
    "sum_main_flat": ("Between {before} and {after}, the monthly net business income{basis} of "
                      "the {n} program members observed in both waves did not change on "
                      "average ({change})",
                      "Antara {before} dan {after}, pendapatan usaha bersih per bulan{basis} "
                      "dari {n} anggota program yang teramati di kedua gelombang rata-rata tidak "
                      "berubah ({change})"),
    "sum_from": (", from {a} to {b}", ", dari {a} menjadi {b}"),
    "sum_ci_clear": ("The 95% confidence interval of the average change is {ci}: the change is "
                     "clearly different from zero.",
                     "Selang kepercayaan 95% rata-rata perubahan adalah {ci}: perubahannya "
                     "jelas berbeda dari nol."),
    "sum_ci_zero": ("The 95% confidence interval of the average change is {ci}: it includes "
                    "zero, so the data cannot rule out no change.",
                    "Selang kepercayaan 95% rata-rata perubahan adalah {ci}: selang ini "
                    "mencakup nol, jadi data belum dapat menyingkirkan kemungkinan tidak ada "
                    "perubahan."),
    "sum_median": ("The typical (median) member's income changed by {change}.",
                   "Pendapatan anggota pada umumnya (median) berubah {change}."),
    "sum_share": ("{share} of members earned more than before.",
                  "{share} anggota berpendapatan lebih tinggi dari sebelumnya."),
    "sum_cmp_up": ("In the comparison group of {n} non-members from the same areas, income rose "
                   "by {change} on average.",
                   "Pada kelompok pembanding ({n} bukan anggota dari wilayah yang sama), "
                   "pendapatan rata-rata naik {change}."),
    "sum_cmp_down": ("In the comparison group of {n} non-members from the same areas, income "
                     "fell by {change} on average.",
                     "Pada kelompok pembanding ({n} bukan anggota dari wilayah yang sama), "
                     "pendapatan rata-rata turun {change}."),
    "sum_cmp_flat": ("In the comparison group of {n} non-members from the same areas, income did "
                     "not change on average ({change}).",
                     "Pada kelompok pembanding ({n} bukan anggota dari wilayah yang sama), "
                     "pendapatan rata-rata tidak berubah ({change})."),
    "sum_did_more": ("Compared with that group (difference-in-differences), program members' "
                     "income changed by {did} more per month",
                     "Dibandingkan kelompok itu (selisih-dalam-selisih), perubahan pendapatan "
                     "anggota program {did} per bulan lebih tinggi"),
    "sum_did_less": ("Compared with that group (difference-in-differences), program members' "
                     "income changed by {did} less per month",
                     "Dibandingkan kelompok itu (selisih-dalam-selisih), perubahan pendapatan "
                     "anggota program {did} per bulan lebih rendah"),
    "sum_did_ci": (" (95% CI {ci}; p = {p})", " (SK 95% {ci}; p = {p})"),
    "sum_did_unclear": ("The difference is not statistically clear.",
                        "Perbedaan ini belum jelas secara statistik."),
    "sum_repay": ("Members repaid {rate} of the loan instalments that fell due.",
                  "Anggota membayar {rate} dari angsuran pinjaman yang jatuh tempo."),
    "sum_caveat": ("These are associations: members chose to join, so part of the difference "
                   "may come from who joined rather than from the program. See the Method page.",
                   "Ini keterkaitan, bukan bukti sebab-akibat: anggota memilih bergabung, jadi "
                   "sebagian perbedaan bisa berasal dari siapa yang bergabung, bukan dari "
                   "programnya. Lihat halaman Metode."),
    "yes": ("yes", "ya"),
    "no": ("no", "tidak"),
}
# fmt: on


def t(key: str, lang: Lang = "en", **values: object) -> str:
    """The text of ``key`` in ``lang`` with ``{placeholders}`` filled from ``values``.

    An unknown key raises ``KeyError`` (a test catches keys used but never defined).

    Examples
    --------
    >>> t("page_overview", "id")
    'Ringkasan'
    >>> t("sidebar_members_of", "en", total="1,200")
    'of 1,200 in the dataset'
    """
    en, id_ = TEXTS[key]
    text = id_ if lang == "id" else en
    return text.format(**values) if values else text


def placeholders(text: str) -> set[str]:
    """The ``{names}`` a text expects."""
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def lang_from_locale(locale: str | None) -> Lang:
    """Indonesian for a browser locale ``id``/``id-ID`` (or the legacy ``in``), else English.

    Examples
    --------
    >>> lang_from_locale("id-ID"), lang_from_locale("en-US"), lang_from_locale(None)
    ('id', 'en', 'en')
    """
    if locale and locale.replace("_", "-").split("-")[0].lower() in ("id", "in"):
        return "id"
    return "en"
