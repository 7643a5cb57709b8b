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
    # --- overview ---------------------------------------------------------------------------
    "ov_compared": ("Comparing wave {before} with wave {after}, {basis} income, members observed "
                    "in both waves.",
                    "Membandingkan gelombang {before} dengan {after}, pendapatan {basis}, "
                    "anggota yang teramati di kedua gelombang."),
    "ov_members": ("Program members compared", "Anggota program dibandingkan"),
    "ov_members_detail": ("Comparison group: {n}. Lost since the earlier wave: {lost}.",
                          "Kelompok pembanding: {n}. Hilang sejak gelombang awal: {lost}."),
    "ov_members_help": ("Members with an income at both compared waves. Members seen only at "
                        "the earlier wave are lost (attrition) and not imputed.",
                        "Anggota yang memiliki data pendapatan di kedua gelombang. Anggota yang "
                        "hanya ada di gelombang awal dihitung hilang (atrisi), tidak diimputasi."),
    "ov_capital": ("Loan capital disbursed", "Modal pinjaman tersalurkan"),
    "ov_capital_loans": ("{loans} loans to {borrowers} borrowers (loan ledger).",
                         "{loans} pinjaman kepada {borrowers} peminjam (buku pinjaman)."),
    "ov_capital_survey": ("Reported by program members for the compared period (survey).",
                          "Dilaporkan anggota program untuk periode yang dibandingkan (survei)."),
    "ov_capital_help": ("Total principal disbursed in the loan ledger of the members in view; "
                        "without a ledger, the capital members reported in the survey.",
                        "Total pokok pinjaman yang dicairkan dalam buku pinjaman anggota yang "
                        "ditampilkan; tanpa buku pinjaman, modal yang dilaporkan di survei."),
    "ov_mean": ("Mean income change", "Rata-rata perubahan pendapatan"),
    "ov_mean_help": ("Average of each member's monthly net business income after minus before.",
                     "Rata-rata selisih pendapatan usaha bersih per bulan tiap anggota "
                     "(sesudah dikurangi sebelum)."),
    "ov_ci": ("95% CI {ci} ({method})", "SK 95% {ci} ({method})"),
    "ci_bootstrap": ("bootstrap", "bootstrap"),
    "ci_t": ("t interval", "selang t"),
    "ov_median": ("Median income change", "Median perubahan pendapatan"),
    "ov_median_help": ("The middle member's change: half changed more, half less. Less "
                       "sensitive to a few very large incomes than the mean.",
                       "Perubahan anggota di tengah: separuh berubah lebih besar, separuh lebih "
                       "kecil. Tidak mudah terpengaruh beberapa pendapatan yang sangat besar."),
    "ov_wilcoxon": ("Wilcoxon signed-rank test: {p}", "Uji peringkat bertanda Wilcoxon: {p}"),
    "ov_share": ("Members whose income rose", "Anggota yang pendapatannya naik"),
    "ov_share_detail": ("of {n} program members compared.",
                        "dari {n} anggota program yang dibandingkan."),
    "ov_share_help": ("Share of members whose income after is strictly higher than before.",
                      "Persentase anggota yang pendapatan sesudahnya lebih tinggi dari "
                      "sebelumnya."),
    "ov_repayment": ("Repayment rate", "Tingkat pengembalian"),
    "ov_repayment_detail": ("{paid} paid of {due} due. PAR30: {par30}.",
                            "{paid} terbayar dari {due} jatuh tempo. PAR30: {par30}."),
    "ov_repayment_help": ("Amount repaid over amount fallen due (CGAP). PAR30: outstanding of "
                          "loans more than 30 days overdue over the gross portfolio.",
                          "Jumlah dibayar dibagi jumlah jatuh tempo (CGAP). PAR30: sisa pokok "
                          "pinjaman yang menunggak lebih dari 30 hari dibagi total portofolio."),
    "ov_no_loans": ("No loan ledger in this dataset.", "Tidak ada buku pinjaman dalam dataset ini."),
    "ov_did": ("Difference-in-differences", "Selisih-dalam-selisih (DiD)"),
    "ov_did_detail": ("95% CI {ci}; {p}; clusters: {clusters}.",
                      "SK 95% {ci}; {p}; klaster: {clusters}."),
    "ov_did_wild": ("Few clusters: wild cluster bootstrap {p}.",
                    "Klaster sedikit: wild cluster bootstrap {p}."),
    "ov_did_help": ("Program members' mean income change minus the comparison group's, with "
                    "member and wave fixed effects; standard errors clustered by cooperative.",
                    "Rata-rata perubahan pendapatan anggota program dikurangi kelompok "
                    "pembanding, dengan efek tetap anggota dan gelombang; galat baku "
                    "diklaster per koperasi."),
    "ov_no_comparison": ("No comparison group of at least {threshold} members in this view.",
                         "Tidak ada kelompok pembanding minimal {threshold} anggota dalam "
                         "tampilan ini."),
    "ov_cmp_change": ("Comparison group's change", "Perubahan kelompok pembanding"),
    "ov_cmp_help": ("Mean income change of non-members from the same areas, with its 95% CI.",
                    "Rata-rata perubahan pendapatan bukan anggota dari wilayah yang sama, "
                    "dengan SK 95%."),
    "ov_summary": ("In plain words", "Dalam bahasa sederhana"),
    "ov_dist_title": ("Distribution of income changes", "Sebaran perubahan pendapatan"),
    "ov_dist_x": ("Change in monthly net income", "Perubahan pendapatan bersih per bulan"),
    "ov_coop_title": ("Mean income change by cooperative (program members)",
                      "Rata-rata perubahan pendapatan per koperasi (anggota program)"),
    "ov_coop_x": ("Mean change with 95% CI", "Rata-rata perubahan dengan SK 95%"),
    "ov_table": ("Tables behind these numbers", "Tabel di balik angka-angka ini"),
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
    "sum_did_ci": (" (95% CI {ci}; {p})", " (SK 95% {ci}; {p})"),
    "sum_did_unclear": ("The difference is not statistically clear.",
                        "Perbedaan ini belum jelas secara statistik."),
    "sum_repay": ("Members repaid {rate} of the loan instalments that fell due.",
                  "Anggota membayar {rate} dari angsuran pinjaman yang jatuh tempo."),
    "sum_caveat": ("These are associations: members chose to join, so part of the difference "
                   "may come from who joined rather than from the program. See the Method page.",
                   "Ini keterkaitan, bukan bukti sebab-akibat: anggota memilih bergabung, jadi "
                   "sebagian perbedaan bisa berasal dari siapa yang bergabung, bukan dari "
                   "programnya. Lihat halaman Metode."),
    # --- income page ------------------------------------------------------------------------
    "wave_label": ("Wave {wave}", "Gelombang {wave}"),
    "inc_paired": ("Paired comparison by group", "Perbandingan berpasangan per kelompok"),
    "inc_paired_note": (
        "Members with an income at both waves. Paired t-test and Wilcoxon signed-rank test of "
        "a zero change (as R's t.test and wilcox.test with paired = TRUE); Cohen's d_z = mean "
        "change / SD of changes. Bootstrap intervals (seeded) for groups up to 5,000 members, t "
        "intervals above.",
        "Anggota dengan data pendapatan di kedua gelombang. Uji t berpasangan dan uji peringkat "
        "bertanda Wilcoxon terhadap perubahan nol (seperti t.test dan wilcox.test di R dengan "
        "paired = TRUE); d_z Cohen = rata-rata perubahan / simpangan baku perubahan. Selang "
        "bootstrap (dengan seed) untuk kelompok sampai 5.000 anggota, selang t di atasnya."),
    "inc_dumbbell_title": ("Mean income before and after, by cooperative (program members)",
                           "Rata-rata pendapatan sebelum dan sesudah per koperasi (anggota "
                           "program)"),
    "inc_dumbbell_note": ("Each line joins a cooperative's mean before and after; cooperatives "
                          "with fewer than {threshold} members are left out.",
                          "Setiap garis menghubungkan rata-rata sebelum dan sesudah satu "
                          "koperasi; koperasi dengan kurang dari {threshold} anggota tidak "
                          "ditampilkan."),
    "inc_mean_income": ("Mean monthly net income", "Rata-rata pendapatan bersih per bulan"),
    "inc_dist_title": ("Income distribution before and after (program members)",
                       "Sebaran pendapatan sebelum dan sesudah (anggota program)"),
    "inc_income_axis": ("Monthly net business income", "Pendapatan usaha bersih per bulan"),
    "inc_subgroups": ("Subgroups", "Subkelompok"),
    "inc_subgroup_by": ("Split by", "Dipisah menurut"),
    "inc_forest_title": ("Mean income change by {by}, with 95% CI",
                         "Rata-rata perubahan pendapatan menurut {by}, dengan SK 95%"),
    "inc_subgroup_note": (
        "p-values corrected for testing many subgroups at once (Benjamini-Hochberg: false "
        "discovery rate; Holm: family-wise error), within each group. Subgroups with fewer than "
        "{threshold} members are counted but not tested.",
        "Nilai p dikoreksi karena banyak subkelompok diuji sekaligus (Benjamini-Hochberg: "
        "tingkat penemuan palsu; Holm: galat keluarga), dalam tiap kelompok. Subkelompok dengan "
        "kurang dari {threshold} anggota dihitung tetapi tidak diuji."),
    "sub_business_type": ("business type", "jenis usaha"),
    "sub_cooperative_id": ("cooperative", "koperasi"),
    "sub_kelurahan": ("ward / village", "kelurahan / desa"),
    "sub_loan_tier": ("loan size received", "besar pinjaman yang diterima"),
    "sub_trained": ("trained or not", "ikut pelatihan atau tidak"),
    "sub_market_channels": ("market channels (later wave)", "saluran pemasaran (gelombang akhir)"),
    "inc_real": ("Nominal and real income", "Pendapatan nominal dan riil"),
    "inc_real_note": ("Real: deflated by the Jember consumer price index to {base} prices "
                      "(see the Method page).",
                      "Riil: dikoreksi dengan indeks harga konsumen Jember ke harga tahun "
                      "{base} (lihat halaman Metode)."),
    "difference": ("Difference", "Selisih"),
    # --- column labels ----------------------------------------------------------------------
    "col_statistic": ("Statistic", "Statistik"),
    "col_group": ("Group", "Kelompok"),
    "col_level": ("Subgroup", "Subkelompok"),
    "col_by": ("Split by", "Dipisah menurut"),
    "col_n": ("n (members)", "n (anggota)"),
    "col_n_lost": ("Lost since the earlier wave", "Hilang sejak gelombang awal"),
    "col_share_lost": ("Share lost", "Persentase hilang"),
    "col_wave_before": ("Wave before", "Gelombang sebelum"),
    "col_wave_after": ("Wave after", "Gelombang sesudah"),
    "col_mean_before": ("Mean before", "Rata-rata sebelum"),
    "col_mean_after": ("Mean after", "Rata-rata sesudah"),
    "col_median_before": ("Median before", "Median sebelum"),
    "col_median_after": ("Median after", "Median sesudah"),
    "col_mean_change": ("Mean change", "Rata-rata perubahan"),
    "col_median_change": ("Median change", "Median perubahan"),
    "col_sd_change": ("SD of change", "Simpangan baku perubahan"),
    "col_pct_change": ("Change in the mean (%)", "Perubahan rata-rata (%)"),
    "col_share_improved": ("Share whose income rose", "Persentase yang pendapatannya naik"),
    "col_t_stat": ("t (paired)", "t (berpasangan)"),
    "col_t_df": ("df", "db"),
    "col_t_p": ("p (t-test)", "p (uji t)"),
    "col_ci_low": ("95% CI low", "SK 95% bawah"),
    "col_ci_high": ("95% CI high", "SK 95% atas"),
    "col_ci_method": ("CI method", "Metode SK"),
    "col_wilcoxon_v": ("Wilcoxon V", "Wilcoxon V"),
    "col_wilcoxon_p": ("p (Wilcoxon)", "p (Wilcoxon)"),
    "col_wilcoxon_method": ("Wilcoxon method", "Metode Wilcoxon"),
    "col_cohen_dz": ("Cohen's d_z", "d_z Cohen"),
    "col_dz_ci_low": ("d_z 95% CI low", "d_z SK 95% bawah"),
    "col_dz_ci_high": ("d_z 95% CI high", "d_z SK 95% atas"),
    "col_tested": ("Tested", "Diuji"),
    "col_p_bh": ("p (Benjamini-Hochberg)", "p (Benjamini-Hochberg)"),
    "col_p_holm": ("p (Holm)", "p (Holm)"),
    "col_note": ("Note", "Catatan"),
    "col_nominal_mean_change": ("Mean change, nominal", "Rata-rata perubahan, nominal"),
    "col_real_mean_change": ("Mean change, real", "Rata-rata perubahan, riil"),
    "col_nominal_pct_change": ("Change in the mean, nominal (%)",
                               "Perubahan rata-rata, nominal (%)"),
    "col_real_pct_change": ("Change in the mean, real (%)", "Perubahan rata-rata, riil (%)"),
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
