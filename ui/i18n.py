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
    # --- saved evaluations, editors and viewers (issue 14) --------------------------------
    "page_audit": ("Audit", "Audit"),
    "dataset_choose": ("Dataset", "Dataset"),
    "dataset_demo": ("Demo (synthetic data)", "Contoh (data sintetis)"),
    "dataset_upload_choice": ("My upload: {name} (not published)",
                              "Unggahan saya: {name} (belum dipublikasikan)"),
    "dataset_saved_choice": ("{name} · v{version} ({date})", "{name} · v{version} ({date})"),
    "dataset_saved": ("Saved evaluation: {name}, version {version}, published {date} by "
                      "{publisher}.",
                      "Evaluasi tersimpan: {name}, versi {version}, dipublikasikan {date} "
                      "oleh {publisher}."),
    "dataset_store_error": ("The saved evaluations cannot be listed: {detail}",
                            "Evaluasi tersimpan tidak dapat dicantumkan: {detail}"),
    "meth_source_saved": ("Saved evaluation", "Evaluasi tersimpan"),
    "access_title": ("Editor sign-in", "Masuk sebagai editor"),
    "access_off": (
        "Editing is off: this dashboard shows the demo and the saved evaluations, in "
        "aggregate. To turn editing on, run `python -m analysis store hash-passphrase` and put "
        "the line it prints in `.streamlit/secrets.toml` as `editor_passphrase_hash` under "
        "`[berdaya]` (or in the environment variable `BERDAYA_EDITOR_PASSPHRASE_HASH`), or "
        "configure single sign-on under `[auth]`; see the README.",
        "Penyuntingan mati: dasbor ini menampilkan data contoh dan evaluasi tersimpan, dalam "
        "bentuk agregat. Untuk menyalakannya, jalankan `python -m analysis store "
        "hash-passphrase` dan taruh baris yang dicetaknya di `.streamlit/secrets.toml` sebagai "
        "`editor_passphrase_hash` di bawah `[berdaya]` (atau di variabel lingkungan "
        "`BERDAYA_EDITOR_PASSPHRASE_HASH`), atau atur single sign-on di bawah `[auth]`; lihat "
        "README."),
    "access_name": ("Your name (for the audit log)", "Nama Anda (untuk log audit)"),
    "access_passphrase": ("Editor passphrase", "Frasa sandi editor"),
    "access_sign_in": ("Sign in", "Masuk"),
    "access_login": ("Sign in with your account", "Masuk dengan akun Anda"),
    "access_logout": ("Sign out", "Keluar"),
    "access_editor": ("Signed in as editor: {name}", "Masuk sebagai editor: {name}"),
    "access_not_editor": ("This account is not on the editors' list.",
                          "Akun ini tidak ada di daftar editor."),
    "access_wrong": ("Wrong passphrase.", "Frasa sandi salah."),
    "access_wrong_wait": ("Wrong passphrase. Wait {seconds} s before trying again.",
                          "Frasa sandi salah. Tunggu {seconds} detik sebelum mencoba lagi."),
    "access_locked": ("Too many wrong passphrases: sign-in is locked for about {minutes} "
                      "min.",
                      "Terlalu banyak frasa sandi salah: masuk dikunci sekitar {minutes} "
                      "menit."),
    "access_clear": ("Clear my data", "Hapus data saya"),
    "access_clear_help": ("Forget the unpublished upload now (it is never kept after the "
                          "session).",
                          "Lupakan unggahan yang belum dipublikasikan sekarang (tidak "
                          "pernah disimpan setelah sesi)."),
    "data_intro_viewer": (
        "How the data shown was read: format, checks and the mapping used, in aggregate. "
        "Uploading and publishing data are for signed-in editors.",
        "Cara data yang ditampilkan dibaca: format, pemeriksaan dan pemetaan yang dipakai, "
        "dalam bentuk agregat. Mengunggah dan mempublikasikan data hanya untuk editor yang "
        "sudah masuk."),
    "data_problems_editors": ("The rows with problems are listed to signed-in editors only.",
                              "Baris bermasalah hanya ditampilkan kepada editor yang sudah "
                              "masuk."),
    "data_publish": ("Publish this upload as a saved evaluation",
                     "Publikasikan unggahan ini sebagai evaluasi tersimpan"),
    "data_publish_name": ("Evaluation name", "Nama evaluasi"),
    "data_publish_button": ("Publish", "Publikasikan"),
    "data_publish_note": (
        "Viewers can then choose it in the sidebar. A name already saved gets a new version "
        "(the older ones are kept until deleted). The store keeps the checked, pseudonymised "
        "tables and the load report, never the file itself.",
        "Penonton lalu dapat memilihnya di bilah samping. Nama yang sudah tersimpan mendapat "
        "versi baru (versi lama disimpan sampai dihapus). Penyimpanan berisi tabel yang sudah "
        "diperiksa dan dipseudonimkan serta laporan muat, tidak pernah berkasnya sendiri."),
    "data_publish_not_ready": ("Map the survey's required columns first; then it can be "
                               "published.",
                               "Petakan dulu kolom wajib survei; setelah itu dapat "
                               "dipublikasikan."),
    "data_published": ("Published {name}, version {version}.",
                       "Dipublikasikan: {name}, versi {version}."),
    "data_members": ("Member-level tables (pseudonymised)",
                     "Tabel tingkat anggota (dipseudonimkan)"),
    "data_members_note": (
        "One row per member and wave, member IDs pseudonymised, names, NIK and phone numbers "
        "removed. For editors only: keep them as carefully as the survey itself.",
        "Satu baris per anggota dan gelombang, ID anggota dipseudonimkan, nama, NIK dan nomor "
        "telepon dihapus. Hanya untuk editor: jaga sebaik survei itu sendiri."),
    "data_members_download_survey": ("Download the survey members (CSV)",
                                     "Unduh anggota survei (CSV)"),
    "data_members_download_loans": ("Download the loans (CSV)", "Unduh pinjaman (CSV)"),
    "audit_editors_only": ("This page is for signed-in editors.",
                           "Halaman ini untuk editor yang sudah masuk."),
    "audit_saved": ("Saved evaluations", "Evaluasi tersimpan"),
    "audit_store": ("Store: {path}", "Penyimpanan: {path}"),
    "audit_none": ("Nothing is saved yet: publish an upload from the Data page.",
                   "Belum ada yang tersimpan: publikasikan unggahan dari halaman Data."),
    "audit_name": ("Evaluation", "Evaluasi"),
    "audit_new_name": ("New name", "Nama baru"),
    "audit_rename": ("Rename (every version)", "Ganti nama (semua versi)"),
    "audit_rename_button": ("Rename", "Ganti nama"),
    "audit_renamed": ("Renamed {old} to {new}.", "{old} diganti namanya menjadi {new}."),
    "audit_delete": ("Delete", "Hapus"),
    "audit_version": ("Version", "Versi"),
    "audit_all_versions": ("every version", "semua versi"),
    "audit_delete_confirm": ("Yes, delete it for everyone", "Ya, hapus untuk semua orang"),
    "audit_delete_button": ("Delete", "Hapus"),
    "audit_delete_note": ("Deleting cannot be undone; the audit log keeps the record.",
                          "Penghapusan tidak dapat dibatalkan; log audit menyimpan catatannya."),
    "audit_delete_unconfirmed": ("Tick the box to confirm the deletion.",
                                 "Centang kotak untuk memastikan penghapusan."),
    "audit_deleted": ("Deleted {name}: {n} version(s).", "{name} dihapus: {n} versi."),
    "audit_log": ("Audit log (newest first)", "Log audit (terbaru dahulu)"),
    "audit_log_empty": ("No publish, rename or delete yet.",
                        "Belum ada publikasi, penggantian nama, atau penghapusan."),
    "col_name": ("Name", "Nama"),
    "col_version": ("Version", "Versi"),
    "col_published_at": ("Published (UTC)", "Dipublikasikan (UTC)"),
    "col_publisher": ("Publisher", "Penerbit"),
    "col_members": ("Members", "Anggota"),
    "col_waves": ("Waves", "Gelombang"),
    "col_sha256": ("Survey file SHA-256", "SHA-256 berkas survei"),
    "col_loans_sha256": ("Loans file SHA-256", "SHA-256 berkas pinjaman"),
    "col_at": ("When (UTC)", "Waktu (UTC)"),
    "col_who": ("Who", "Siapa"),
    "col_detail": ("Detail", "Rincian"),
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
    "filter_basis_help": ("Real income is deflated by the Jember consumer price index to the "
                          "prices of the first survey wave's year.",
                          "Pendapatan riil dikoreksi dengan indeks harga konsumen (IHK) Jember "
                          "ke harga tahun gelombang survei pertama."),
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
    "small_view": ("This view covers {n} members, fewer than {threshold}: means are not shown "
                   "to protect privacy. Widen the filters.",
                   "Tampilan ini hanya mencakup {n} anggota, kurang dari {threshold}: rata-rata "
                   "tidak ditampilkan demi privasi. Perluas filter."),
    "suppressed": ("not shown: fewer than {threshold} members, or hidden to protect one",
                   "tidak ditampilkan: kurang dari {threshold} anggota, atau disembunyikan "
                   "untuk melindunginya"),
    "suppressed_rows": ("Rows with fewer than {threshold} members show no statistics "
                        "(small-cell suppression); where one alone would be hidden, the "
                        "smallest other row is hidden too, so that it cannot be worked out "
                        "from the total.",
                        "Baris dengan kurang dari {threshold} anggota tidak menampilkan "
                        "statistik (penekanan sel kecil); bila hanya satu yang disembunyikan, "
                        "baris lain yang terkecil ikut disembunyikan agar tidak dapat "
                        "dihitung dari totalnya."),
    "download_csv": ("Download CSV", "Unduh CSV"),
    "table_first_rows": ("The first {n} of {total} rows are shown; the CSV holds them all.",
                         "Ditampilkan {n} baris pertama dari {total}; CSV memuat semuanya."),
    "chart_extremes": ("The {n} highest and {n} lowest of {total} are drawn; the table lists "
                       "all.",
                       "Yang digambar {n} tertinggi dan {n} terendah dari {total}; tabel memuat "
                       "semuanya."),
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
    "ov_members": ("Members compared", "Anggota dibandingkan"),
    "ov_members_detail": ("Comparison group: {n}. Lost since the earlier wave: {lost}.",
                          "Kelompok pembanding: {n}. Hilang sejak gelombang awal: {lost}."),
    "ov_members_help": ("Members with an income at both compared waves. Members seen only at "
                        "the earlier wave are lost (attrition) and not imputed.",
                        "Anggota yang memiliki data pendapatan di kedua gelombang. Anggota yang "
                        "hanya ada di gelombang awal dihitung hilang (atrisi), tidak diimputasi."),
    "ov_capital": ("Capital disbursed", "Modal tersalurkan"),
    "ov_capital_loans": ("{loans} loans to {borrowers} borrowers (loan ledger).",
                         "{loans} pinjaman kepada {borrowers} peminjam (buku pinjaman)."),
    "ov_capital_survey": ("Reported by program members for the compared period (survey).",
                          "Dilaporkan anggota program untuk periode yang dibandingkan (survei)."),
    "ov_capital_help": ("Total principal disbursed in the loan ledger of the members in view; "
                        "without a ledger, the capital members reported in the survey.",
                        "Total pokok pinjaman yang dicairkan dalam buku pinjaman anggota yang "
                        "ditampilkan; tanpa buku pinjaman, modal yang dilaporkan di survei."),
    "ov_mean": ("Mean change", "Rata-rata perubahan"),
    "ov_mean_help": ("Average of each member's monthly net business income after minus before.",
                     "Rata-rata selisih pendapatan usaha bersih per bulan tiap anggota "
                     "(sesudah dikurangi sebelum)."),
    "ov_ci": ("95% CI {ci} ({method})", "SK 95% {ci} ({method})"),
    "ci_bootstrap": ("bootstrap", "bootstrap"),
    "ci_t": ("t interval", "selang t"),
    "ov_median": ("Median change", "Median perubahan"),
    "ov_median_help": ("The middle member's change: half changed more, half less. Less "
                       "sensitive to a few very large incomes than the mean.",
                       "Perubahan anggota di tengah: separuh berubah lebih besar, separuh lebih "
                       "kecil. Tidak mudah terpengaruh beberapa pendapatan yang sangat besar."),
    "ov_wilcoxon": ("Wilcoxon signed-rank test: {p}", "Uji peringkat bertanda Wilcoxon: {p}"),
    "ov_share": ("Incomes that rose", "Pendapatan naik"),
    "ov_share_detail": ("of {n} program members compared.",
                        "dari {n} anggota program yang dibandingkan."),
    "ov_share_ci": ("95% CI {ci} (Wilson), of {n} program members compared.",
                    "SK 95% {ci} (Wilson), dari {n} anggota program yang dibandingkan."),
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
    "ov_did": ("Difference-in-differences", "Selisih-dalam-selisih"),
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
    "ov_cmp_change": ("Comparison change", "Perubahan pembanding"),
    "ov_cmp_help": ("Mean income change of non-members from the same areas, with its 95% CI.",
                    "Rata-rata perubahan pendapatan bukan anggota dari wilayah yang sama, "
                    "dengan SK 95%."),
    "ov_summary": ("In plain words", "Dalam bahasa sederhana"),
    "ov_dist_title": ("Distribution of income changes", "Sebaran perubahan pendapatan"),
    "ov_dist_x": ("Change in monthly net income", "Perubahan pendapatan bersih per bulan"),
    "ov_coop_title": ("Mean income change by cooperative",
                      "Rata-rata perubahan pendapatan per koperasi"),
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
    "inc_dumbbell_title": ("Program members' mean income by {by}",
                           "Rata-rata pendapatan anggota program per {by}"),
    "inc_dumbbell_note": ("Each line joins a subgroup's mean before and after (program members "
                          "observed in both waves); subgroups with fewer than {threshold} "
                          "members are left out.",
                          "Setiap garis menghubungkan rata-rata sebelum dan sesudah satu "
                          "subkelompok (anggota program yang teramati di kedua gelombang); "
                          "subkelompok dengan kurang dari {threshold} anggota tidak "
                          "ditampilkan."),
    "inc_mean_income": ("Mean monthly net income", "Rata-rata pendapatan bersih per bulan"),
    "inc_dist_title": ("Program members' incomes, before and after",
                       "Pendapatan anggota program, sebelum dan sesudah"),
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
    # --- drivers page -----------------------------------------------------------------------
    "drv_intro": ("Regressions of each member's income change between the compared waves on "
                  "what the program gave: loan capital, training hours and new market "
                  "channels. Coefficients are associations, not proof of cause.",
                  "Regresi perubahan pendapatan tiap anggota antara gelombang yang dibandingkan "
                  "terhadap apa yang diberikan program: modal pinjaman, jam pelatihan dan "
                  "saluran pemasaran baru. Koefisien menunjukkan keterkaitan, bukan bukti "
                  "sebab-akibat."),
    "drv_se": ("Standard errors", "Galat baku"),
    "se_HC3": ("Robust (HC3)", "Robust (HC3)"),
    "se_HC1": ("Robust (HC1, as Stata)", "Robust (HC1, seperti Stata)"),
    "se_nonrobust": ("Classical", "Klasik"),
    "se_cluster": ("Clustered", "Diklaster"),
    "drv_cluster": ("Cluster by", "Klaster menurut"),
    "sub_group_id": ("joint-liability group", "kelompok tanggung renteng"),
    "drv_sample": ("Who", "Siapa"),
    "drv_sample_members": ("Program members", "Anggota program"),
    "drv_sample_all": ("Members and comparison", "Anggota dan pembanding"),
    "drv_capital_source": ("Capital from", "Modal dari"),
    "drv_capital_survey": ("Survey", "Survei"),
    "drv_capital_loans": ("Loan ledger", "Buku pinjaman"),
    "drv_loans_unusable": ("Capital from the loan ledger is not available ({reason}); the "
                           "survey's capital is used.",
                           "Modal dari buku pinjaman tidak tersedia ({reason}); dipakai modal "
                           "dari survei."),
    "drv_models": ("Default models", "Model bawaan"),
    "drv_models_note": ("(1) income change on capital (per Rp 1 million), training hours and "
                        "the change in market channels; (2) plus controls; (3) log income "
                        "change on log capital (an elasticity); (4) with capital x training.",
                        "(1) perubahan pendapatan terhadap modal (per Rp 1 juta), jam pelatihan "
                        "dan perubahan saluran pemasaran; (2) ditambah variabel kontrol; (3) log "
                        "perubahan pendapatan terhadap log modal (elastisitas); (4) dengan "
                        "interaksi modal x pelatihan."),
    "model_capital_training_market": ("(1) Capital, training, markets",
                                      "(1) Modal, pelatihan, pemasaran"),
    "model_with_controls": ("(2) With controls", "(2) Dengan kontrol"),
    "model_log_log": ("(3) Log-log", "(3) Log-log"),
    "model_interaction": ("(4) Capital x training", "(4) Modal x pelatihan"),
    "model_custom": ("Your model", "Model Anda"),
    "stat_estimate": ("estimate", "koefisien"),
    "stat_se": ("(SE)", "(galat baku)"),
    "col_term": ("Term", "Variabel"),
    "term_capital_m": ("Capital received (per Rp 1 million)", "Modal diterima (per Rp 1 juta)"),
    "term_training_hours": ("Training hours", "Jam pelatihan"),
    "term_market_channels_change": ("Change in market channels", "Perubahan saluran pemasaran"),
    "term_log_capital": ("log(capital)", "log(modal)"),
    "term_capital_m_x_training_hours": ("Capital x training hours", "Modal x jam pelatihan"),
    "term_age": ("Age", "Umur"),
    "term_household_size": ("Household size", "Jumlah anggota rumah tangga"),
    "term_business_age_years": ("Business age (years)", "Lama usaha (tahun)"),
    "term_in_program": ("Program member", "Anggota program"),
    "term_intercept": ("Intercept", "Konstanta"),
    "reg_r2": ("R-squared", "R-kuadrat"),
    "reg_adj_r2": ("Adj. R-squared", "R-kuadrat disesuaikan"),
    "reg_se_type": ("SE type", "Jenis galat baku"),
    "reg_clusters": ("Clusters", "Klaster"),
    "reg_fixed_effects": ("Fixed effects", "Efek tetap"),
    "reg_reference_levels": ("Reference levels", "Kategori acuan"),
    "download_coefficients": ("Download every coefficient (CSV)",
                              "Unduh semua koefisien (CSV)"),
    "drv_no_models": ("The default models cannot be estimated on this data: {reason}. The "
                      "model builder below can still use the columns you have.",
                      "Model bawaan tidak dapat diestimasi pada data ini: {reason}. Penyusun "
                      "model di bawah tetap dapat memakai kolom yang ada."),
    "drv_table_note": ("* p < 0.10, ** p < 0.05, *** p < 0.01. Standard errors in parentheses: "
                       "{se}.",
                       "* p < 0,10, ** p < 0,05, *** p < 0,01. Galat baku dalam kurung: {se}."),
    "drv_pick_model": ("Model for the plots and diagnostics", "Model untuk grafik dan diagnostik"),
    "drv_coef_title": ("Coefficients with 95% CI", "Koefisien dengan SK 95%"),
    "drv_coef_x": ("Change in monthly income per unit", "Perubahan pendapatan per bulan per unit"),
    "drv_dose_title": ("Mean income change by capital received",
                       "Rata-rata perubahan pendapatan menurut modal yang diterima"),
    "drv_dose_x": ("Capital received between the waves", "Modal diterima antara gelombang"),
    "drv_diagnostics": ("Diagnostics: {model}", "Diagnostik: {model}"),
    "drv_dropped": ("{dropped} dropped for missing values, {excluded} outside the sample.",
                    "{dropped} dibuang karena nilai kosong, {excluded} di luar sampel."),
    "drv_r2": ("R-squared", "R-kuadrat"),
    "drv_adj_r2": ("Adjusted: {adj}", "Disesuaikan: {adj}"),
    "drv_het": ("Heteroskedasticity", "Heteroskedastisitas"),
    "drv_het_detail": ("Breusch-Pagan (Koenker) LM = {stat}, df = {df}. A small p: prefer "
                       "robust standard errors.",
                       "Breusch-Pagan (Koenker) LM = {stat}, db = {df}. p kecil: gunakan galat "
                       "baku robust."),
    "drv_se_used": ("Standard errors", "Galat baku"),
    "drv_clusters": ("Clusters: {n}", "Klaster: {n}"),
    "drv_resid_title": ("Residuals against fitted values", "Residual terhadap nilai dugaan"),
    "drv_fitted": ("Fitted", "Nilai dugaan"),
    "drv_resid": ("Residual", "Residual"),
    "drv_vif_note": ("VIF above 10 signals regressors that move together (collinearity).",
                     "VIF di atas 10 menandakan variabel yang bergerak bersama "
                     "(kolinearitas)."),
    "drv_builder": ("Model builder", "Penyusun model"),
    "drv_builder_note": ("Choose an outcome and regressors among the dataset's columns (your "
                         "extra columns included), or type a formula. Text columns enter as "
                         "categories.",
                         "Pilih variabel hasil dan penjelas dari kolom dataset (termasuk kolom "
                         "tambahan Anda), atau ketik formula. Kolom teks masuk sebagai "
                         "kategori."),
    "drv_outcome": ("Outcome", "Variabel hasil"),
    "drv_regressors": ("Regressors", "Variabel penjelas"),
    "drv_controls": ("Controls", "Variabel kontrol"),
    "drv_fixed": ("Fixed effects", "Efek tetap"),
    "drv_formula": ("Or a formula (overrides the choices above)",
                    "Atau formula (menggantikan pilihan di atas)"),
    "drv_formula_help": ("Wilkinson notation: y ~ a + b, a:b, a*b, C(x), log(x), I(x / 1e6). "
                         "Column names with spaces in `backticks`.",
                         "Notasi Wilkinson: y ~ a + b, a:b, a*b, C(x), log(x), I(x / 1e6). "
                         "Nama kolom berspasi dalam `backtick`."),
    "drv_fit": ("Fit the model", "Estimasi model"),
    "drv_formula_error": ("The model cannot be fitted: {detail}. Check the column names and "
                          "the formula.",
                          "Model tidak dapat diestimasi: {detail}. Periksa nama kolom dan "
                          "formulanya."),
    "col_value": ("Value", "Nilai"),
    "resid_min": ("smallest", "terkecil"),
    "resid_q1": ("first quartile", "kuartil pertama"),
    "resid_median": ("median", "median"),
    "resid_q3": ("third quartile", "kuartil ketiga"),
    "resid_max": ("largest", "terbesar"),
    "resid_sd": ("standard deviation", "simpangan baku"),
    "col_vif": ("VIF", "VIF"),
    "col_band": ("Capital band", "Kelompok modal"),
    "col_lower": ("From (Rp)", "Dari (Rp)"),
    "col_upper": ("To (Rp)", "Sampai (Rp)"),
    "col_mean": ("Mean", "Rata-rata"),
    "col_sd": ("SD", "Simpangan baku"),
    "col_se": ("SE", "Galat baku"),
    # --- comparison page --------------------------------------------------------------------
    "cmp_cluster": ("Cluster standard errors by", "Klaster galat baku menurut"),
    "sub_member_id": ("member", "anggota"),
    "cmp_all_waves": ("Use every wave in between", "Pakai semua gelombang di antaranya"),
    "cmp_all_waves_help": ("Two-way fixed effects over every wave from 'before' to 'after' "
                           "(within-member demeaning) instead of the two compared waves alone.",
                           "Efek tetap dua arah atas semua gelombang dari 'sebelum' sampai "
                           "'sesudah' (demeaning dalam anggota), bukan hanya dua gelombang yang "
                           "dibandingkan."),
    "cmp_did": ("Difference-in-differences (two-way fixed effects)",
                "Selisih-dalam-selisih (efek tetap dua arah)"),
    "cmp_no_did": ("No difference-in-differences estimate: {reason}",
                   "Tidak ada estimasi selisih-dalam-selisih: {reason}"),
    "cmp_small_groups": ("The program or comparison group has fewer than {threshold} members in "
                         "this view: estimates are not shown. Widen the filters.",
                         "Kelompok program atau pembanding kurang dari {threshold} anggota "
                         "dalam tampilan ini: estimasi tidak ditampilkan. Perluas filter."),
    "cmp_p": ("p-value", "Nilai p"),
    "cmp_se": ("SE {se}; df = {df}.", "Galat baku {se}; db = {df}."),
    "cmp_clusters": ("Clusters", "Klaster"),
    "cmp_wild": ("Wild cluster bootstrap {p} ({n} draws).",
                 "Wild cluster bootstrap {p} ({n} ulangan)."),
    "cmp_no_wild": ("Enough clusters: no bootstrap needed.",
                    "Klaster cukup: bootstrap tidak diperlukan."),
    "cmp_members": ("Members in the estimate", "Anggota dalam estimasi"),
    "cmp_members_detail": ("{program} program, {comparison} comparison; {method}.",
                           "{program} program, {comparison} pembanding; {method}."),
    "cmp_method_first_difference": ("first differences", "selisih pertama"),
    "cmp_method_two_way_within": ("within-member demeaning", "demeaning dalam anggota"),
    "cmp_2x2": ("2x2 table", "Tabel 2x2"),
    "cmp_2x2_note": ("Members observed at waves {before} and {after}. The last row's change is "
                     "the difference-in-differences: program change minus comparison change.",
                     "Anggota yang teramati di gelombang {before} dan {after}. Perubahan di "
                     "baris terakhir adalah selisih-dalam-selisih: perubahan program dikurangi "
                     "perubahan pembanding."),
    "cmp_trends_title": ("Mean income by wave, with 95% CI", "Rata-rata pendapatan per gelombang, "
                         "dengan SK 95%"),
    "cmp_wave": ("Wave", "Gelombang"),
    # staggered adoption (issue 9)
    "cmp_staggered": ("Members joining at different waves",
                      "Anggota yang bergabung pada gelombang berbeda"),
    "cmp_staggered_bias": (
        "Members joined the program at {k} different waves. The two-way estimate above can "
        "then be biased (members who joined early serve as the comparison for later ones); "
        "the estimate below (Callaway and Sant'Anna) compares each joining group only with "
        "members not in the program.",
        "Anggota bergabung dengan program pada {k} gelombang berbeda. Taksiran dua arah di "
        "atas dapat bias (anggota yang bergabung lebih dulu menjadi pembanding bagi yang "
        "kemudian); taksiran di bawah (Callaway dan Sant'Anna) membandingkan setiap kelompok "
        "yang bergabung hanya dengan anggota yang tidak ikut program."),
    "cmp_staggered_att": ("Average effect after joining", "Efek rata-rata setelah bergabung"),
    "cmp_staggered_cohorts": ("Joining waves", "Gelombang bergabung"),
    "cmp_staggered_control_never": ("compared with members never in the program",
                                    "dibandingkan dengan anggota yang tidak pernah ikut"),
    "cmp_staggered_control_notyet": ("compared with members not yet in the program",
                                     "dibandingkan dengan anggota yang belum ikut"),
    "cmp_staggered_never": ("Never in the program", "Tidak pernah ikut program"),
    "cmp_staggered_never_detail": ("members; {always} in from the first wave (left out)",
                                   "anggota; {always} ikut sejak gelombang pertama (tidak dipakai)"),
    "cmp_staggered_dyn_title": ("Effect by waves since joining (before 0: placebo checks)",
                                "Efek menurut gelombang sejak bergabung (sebelum 0: uji plasebo)"),
    "cmp_staggered_dyn_x": ("Waves since joining", "Gelombang sejak bergabung"),
    "cmp_staggered_y": ("Effect on income", "Efek terhadap pendapatan"),
    "cmp_staggered_by_cohort": ("By joining wave", "Menurut gelombang bergabung"),
    "cmp_event_title": ("Program minus comparison, relative to wave {ref}",
                        "Program dikurangi pembanding, relatif terhadap gelombang {ref}"),
    "cmp_event_y": ("Difference in mean income", "Selisih rata-rata pendapatan"),
    "cmp_pretrend": ("Pre-trend check: joint F = {f}, {p}. A small p means the groups were "
                     "already moving apart before the program.",
                     "Uji tren awal: F gabungan = {f}, {p}. p kecil berarti kelompok sudah "
                     "bergerak berbeda sebelum program."),
    "cmp_balance": ("Baseline balance (wave {wave})", "Keseimbangan awal (gelombang {wave})"),
    "cmp_balance_note": ("Differences tested by regression on the group (clusters: {clusters}; "
                         "SE: {se}). A normalized difference beyond ±0.25 signals imbalance.",
                         "Selisih diuji dengan regresi terhadap kelompok (klaster: {clusters}; "
                         "galat baku: {se}). Selisih ternormalisasi di luar ±0,25 menandakan "
                         "ketidakseimbangan."),
    "cmp_joint": ("Joint F test: F = {f}, {p} ({n} members).",
                  "Uji F gabungan: F = {f}, {p} ({n} anggota)."),
    "col_variable": ("Variable", "Variabel"),
    "col_n_program": ("n program", "n program"),
    "col_mean_program": ("Mean, program", "Rata-rata, program"),
    "col_sd_program": ("SD, program", "Simpangan baku, program"),
    "col_se_program": ("SE, program", "Galat baku, program"),
    "col_n_comparison": ("n comparison", "n pembanding"),
    "col_mean_comparison": ("Mean, comparison", "Rata-rata, pembanding"),
    "col_sd_comparison": ("SD, comparison", "Simpangan baku, pembanding"),
    "col_se_comparison": ("SE, comparison", "Galat baku, pembanding"),
    "col_difference": ("Difference", "Selisih"),
    "col_se_difference": ("SE of difference", "Galat baku selisih"),
    "col_p_value": ("p", "p"),
    "col_normalized_difference": ("Normalized difference", "Selisih ternormalisasi"),
    "col_before_mean": ("Mean before", "Rata-rata sebelum"),
    "col_before_se": ("SE before", "Galat baku sebelum"),
    "col_after_mean": ("Mean after", "Rata-rata sesudah"),
    "col_after_se": ("SE after", "Galat baku sesudah"),
    "col_change": ("Change", "Perubahan"),
    "col_change_se": ("SE of change", "Galat baku perubahan"),
    "col_change_p": ("p (change = 0)", "p (perubahan = 0)"),
    # --- loans page -------------------------------------------------------------------------
    "loans_none": ("No loan ledger in this dataset. Upload one on the Data page to see "
                   "disbursements, portfolio at risk and repayment.",
                   "Tidak ada buku pinjaman dalam dataset ini. Unggah di halaman Data untuk "
                   "melihat penyaluran, portofolio berisiko dan pengembalian."),
    "loans_as_of": ("Portfolio as of {date}, loans of the members in view.",
                    "Portofolio per {date}, pinjaman anggota dalam tampilan."),
    "loans_disbursed": ("Disbursed", "Tersalurkan"),
    "loans_disbursed_detail": ("{n} loans to {borrowers} borrowers; average loan {avg}.",
                               "{n} pinjaman kepada {borrowers} peminjam; rata-rata pinjaman "
                               "{avg}."),
    "loans_portfolio": ("Outstanding portfolio", "Portofolio beredar"),
    "loans_portfolio_detail": ("{n} active loans, {borrowers} active borrowers.",
                               "{n} pinjaman aktif, {borrowers} peminjam aktif."),
    "loans_portfolio_help": ("Gross loan portfolio: outstanding principal of loans not repaid "
                             "or written off.",
                             "Portofolio pinjaman bruto: sisa pokok pinjaman yang belum lunas "
                             "atau dihapusbukukan."),
    "loans_par30": ("Portfolio at risk (PAR30)", "Portofolio berisiko (PAR30)"),
    "loans_par_detail": ("PAR1 {par1}, PAR90 {par90}. Written off: {wo} ({n_wo} loans).",
                         "PAR1 {par1}, PAR90 {par90}. Dihapusbukukan: {wo} ({n_wo} pinjaman)."),
    "loans_par_help": ("Outstanding of loans more than 30 days overdue over the gross "
                       "portfolio (Microfinance Consensus Guidelines).",
                       "Sisa pokok pinjaman yang menunggak lebih dari 30 hari dibagi portofolio "
                       "bruto (Microfinance Consensus Guidelines)."),
    "loans_freq": ("Period", "Periode"),
    "freq_M": ("Month", "Bulan"),
    "freq_Q": ("Quarter", "Triwulan"),
    "freq_Y": ("Year", "Tahun"),
    "loans_disb_title": ("Amount disbursed", "Jumlah pinjaman tersalurkan"),
    "loans_period": ("Period", "Periode"),
    "loans_amount": ("Amount", "Jumlah"),
    "loans_aging_title": ("Outstanding by days overdue (ageing)",
                          "Sisa pokok menurut lama tunggakan"),
    "loans_days_overdue": ("Days overdue", "Hari tunggakan"),
    "loans_outstanding": ("Outstanding", "Sisa pokok"),
    "bucket_current": ("current", "lancar"),
    "bucket_1_30": ("1-30", "1-30"),
    "bucket_31_60": ("31-60", "31-60"),
    "bucket_61_90": ("61-90", "61-90"),
    "bucket_91_180": ("91-180", "91-180"),
    "bucket_over180": ("over 180", "di atas 180"),
    "bucket_unknown": ("unknown", "tidak diketahui"),
    "kol_lancar": ("current (lancar)", "lancar"),
    "kol_kurang_lancar": ("substandard (kurang lancar)", "kurang lancar"),
    "kol_diragukan": ("doubtful (diragukan)", "diragukan"),
    "kol_macet": ("loss (macet)", "macet"),
    "kol_unknown": ("unknown", "tidak diketahui"),
    "loans_cycles_title": ("Average loan by cycle", "Rata-rata pinjaman per siklus"),
    "loans_cycle": ("Loan cycle", "Siklus pinjaman"),
    "loans_avg": ("Average loan", "Rata-rata pinjaman"),
    "loans_kol": ("Loan quality (kolektibilitas)", "Kolektibilitas pinjaman"),
    "loans_kol_note": ("Classes by days overdue: lancar (current), kurang lancar (substandard), "
                       "diragukan (doubtful), macet (loss).",
                       "Kelas menurut hari tunggakan: lancar, kurang lancar, diragukan, macet."),
    "loans_by": ("By cooperative and group", "Per koperasi dan kelompok"),
    "loans_par_by_title": ("PAR30 by {by}", "PAR30 per {by}"),
    "loans_top": ("The {n} highest of {total} are drawn; the table lists all.",
                  "Yang digambar {n} tertinggi dari {total}; tabel memuat semuanya."),
    "col_cooperative_id": ("Cooperative", "Koperasi"),
    "col_group_id": ("Joint-liability group", "Kelompok tanggung renteng"),
    "col_n_loans": ("Loans", "Pinjaman"),
    "col_n_borrowers": ("Borrowers", "Peminjam"),
    "col_n_active_loans": ("Active loans", "Pinjaman aktif"),
    "col_n_active_borrowers": ("Active borrowers", "Peminjam aktif"),
    "col_disbursed": ("Disbursed", "Tersalurkan"),
    "col_avg_loan": ("Average loan", "Rata-rata pinjaman"),
    "col_outstanding": ("Outstanding", "Sisa pokok"),
    "col_avg_outstanding": ("Average outstanding", "Rata-rata sisa pokok"),
    "col_par1": ("PAR1", "PAR1"),
    "col_par30": ("PAR30", "PAR30"),
    "col_par90": ("PAR90", "PAR90"),
    "col_par_base": ("PAR base", "Dasar PAR"),
    "col_repayment_rate": ("Repayment rate", "Tingkat pengembalian"),
    "col_repayment_due": ("Due", "Jatuh tempo"),
    "col_repayment_paid": ("Paid", "Dibayar"),
    "col_npl_ratio": ("Non-performing (> 90 days)", "Kredit bermasalah (> 90 hari)"),
    "col_n_written_off": ("Written off (loans)", "Dihapusbukukan (pinjaman)"),
    "col_written_off": ("Written off", "Dihapusbukukan"),
    "col_cycle": ("Cycle", "Siklus"),
    "col_kolektibilitas": ("Kolektibilitas", "Kolektibilitas"),
    "col_share_of_portfolio": ("Share of portfolio", "Porsi portofolio"),
    # --- method page ------------------------------------------------------------------------
    "meth_numbers": ("What each number means", "Arti setiap angka"),
    "meth_title_mean_change": ("Mean income change", "Rata-rata perubahan pendapatan"),
    "meth_def_mean_change": (
        "For every member with a monthly net business income at both compared waves: income "
        "after minus income before; then the average over members. Members seen at one wave "
        "only are not compared (see attrition below).",
        "Untuk setiap anggota yang memiliki pendapatan usaha bersih per bulan di kedua "
        "gelombang: pendapatan sesudah dikurangi sebelum; lalu dirata-ratakan. Anggota yang "
        "hanya teramati di satu gelombang tidak dibandingkan (lihat atrisi di bawah)."),
    "meth_title_median_change": ("Median change", "Median perubahan"),
    "meth_def_median_change": (
        "The middle of the members' changes: half changed more, half less. A few very large "
        "incomes move the mean but hardly the median.",
        "Nilai tengah perubahan anggota: separuh berubah lebih besar, separuh lebih kecil. "
        "Beberapa pendapatan yang sangat besar menggeser rata-rata, tetapi hampir tidak "
        "menggeser median."),
    "meth_title_share_improved": ("Share whose income rose", "Persentase yang pendapatannya naik"),
    "meth_def_share_improved": (
        "Members whose income after is strictly higher than before, over members compared.",
        "Anggota yang pendapatan sesudahnya lebih tinggi dari sebelumnya, dibagi jumlah anggota "
        "yang dibandingkan."),
    "meth_title_ci": ("95% confidence interval (CI)", "Selang kepercayaan (SK) 95%"),
    "meth_def_ci": (
        "A range that would contain the true average change in 95 of 100 repeated surveys. "
        "For groups of up to 5,000 members it comes from a seeded bootstrap (2,000 resamples "
        "of the members); above that from Student's t, which then agrees with the bootstrap "
        "to a fraction of a percent. Each table says which method was used.",
        "Rentang yang akan memuat rata-rata perubahan sebenarnya pada 95 dari 100 survei "
        "berulang. Untuk kelompok sampai 5.000 anggota dihitung dengan bootstrap (2.000 kali "
        "pengambilan ulang anggota, dengan seed tetap); di atasnya dengan distribusi t, yang "
        "hasilnya hampir sama. Setiap tabel menyebut metode yang dipakai."),
    "meth_title_tests": ("Paired t-test and Wilcoxon test", "Uji t berpasangan dan uji Wilcoxon"),
    "meth_def_tests": (
        "Both test whether the average (t-test) or the typical (Wilcoxon signed-rank) change "
        "is zero, pairing each member's before and after. They follow R's t.test and "
        "wilcox.test with paired = TRUE, so an evaluator can check the numbers there.",
        "Keduanya menguji apakah rata-rata (uji t) atau perubahan pada umumnya (uji peringkat "
        "bertanda Wilcoxon) sama dengan nol, dengan memasangkan data sebelum dan sesudah tiap "
        "anggota. Perhitungannya mengikuti t.test dan wilcox.test di R dengan paired = TRUE, "
        "sehingga evaluator dapat memeriksanya."),
    "meth_title_dz": ("Effect size (Cohen's d_z)", "Ukuran efek (d_z Cohen)"),
    "meth_def_dz": (
        "Mean change divided by the standard deviation of the changes: how large the change is "
        "compared with how much members differ. Around 0.2 is small, 0.5 medium, 0.8 large.",
        "Rata-rata perubahan dibagi simpangan baku perubahan: seberapa besar perubahan "
        "dibandingkan keragaman antaranggota. Sekitar 0,2 kecil, 0,5 sedang, 0,8 besar."),
    "meth_title_subgroups": ("Subgroups and corrected p-values", "Subkelompok dan koreksi nilai p"),
    "meth_def_subgroups": (
        "Testing many subgroups at once makes some look significant by chance. "
        "Benjamini-Hochberg controls the share of false discoveries; Holm the chance of any "
        "false discovery. Both are applied within the program and comparison groups.",
        "Menguji banyak subkelompok sekaligus membuat sebagian tampak signifikan karena "
        "kebetulan. Benjamini-Hochberg mengendalikan proporsi penemuan palsu; Holm peluang "
        "adanya satu saja penemuan palsu. Keduanya diterapkan dalam kelompok program dan "
        "pembanding."),
    "meth_title_did": ("Difference-in-differences", "Selisih-dalam-selisih"),
    "meth_def_did": (
        "The program members' mean change minus the comparison group's mean change: what "
        "members gained beyond what happened to similar non-members over the same years. "
        "Estimated with member and wave fixed effects (with two waves this equals the "
        "first-difference regression, as Stata's xtreg, fe and reghdfe).",
        "Rata-rata perubahan anggota program dikurangi rata-rata perubahan kelompok pembanding: "
        "tambahan yang diperoleh anggota di luar apa yang dialami bukan anggota serupa pada "
        "tahun yang sama. Diestimasi dengan efek tetap anggota dan gelombang (dengan dua "
        "gelombang sama dengan regresi selisih pertama, seperti xtreg, fe dan reghdfe di "
        "Stata)."),
    "meth_title_clusters": ("Clustered standard errors", "Galat baku terklaster"),
    "meth_def_clusters": (
        "Members of one cooperative share a market, officers and shocks, so their outcomes are "
        "not independent. Clustering by cooperative (or group) widens the intervals to account "
        "for this (CR1, as Stata). With fewer than 30 clusters these intervals are too narrow, "
        "so a wild cluster bootstrap p-value is added: read that one.",
        "Anggota satu koperasi berbagi pasar, pengurus dan guncangan, sehingga hasilnya tidak "
        "saling bebas. Klaster per koperasi (atau kelompok) memperlebar selang untuk "
        "memperhitungkannya (CR1, seperti Stata). Dengan kurang dari 30 klaster selang ini "
        "terlalu sempit, sehingga ditambahkan nilai p wild cluster bootstrap: gunakan yang "
        "itu."),
    "meth_title_balance": ("Baseline balance", "Keseimbangan awal"),
    "meth_def_balance": (
        "Program and comparison members compared at the first wave, as the World Bank's "
        "iebaltab does: means, difference, p-value and the normalized difference (difference "
        "over the pooled standard deviation; beyond ±0.25 the groups differ noticeably), plus a "
        "joint F test.",
        "Anggota program dan pembanding dibandingkan pada gelombang pertama, seperti iebaltab "
        "Bank Dunia: rata-rata, selisih, nilai p dan selisih ternormalisasi (selisih dibagi "
        "simpangan baku gabungan; di luar ±0,25 kelompok cukup berbeda), ditambah uji F "
        "gabungan."),
    "meth_title_event": ("Trends and the pre-trend check", "Tren dan uji tren awal"),
    "meth_def_event": (
        "Difference-in-differences assumes both groups would have moved in parallel without "
        "the program. With two or more waves before the program this can be checked: the "
        "program-minus-comparison differences before it should be zero. With only a baseline "
        "before the program it cannot be checked, and the page says so.",
        "Selisih-dalam-selisih mengasumsikan kedua kelompok akan bergerak sejajar tanpa "
        "program. Dengan dua gelombang atau lebih sebelum program, hal ini dapat diperiksa: "
        "selisih program dan pembanding sebelum program seharusnya nol. Jika hanya ada "
        "gelombang awal sebelum program, hal ini tidak dapat diperiksa, dan halaman "
        "menyebutkannya."),
    "meth_title_drivers": ("Driver regressions", "Regresi faktor pendorong"),
    "meth_def_drivers": (
        "Ordinary least squares of each member's income change on the capital received "
        "(per Rp 1 million), training hours and the change in market channels, with robust "
        "(HC3) or clustered standard errors. Observations with a missing value are dropped and "
        "counted. VIF shows collinearity; the Breusch-Pagan test heteroskedasticity.",
        "Regresi kuadrat terkecil perubahan pendapatan tiap anggota terhadap modal yang "
        "diterima (per Rp 1 juta), jam pelatihan dan perubahan saluran pemasaran, dengan galat "
        "baku robust (HC3) atau terklaster. Pengamatan dengan nilai kosong dibuang dan "
        "dihitung. VIF menunjukkan kolinearitas; uji Breusch-Pagan heteroskedastisitas."),
    "meth_title_dose": ("Dose-response", "Dosis-respons"),
    "meth_def_dose": (
        "Members grouped by how much capital they received (none, up to Rp 1 million, 1-2.5, "
        "2.5-5, 5-10, above 10 million), with the mean income change and its t interval per "
        "band.",
        "Anggota dikelompokkan menurut besar modal yang diterima (tidak ada, sampai Rp 1 juta, "
        "1-2,5, 2,5-5, 5-10, di atas 10 juta), dengan rata-rata perubahan pendapatan dan selang "
        "t tiap kelompok."),
    "meth_title_real": ("Real income", "Pendapatan riil"),
    "meth_def_real": (
        "Incomes (and revenue and capital) multiplied by CPI of the base year over CPI of the "
        "wave's year, with Jember's consumer price index chained across its base-year changes "
        "(table below). The base year is the first wave's.",
        "Pendapatan (juga omzet dan modal) dikalikan IHK tahun dasar dibagi IHK tahun "
        "gelombang, memakai indeks harga konsumen Jember yang dirangkai melewati pergantian "
        "tahun dasarnya (tabel di bawah). Tahun dasar adalah tahun gelombang pertama."),
    "meth_title_portfolio": ("Loan portfolio", "Portofolio pinjaman"),
    "meth_def_portfolio": (
        "As defined by the Microfinance Consensus Guidelines: PAR30 is the outstanding "
        "principal of loans more than 30 days overdue over the gross outstanding portfolio; "
        "the repayment rate is the amount repaid over the amount fallen due.",
        "Sesuai Microfinance Consensus Guidelines: PAR30 adalah sisa pokok pinjaman yang "
        "menunggak lebih dari 30 hari dibagi total sisa pokok; tingkat pengembalian adalah "
        "jumlah dibayar dibagi jumlah jatuh tempo."),
    "meth_title_suppression": ("Small-cell suppression", "Penekanan sel kecil"),
    "meth_def_suppression": (
        "A view, group or subgroup covering fewer than {threshold} members shows its count but "
        "no mean or other statistic, so that no one's income can be read off a table. Names, "
        "national ID numbers (NIK) and phone numbers are removed when a file is read.",
        "Tampilan, kelompok atau subkelompok dengan kurang dari {threshold} anggota hanya "
        "menampilkan jumlahnya, tanpa rata-rata atau statistik lain, agar pendapatan "
        "seseorang tidak dapat dibaca dari tabel. Nama, NIK dan nomor telepon dihapus saat "
        "berkas dibaca."),
    "meth_caveats": ("Assumptions and caveats", "Asumsi dan catatan"),
    "meth_cav_title_selection": ("Selection into membership", "Seleksi keanggotaan"),
    "meth_cav_selection": (
        "Women chose to join the cooperative; those who join may be more enterprising. The "
        "comparison group and baseline balance reduce, but cannot remove, this bias: read "
        "every estimate as an association.",
        "Perempuan memilih bergabung dengan koperasi; yang bergabung mungkin lebih giat "
        "berusaha. Kelompok pembanding dan uji keseimbangan mengurangi, tetapi tidak "
        "menghilangkan, bias ini: baca setiap estimasi sebagai keterkaitan."),
    "meth_cav_title_attrition": ("Attrition", "Atrisi"),
    "meth_cav_attrition": (
        "Members missing at the later wave are left out, not imputed. If those who left did "
        "worse, the comparison flatters the program.",
        "Anggota yang tidak ada di gelombang akhir tidak diikutkan dan tidak diimputasi. Jika "
        "yang keluar bernasib lebih buruk, hasilnya tampak lebih baik dari sebenarnya."),
    "meth_cav_title_few_clusters": ("Few clusters", "Klaster sedikit"),
    "meth_cav_few_clusters": (
        "With a handful of cooperatives, clustered standard errors are unreliable; use the "
        "wild cluster bootstrap p-value shown next to the estimate.",
        "Dengan sedikit koperasi, galat baku terklaster kurang dapat diandalkan; gunakan nilai "
        "p wild cluster bootstrap di samping estimasinya."),
    "meth_cav_title_self_report": ("Self-reported income", "Pendapatan yang dilaporkan sendiri"),
    "meth_cav_self_report": (
        "Net business income is recalled by the respondent; errors average out in means but "
        "widen intervals.",
        "Pendapatan usaha bersih diingat dan dilaporkan responden; kesalahan cenderung saling "
        "menutup pada rata-rata tetapi memperlebar selang."),
    "meth_cav_title_synthetic": ("Synthetic data", "Data sintetis"),
    "meth_cav_synthetic": (
        "The demo data are generated with planted effects (documented in data/README.md); no "
        "published before/after figures exist for the Kopwan program.",
        "Data contoh dibangkitkan dengan efek yang ditanam (didokumentasikan di "
        "data/README.md); tidak ada angka sebelum/sesudah yang dipublikasikan untuk program "
        "Kopwan."),
    "meth_attrition_table": ("Attrition between the compared waves",
                             "Atrisi antara gelombang yang dibandingkan"),
    "meth_prices": ("Consumer price index used for real income",
                    "Indeks harga konsumen untuk pendapatan riil"),
    "meth_cpi_note": ("Jember's December CPI chained to 2018 = 100; sources in "
                      "data/cpi/README.md. Only ratios between years are used.",
                      "IHK Desember Jember dirangkai ke 2018 = 100; sumber di "
                      "data/cpi/README.md. Yang dipakai hanya rasio antartahun."),
    "meth_provenance": ("Data provenance", "Asal data"),
    "meth_item": ("Item", "Butir"),
    "meth_value": ("Value", "Nilai"),
    "meth_source": ("Dataset", "Dataset"),
    "meth_source_demo": ("Synthetic demo data", "Data contoh sintetis"),
    "meth_source_upload": ("Uploaded in this session", "Diunggah dalam sesi ini"),
    "meth_survey_file": ("Survey file", "Berkas survei"),
    "meth_loans_file": ("Loans file", "Berkas pinjaman"),
    "meth_sha256": ("Survey file SHA-256", "SHA-256 berkas survei"),
    "meth_sha256_loans": ("Loans file SHA-256", "SHA-256 berkas pinjaman"),
    "meth_size": ("Survey file size", "Ukuran berkas survei"),
    "meth_rows": ("Survey rows analysed", "Baris survei yang dianalisis"),
    "meth_members": ("Members in the dataset", "Anggota dalam dataset"),
    "meth_waves": ("Waves", "Gelombang"),
    "meth_compared": ("Waves compared", "Gelombang yang dibandingkan"),
    "meth_view_members": ("Members in the current view", "Anggota dalam tampilan ini"),
    "meth_basis": ("Income basis", "Dasar pendapatan"),
    "meth_threshold": ("Small-cell threshold (members)", "Batas sel kecil (anggota)"),
    "meth_mapping": ("Column mapping used", "Pemetaan kolom yang dipakai"),
    "meth_by_user": ("chosen by you", "dipilih Anda"),
    "meth_by_auto": ("automatic", "otomatis"),
    "col_dataset": ("Dataset", "Dataset"),
    "col_field": ("Field", "Kolom baku"),
    "col_column": ("Column in the file", "Kolom dalam berkas"),
    "col_chosen_by": ("Chosen by", "Dipilih oleh"),
    "col_year": ("Year", "Tahun"),
    "col_cpi": ("CPI", "IHK"),
    "col_kind": ("Kind", "Jenis"),
    "col_source": ("Source", "Sumber"),
    "col_n_before": ("At the earlier wave", "Di gelombang awal"),
    "col_n_after": ("At the later wave", "Di gelombang akhir"),
    "col_n_both": ("In both (compared)", "Di keduanya (dibandingkan)"),
    # --- data page --------------------------------------------------------------------------
    "data_intro": (
        "Upload a survey (one row per member per wave, or one row per member with before and "
        "after columns) and, if you have one, the loans ledger. CSV files up to {mb} MB: Excel "
        "exports (semicolons, Rp 1.500.000, decimal commas), KoboToolbox and ODK Central "
        "exports are read as they are. Files stay in your session only and are never stored "
        "(publishing keeps only the checked, pseudonymised tables); names, NIK and phone "
        "numbers are removed on reading.",
        "Unggah survei (satu baris per anggota per gelombang, atau satu baris per anggota "
        "dengan kolom sebelum dan sesudah) dan, bila ada, buku pinjaman. Berkas CSV sampai "
        "{mb} MB: ekspor Excel (titik koma, Rp 1.500.000, koma desimal), ekspor KoboToolbox "
        "dan ODK Central dibaca apa adanya. Berkas hanya ada di sesi Anda dan tidak disimpan "
        "(publikasi hanya menyimpan tabel yang sudah diperiksa dan dipseudonimkan); nama, NIK "
        "dan nomor telepon dihapus saat dibaca."),
    "data_upload_survey": ("Survey CSV", "CSV survei"),
    "data_upload_loans": ("Loans ledger CSV (optional)", "CSV buku pinjaman (opsional)"),
    "data_upload_help": ("CSV, up to {mb} MB.", "CSV, maksimal {mb} MB."),
    "data_loans_waiting": ("Your loans file is kept; it is used once you upload your survey "
                           "(the demo survey keeps the demo loans).",
                           "Berkas pinjaman Anda disimpan; dipakai setelah Anda mengunggah "
                           "survei (survei contoh tetap memakai pinjaman contoh)."),
    "data_tab_survey": ("Survey", "Survei"),
    "data_tab_loans": ("Loans", "Pinjaman"),
    "data_tab_dictionary": ("Data dictionary", "Kamus data"),
    "data_tab_templates": ("Templates", "Templat"),
    "data_no_loans": ("No loans ledger: the Loans page stays empty.",
                      "Tidak ada buku pinjaman: halaman Pinjaman kosong."),
    "data_link": ("Survey and loans matched by member ID", "Survei dan pinjaman dicocokkan "
                  "menurut ID anggota"),
    "data_file": ("File **{name}**, SHA-256 {sha}…", "Berkas **{name}**, SHA-256 {sha}…"),
    "data_detected": ("Detected format", "Format yang terdeteksi"),
    "data_encoding": ("Encoding", "Pengodean"),
    "data_delimiter": ("Delimiter", "Pemisah"),
    "delim_comma": ("comma (,)", "koma (,)"),
    "delim_semicolon": ("semicolon (;)", "titik koma (;)"),
    "delim_tab": ("tab", "tab"),
    "delim_pipe": ("pipe (|)", "garis tegak (|)"),
    "data_platform": ("Source", "Sumber"),
    "data_platform_plain": ("plain CSV / Excel", "CSV biasa / Excel"),
    "data_platform_kobo": ("KoboToolbox export", "Ekspor KoboToolbox"),
    "data_platform_odk": ("ODK Central export", "Ekspor ODK Central"),
    "data_layout": ("Layout", "Bentuk"),
    "data_layout_long": ("long: one row per member per wave",
                         "panjang: satu baris per anggota per gelombang"),
    "data_layout_wide": ("wide: one row per member, converted to long",
                         "lebar: satu baris per anggota, diubah ke bentuk panjang"),
    "data_numbers": ("Number style", "Gaya angka"),
    "style_plain": ("plain (1500000.50)", "biasa (1500000.50)"),
    "style_dot_thousands": ("Indonesian (1.500.000,50)", "Indonesia (1.500.000,50)"),
    "style_comma_thousands": ("English (1,500,000.50)", "Inggris (1,500,000.50)"),
    "data_dates": ("Date format", "Format tanggal"),
    "data_rows": ("Data rows read", "Baris data terbaca"),
    "data_ready": ("Ready to analyse: {rows} rows kept, {excluded} excluded (listed below).",
                   "Siap dianalisis: {rows} baris dipakai, {excluded} dikeluarkan (rinciannya di "
                   "bawah)."),
    "data_not_ready": ("This file cannot be analysed yet. Fix the mapping below and apply it.",
                       "Berkas ini belum dapat dianalisis. Perbaiki pemetaan di bawah lalu "
                       "terapkan."),
    "data_missing_required": ("Required fields not found: {fields}.",
                              "Kolom wajib tidak ditemukan: {fields}."),
    "data_questions": ("The file needs {n} choice(s) from you: see the mapping below.",
                       "Berkas memerlukan {n} pilihan dari Anda: lihat pemetaan di bawah."),
    "data_wide_mapping": ("Wide file: the before/after columns were paired automatically; "
                          "fields left 'not in my file' keep that pairing.",
                          "Berkas lebar: kolom sebelum/sesudah dipasangkan otomatis; kolom "
                          "yang dibiarkan 'tidak ada di berkas' tetap memakai pasangan itu."),
    "data_mapping": ("Column mapping", "Pemetaan kolom"),
    "data_mapping_help": ("Each field of Berdaya and the column of your file that holds it, "
                          "prefilled automatically. Fields marked * are required.",
                          "Setiap kolom baku Berdaya dan kolom berkas Anda yang berisi datanya, "
                          "terisi otomatis. Kolom bertanda * wajib."),
    "data_not_in_file": ("(not in my file)", "(tidak ada di berkas)"),
    "data_choose": ("(choose)", "(pilih)"),
    "data_apply": ("Apply mapping and reload", "Terapkan pemetaan dan muat ulang"),
    "data_required_note": ("Nothing is analysed until member ID, wave and income are mapped.",
                           "Belum ada analisis sampai ID anggota, gelombang dan pendapatan "
                           "dipetakan."),
    "data_mapping_used": ("Column mapping used", "Pemetaan kolom yang dipakai"),
    # --- data page: files, units, wide pairs by hand, flag values, progress (issue 9) ----
    "data_intro_files": (
        "Upload a survey (one row per member per wave, or one row per member with a column per "
        "wave) and, if you have one, the loans ledger, up to {mb} MB each: CSV (Excel, "
        "KoboToolbox and ODK Central exports as they are), Excel or OpenDocument workbooks "
        "(.xlsx, .xls, .ods), Stata (.dta), SPSS (.sav) or Parquet. Files stay in your session "
        "only and are never stored (publishing keeps only the checked, pseudonymised tables); "
        "names, NIK and phone numbers are removed on reading.",
        "Unggah survei (satu baris per anggota per gelombang, atau satu baris per anggota "
        "dengan satu kolom per gelombang) dan, bila ada, buku pinjaman, masing-masing sampai "
        "{mb} MB: CSV (ekspor Excel, KoboToolbox dan ODK Central apa adanya), buku kerja Excel "
        "atau OpenDocument (.xlsx, .xls, .ods), Stata (.dta), SPSS (.sav) atau Parquet. Berkas "
        "hanya ada di sesi Anda dan tidak disimpan (publikasi hanya menyimpan tabel yang sudah "
        "diperiksa dan dipseudonimkan); nama, NIK dan nomor telepon dihapus saat dibaca."),
    "data_upload_survey_file": ("Survey file", "Berkas survei"),
    "data_upload_loans_file": ("Loans ledger file", "Berkas buku pinjaman"),
    "data_upload_help_files": ("CSV, .xlsx, .xls, .ods, .dta, .sav or .parquet, up to {mb} MB.",
                               "CSV, .xlsx, .xls, .ods, .dta, .sav atau .parquet, maksimal "
                               "{mb} MB."),
    "data_stage_title": ("Reading your data...", "Membaca data Anda..."),
    "data_stage_survey": ("Reading, mapping and checking the survey {name} ({mb} MB)",
                          "Membaca, memetakan dan memeriksa survei {name} ({mb} MB)"),
    "data_stage_loans": ("Reading, mapping and checking the loans ledger {name} ({mb} MB)",
                         "Membaca, memetakan dan memeriksa buku pinjaman {name} ({mb} MB)"),
    "data_stage_done": ("Data read", "Data selesai dibaca"),
    "rows_lost_banner": ("{n} rows of the {file} file ({share}) lost a value that could not be "
                         "read or was implausible: the results below leave those values out. "
                         "The Data page lists each one; correct the file or the mapping.",
                         "{n} baris berkas {file} ({share}) kehilangan nilai yang tidak dapat "
                         "dibaca atau tidak masuk akal: hasil di bawah tidak memakai nilai itu. "
                         "Halaman Data mencantumkan semuanya; perbaiki berkas atau pemetaannya."),
    "data_per_wave_columns": ("(one column per wave: {columns})",
                              "(satu kolom per gelombang: {columns})"),
    "data_waves_from_columns": ("(the waves of the columns per wave)",
                                "(gelombang dari kolom per gelombang)"),
    "data_unit_of": ("Unit of {field}", "Satuan {field}"),
    "data_unit_auto": ("automatic (rupiah unless asked)", "otomatis (rupiah kecuali ditanya)"),
    "real_not_rupiah": ("the consumer price index deflates rupiah, and this income is in {unit}",
                        "indeks harga konsumen mendeflasi rupiah, sedangkan pendapatan ini dalam "
                        "{unit}"),
    "data_unit_number": ("number (score, index)", "angka (skor, indeks)"),
    "data_wave_order_pick": ("choose the waves, earliest first",
                             "pilih gelombang, dari yang paling awal"),
    "data_unit_log": ("log (natural log of an amount)", "log (logaritma natural suatu jumlah)"),
    "sum_log_points": ("{x} log points (about {pct})", "{x} poin log (sekitar {pct})"),
    "data_unit_help": ("Rupiah (IDR) unless you say otherwise: another currency by its ISO "
                       "code (USD, EUR, or type one such as GBP), or a plain number.",
                       "Rupiah (IDR) kecuali Anda memilih lain: mata uang lain dengan kode "
                       "ISO-nya (USD, EUR, atau ketik kode lain seperti GBP), atau angka biasa."),
    "data_flag_values_help": ("If your program column uses its own two words (e.g. Kelompok A "
                              "/ Kelompok B), type the one meaning a program member and the "
                              "one meaning the comparison group.",
                              "Bila kolom program Anda memakai dua kata sendiri (mis. Kelompok "
                              "A / Kelompok B), ketik kata untuk anggota program dan kata untuk "
                              "kelompok pembanding."),
    "data_flag_value_1": ("Value meaning a program member (1)",
                          "Nilai untuk anggota program (1)"),
    "data_flag_value_0": ("Value meaning the comparison group (0)",
                          "Nilai untuk kelompok pembanding (0)"),
    "data_sheet": ("Worksheet to read", "Sheet yang dibaca"),
    "data_sheet_first": ("the first sheet", "sheet pertama"),
    "data_sheet_help": ("The sheet's name as in the workbook; the note above lists the other "
                        "sheets. Press Enter to read it.",
                        "Nama sheet seperti di buku kerja; catatan di atas mencantumkan sheet "
                        "lainnya. Tekan Enter untuk membacanya."),
    "data_pairs": ("Columns per wave, mapped by hand", "Kolom per gelombang, dipetakan manual"),
    "data_pairs_help": ("For a file with one row per member and one column per wave whose "
                        "names were not recognised (Laba 2021, Laba 2023): give each wave's "
                        "column of a field with a wave label of your choice; labels that are "
                        "all years are read as years.",
                        "Untuk berkas satu baris per anggota dan satu kolom per gelombang yang "
                        "namanya tidak dikenali (Laba 2021, Laba 2023): tentukan kolom tiap "
                        "gelombang untuk suatu kolom baku dengan label gelombang pilihan Anda; "
                        "label yang semuanya tahun dibaca sebagai tahun."),
    "data_pair_wave": ("Wave label", "Label gelombang"),
    "data_pair_add": ("Add this column and reload", "Tambahkan kolom ini dan muat ulang"),
    "data_pairs_clear": ("Remove the columns per wave", "Hapus kolom per gelombang"),
    "data_mapping_download": ("Download mapping file (TOML)", "Unduh berkas pemetaan (TOML)"),
    "data_mapping_download_help": ("Your choices on this page as a file the command line reads: "
                                   "python -m analysis report FILE --mapping berdaya_mapping.toml",
                                   "Pilihan Anda di halaman ini sebagai berkas untuk baris "
                                   "perintah: python -m analysis report BERKAS --mapping "
                                   "berdaya_mapping.toml"),
    "data_problems": ("Validation report: {n} problems", "Laporan validasi: {n} masalah"),
    "data_problems_more": ("The first 1,000 are shown; the download holds all {n}.",
                           "Yang ditampilkan 1.000 pertama; unduhan memuat semua {n}."),
    "data_problems_download": ("Download the full validation report (CSV)",
                               "Unduh laporan validasi lengkap (CSV)"),
    "data_no_problems": ("No problems found.", "Tidak ada masalah."),
    "data_dictionary_note": ("Every field Berdaya understands, with the column names it "
                             "recognises automatically (English and Indonesian).",
                             "Semua kolom yang dikenali Berdaya, beserta nama kolom yang "
                             "dikenali otomatis (Inggris dan Indonesia)."),
    "data_templates_note": ("Start from a template: long survey (one row per member per "
                            "wave), wide survey (before/after columns), loans ledger, and "
                            "example mapping files for the command line.",
                            "Mulai dari templat: survei panjang (satu baris per anggota per "
                            "gelombang), survei lebar (kolom sebelum/sesudah), buku pinjaman, "
                            "dan contoh berkas pemetaan untuk baris perintah."),
    "col_row": ("Row", "Baris"),
    "col_line": ("Line", "Baris berkas"),
    "col_code": ("Problem", "Masalah"),
    "col_action": ("Action", "Tindakan"),
    "col_message_en": ("Message", "Pesan"),
    "col_message_id": ("Message", "Pesan"),
    "col_label": ("Label", "Label"),
    "col_unit": ("Unit", "Satuan"),
    "col_type": ("Type", "Tipe"),
    "col_required": ("Required", "Wajib"),
    "col_synonyms": ("Recognised column names", "Nama kolom yang dikenali"),
    "col_side": ("File", "Berkas"),
    "col_n_ids": ("Member IDs", "ID anggota"),
    "col_n_matched": ("Matched", "Cocok"),
    "col_n_unmatched": ("Unmatched", "Tidak cocok"),
    "col_share_matched": ("Share matched", "Persentase cocok"),
    "col_unmatched_sample": ("Examples of unmatched IDs", "Contoh ID tidak cocok"),
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
    "col_share_improved_ci_low": ("Share rose, 95% CI low", "Persentase naik, SK 95% bawah"),
    "col_share_improved_ci_high": ("Share rose, 95% CI high", "Persentase naik, SK 95% atas"),
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
    # --- empowerment and voices (issue 13) ------------------------------------------------
    "page_empowerment": ("Empowerment", "Pemberdayaan"),
    "page_voices": ("Voices", "Suara anggota"),
    "sub_in_program": ("program or comparison", "program atau pembanding"),
    "emp_no_items": ("This survey has no empowerment items (emp_* columns): map them on the "
                     "Data page to build the index.",
                     "Survei ini tidak memiliki butir pemberdayaan (kolom emp_*): petakan di "
                     "halaman Data untuk menyusun indeks."),
    "emp_config": ("Configuration of the index (cutoff, weights, adequacy)",
                   "Konfigurasi indeks (batas, bobot, kecukupan)"),
    "emp_config_help": ("A member is adequate in an indicator when her answer is at least "
                        "'adequate from'; her score is the sum of the weights of the indicators "
                        "she is adequate in; she is empowered when the score reaches the cutoff. "
                        "Weights must sum to 1. Add or remove rows to change the indicators.",
                        "Anggota cukup dalam suatu indikator bila jawabannya paling sedikit "
                        "'cukup mulai'; skornya jumlah bobot indikator yang ia cukupi; ia berdaya "
                        "bila skornya mencapai batas. Jumlah bobot harus 1. Tambah atau hapus "
                        "baris untuk mengubah indikator."),
    "emp_cutoff": ("Cutoff (share of the weights)", "Batas (bagian dari bobot)"),
    "emp_cutoff_help": ("0.8 is the WEAI's rule: empowered when adequate in 80% of the weighted "
                        "indicators.",
                        "0,8 adalah aturan WEAI: berdaya bila cukup dalam 80% indikator "
                        "berbobot."),
    "emp_col_item": ("Survey item", "Butir survei"),
    "emp_col_domain": ("Domain", "Ranah"),
    "emp_col_weight": ("Weight", "Bobot"),
    "emp_col_adequate_from": ("Adequate from", "Cukup mulai"),
    "emp_config_invalid": ("The configuration cannot be used yet: {detail}",
                           "Konfigurasi belum dapat dipakai: {detail}"),
    "emp_download_toml": ("Download configuration (TOML)", "Unduh konfigurasi (TOML)"),
    "emp_cannot": ("The index cannot be computed: {reason}",
                   "Indeks tidak dapat dihitung: {reason}"),
    "emp_index": ("Empowerment index by wave", "Indeks pemberdayaan per gelombang"),
    "emp_card_n": ("{n} members ({missing} left out for a missing item)",
                   "{n} anggota ({missing} tidak dihitung karena butir kosong)"),
    "emp_empowered": ("Empowered", "Berdaya"),
    "emp_h": ("H: disempowered", "H: belum berdaya"),
    "emp_h_help": ("Share of members whose score is below the cutoff.",
                   "Porsi anggota yang skornya di bawah batas."),
    "emp_a": ("A: intensity", "A: intensitas"),
    "emp_a_help": ("Among the disempowered, the mean share of weighted indicators they lack.",
                   "Di antara yang belum berdaya, rata-rata porsi indikator berbobot yang belum "
                   "dicukupi."),
    "emp_m0": ("M0 = H x A", "M0 = H x A"),
    "emp_m0_help": ("The disempowerment index: lower is better.",
                    "Indeks ketidakberdayaan: makin rendah makin baik."),
    "emp_score_detail": ("mean score {score}", "skor rata-rata {score}"),
    "emp_index_chart": ("H, A and M0 by wave", "H, A dan M0 per gelombang"),
    "emp_contrib": ("What drives disempowerment", "Penyumbang ketidakberdayaan"),
    "emp_contrib_by": ("Contributions by", "Kontribusi menurut"),
    "emp_level_domain": ("domain", "ranah"),
    "emp_level_indicator": ("indicator", "indikator"),
    "emp_contrib_chart": ("Contribution to M0 by wave", "Kontribusi terhadap M0 per gelombang"),
    "emp_contrib_axis": ("Share of M0", "Porsi M0"),
    "emp_contrib_note": ("Contribution = weight x censored headcount / M0; they sum to 100% in "
                         "each wave. Waves of too few members are not drawn.",
                         "Kontribusi = bobot x headcount tersensor / M0; jumlahnya 100% di tiap "
                         "gelombang. Gelombang dengan terlalu sedikit anggota tidak digambar."),
    "emp_subgroups": ("The index by subgroup", "Indeks menurut subkelompok"),
    "emp_change": ("Program members' change, {before} to {after}",
                   "Perubahan anggota program, {before} ke {after}"),
    "emp_small_pairs": ("Only {n} program members have a score at both waves, fewer than "
                        "{threshold}: no change is shown.",
                        "Hanya {n} anggota program yang memiliki skor di kedua gelombang, kurang "
                        "dari {threshold}: perubahan tidak ditampilkan."),
    "emp_score_change": ("Change in mean score", "Perubahan skor rata-rata"),
    "emp_score_detail_change": ("{before} to {after}, 95% CI {ci}, paired t {p}; {n} members",
                                "{before} ke {after}, SK 95% {ci}, t berpasangan {p}; "
                                "{n} anggota"),
    "emp_share_change": ("Change in empowered share", "Perubahan porsi berdaya"),
    "emp_share_detail": ("{before} to {after}, McNemar {p}", "{before} ke {after}, McNemar {p}"),
    "emp_did": ("Program vs comparison (score)", "Program vs pembanding (skor)"),
    "emp_did_detail": ("95% CI {ci}; {p}; wild cluster bootstrap {wild}",
                       "SK 95% {ci}; {p}; wild cluster bootstrap {wild}"),
    "emp_did_help": ("Difference in differences of the mean score, clustered by cooperative "
                     "(the wild cluster bootstrap p-value when there are few cooperatives).",
                     "Selisih dalam selisih skor rata-rata, diklaster menurut koperasi (nilai p "
                     "wild cluster bootstrap bila koperasinya sedikit)."),
    "emp_alpha": ("Reliability of the scales (Cronbach's alpha)",
                  "Keandalan skala (alfa Cronbach)"),
    "emp_alpha_low": ("Cronbach's alpha of {scale} is {alpha}, below 0.6: its items may not "
                      "measure one thing; read its indicators one by one.",
                      "Alfa Cronbach {scale} {alpha}, di bawah 0,6: butir-butirnya mungkin tidak "
                      "mengukur satu hal; baca indikatornya satu per satu."),
    "emp_alpha_note": ("Alpha needs two items or more: a one-item domain has none. All waves "
                       "pooled; rows answering every item of the scale.",
                       "Alfa memerlukan dua butir atau lebih: ranah satu butir tidak memilikinya. "
                       "Semua gelombang digabung; baris yang menjawab setiap butir skala."),
    "voices_upload": ("Coded excerpts and codebook", "Kutipan berkode dan buku kode"),
    "voices_upload_excerpts": ("Coded excerpts (CSV or .xlsx)", "Kutipan berkode (CSV atau .xlsx)"),
    "voices_upload_codebook": ("Codebook (CSV or .xlsx, optional)",
                               "Buku kode (CSV atau .xlsx, tidak wajib)"),
    "voices_format": ("Excerpts: respondent_id, wave or date, source (interview, focus group, "
                      "observation, document), code, excerpt, optional sentiment. Codebook: "
                      "code, label, description, parent. Files stay in this session only.",
                      "Kutipan: respondent_id, gelombang atau tanggal, sumber (wawancara, "
                      "diskusi kelompok, observasi, dokumen), kode, kutipan, sentimen (tidak "
                      "wajib). Buku kode: kode, label, deskripsi, induk. Berkas hanya ada di "
                      "sesi ini."),
    "voices_none": ("Upload a file of coded excerpts to read the members' own words beside the "
                    "numbers.",
                    "Unggah berkas kutipan berkode untuk membaca kata-kata anggota di samping "
                    "angka-angkanya."),
    "voices_synthetic": ("SYNTHETIC excerpts: written for the demo, nobody said them.",
                         "Kutipan SINTETIS: ditulis untuk contoh, tidak diucapkan siapa pun."),
    "voices_loaded": ("{name}: {kept} of {read} excerpts kept; {masked} with a NIK or phone "
                      "number masked.",
                      "{name}: {kept} dari {read} kutipan dipakai; {masked} dengan NIK atau "
                      "nomor telepon disamarkan."),
    "voices_problems": ("Problems found while loading ({n})",
                        "Masalah yang ditemukan saat memuat ({n})"),
    "voices_level": ("Themes", "Tema"),
    "voices_level_parent": ("parent themes", "tema induk"),
    "voices_level_code": ("codes", "kode"),
    "voices_case_by": ("Cases", "Kasus"),
    "voices_by": ("Subgroup", "Subkelompok"),
    "voices_themes": ("Themes", "Tema"),
    "voices_theme": ("Theme", "Tema"),
    "voices_case_matrix": ("Case by theme", "Kasus menurut tema"),
    "voices_case_chart": ("Excerpts by {cases} and theme", "Kutipan menurut {cases} dan tema"),
    "voices_subgroup_matrix": ("Themes by {by}", "Tema menurut {by}"),
    "voices_subgroup_chart": ("Excerpts by {by} and theme", "Kutipan menurut {by} dan tema"),
    "voices_waves": ("Themes over waves", "Tema per gelombang"),
    "voices_waves_chart": ("Excerpts per wave by theme", "Kutipan per gelombang menurut tema"),
    "voices_n_excerpts": ("Excerpts", "Kutipan"),
    "voices_excerpts": ("Read the excerpts of a cell", "Baca kutipan satu sel"),
    "voices_all": ("(all)", "(semua)"),
    "voices_n_shown": ("{n} excerpts", "{n} kutipan"),
    "voices_numbers": ("The words beside the numbers", "Kata-kata di samping angka"),
    "voices_numbers_help": ("Members a number points at, between {before} and {after}: their "
                            "themes and their excerpts.",
                            "Anggota yang ditunjuk sebuah angka, antara {before} dan {after}: "
                            "tema dan kutipan mereka."),
    "voices_group": ("Members whose", "Anggota yang"),
    "voices_group_income_fell": ("income fell", "pendapatannya turun"),
    "voices_group_income_rose": ("income rose", "pendapatannya naik"),
    "voices_group_disempowered_after": ("are disempowered at the later wave",
                                        "belum berdaya pada gelombang akhir"),
    "voices_group_empowered_after": ("are empowered at the later wave",
                                     "berdaya pada gelombang akhir"),
    "voices_group_became_empowered": ("became empowered", "menjadi berdaya"),
    "voices_group_stayed_disempowered": ("are still disempowered",
                                         "masih belum berdaya"),
    "voices_group_size": ("{n} members in this group; {speakers} of them have excerpts.",
                          "{n} anggota dalam kelompok ini; {speakers} di antaranya memiliki "
                          "kutipan."),
    "col_wave": ("Wave", "Gelombang"),
    "col_n_missing": ("Left out (missing item)", "Tidak dihitung (butir kosong)"),
    "col_headcount_empowered": ("Empowered", "Berdaya"),
    "col_headcount_disempowered": ("H (disempowered)", "H (belum berdaya)"),
    "col_mean_score": ("Mean score", "Skor rata-rata"),
    "col_intensity": ("A (intensity)", "A (intensitas)"),
    "col_m0": ("M0", "M0"),
    "col_indicator": ("Indicator", "Indikator"),
    "col_domain": ("Domain", "Ranah"),
    "col_weight": ("Weight", "Bobot"),
    "col_uncensored_headcount": ("Inadequate", "Belum cukup"),
    "col_censored_headcount": ("Disempowered and inadequate", "Belum berdaya dan belum cukup"),
    "col_contribution": ("Contribution to M0", "Kontribusi terhadap M0"),
    "col_scale": ("Scale", "Skala"),
    "col_items": ("Items", "Butir"),
    "col_n_items": ("Number of items", "Jumlah butir"),
    "col_alpha": ("Cronbach's alpha", "Alfa Cronbach"),
    "col_warning": ("Below 0.6", "Di bawah 0,6"),
    "col_item": ("Survey item", "Butir survei"),
    "col_adequate_from": ("Adequate from", "Cukup mulai"),
    "col_theme_code": ("Code", "Kode"),
    "col_parent": ("Parent theme", "Tema induk"),
    "col_n_excerpts": ("Excerpts", "Kutipan"),
    "col_n_respondents": ("Respondents", "Responden"),
    "col_case": ("Case", "Kasus"),
    "col_theme": ("Theme", "Tema"),
    "col_excerpt": ("Excerpt", "Kutipan"),
    "col_sentiment": ("Sentiment", "Sentimen"),
    "col_file": ("File", "Berkas"),
    "col_date": ("Date", "Tanggal"),
    "voices_none_viewer": ("No coded excerpts with this dataset: signed-in editors can upload them.",
                           "Tidak ada kutipan berkode untuk dataset ini: editor yang masuk dapat "
                           "mengunggahnya."),
    "voices_problems_editors": ("{n} problems found while loading; the rows are listed to "
                                "signed-in editors only.",
                                "{n} masalah ditemukan saat memuat; barisnya hanya ditampilkan "
                                "kepada editor yang masuk."),
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
