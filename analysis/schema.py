"""The canonical data model: every field Berdaya understands, in one place.

Loaders map a user's columns onto these fields, the analysis reads them by these
names, the dashboard labels them from here in English and Bahasa Indonesia.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

import pandas as pd

DatasetKind = Literal["survey", "loans"]
FieldType = Literal["id", "wave", "money", "number", "count", "flag", "text", "date", "likert"]
#: How a per-wave field is carried from waves to a member's change between two waves.
#: ``flow``: received during the period ending at the wave (summed over the compared period);
#: ``stock``: a level at the wave (its change is taken); ``baseline``: read at the earlier wave.
Temporal = Literal["flow", "stock", "baseline", "fixed"]


#: The pandas dtype each kind of field has after loading. Numbers are float64 so that a value
#: that cannot be read is missing (NaN), never a sentinel; ``in_program`` is nullable Int8.
DTYPES: dict[FieldType, str] = {
    "id": "str",
    "wave": "category",  # ordered, in the waves' chronological order
    "money": "float64",
    "number": "float64",
    "count": "float64",
    "flag": "Int8",
    "text": "str",
    "date": "datetime64[ns]",
    "likert": "float64",
}


@dataclass(frozen=True)
class Field:
    """One canonical column.

    Attributes
    ----------
    name : canonical column name in every loaded frame.
    kind : ``"survey"`` or ``"loans"``.
    ftype : how values are parsed (``money`` accepts Indonesian notation such as ``Rp 1.500.000``).
    unit : unit of the values, in English.
    required : a row without it cannot be analysed.
    label_en, label_id : display labels.
    synonyms : normalised column names that map to this field (see :func:`normalise_name`).
    temporal : how the analysis carries the field across waves (survey only).
    """

    name: str
    kind: DatasetKind
    ftype: FieldType
    unit: str
    required: bool
    label_en: str
    label_id: str
    synonyms: tuple[str, ...] = ()
    temporal: Temporal = "fixed"

    @property
    def dtype(self) -> str:
        """The pandas dtype of the field in a loaded frame (see :data:`DTYPES`)."""
        return DTYPES[self.ftype]

    def label(self, lang: Literal["en", "id"] = "en") -> str:
        """The display label in ``lang``."""
        return self.label_id if lang == "id" else self.label_en


def _f(
    name: str,
    kind: DatasetKind,
    ftype: FieldType,
    unit: str,
    required: bool,
    en: str,
    id_: str,
    synonyms: Iterable[str] = (),
    temporal: Temporal = "fixed",
) -> Field:
    return Field(name, kind, ftype, unit, required, en, id_, (name, *synonyms), temporal)


# fmt: off
SURVEY_FIELDS: tuple[Field, ...] = (
    _f("member_id", "survey", "id", "", True, "Member ID", "ID anggota",
       ("id_anggota", "no_anggota", "nomor_anggota", "kode_anggota", "anggota_id", "memberid",
        "respondent_id", "id_responden", "kode_responden", "hhid", "id")),
    _f("wave", "survey", "wave", "", True, "Survey wave", "Gelombang survei",
       ("gelombang", "putaran", "survey_round", "round", "tahun", "year", "survey_year",
        "tahun_survei", "periode", "period", "waktu")),
    _f("income", "survey", "money", "IDR/month", True, "Net business income (monthly)",
       "Pendapatan usaha bersih (per bulan)",
       ("net_income", "business_income", "monthly_income", "income_month", "pendapatan",
        "pendapatan_usaha", "pendapatan_bersih", "pendapatan_usaha_bersih", "pendapatan_bulanan",
        "penghasilan", "penghasilan_usaha", "laba", "laba_bersih", "keuntungan"), "stock"),
    _f("in_program", "survey", "flag", "", False, "Program member (1) or comparison (0)",
       "Anggota program (1) atau pembanding (0)",
       ("treated", "treatment", "program", "is_member", "member", "peserta", "peserta_program",
        "anggota_kopwan", "status_anggota", "kelompok_perlakuan", "perlakuan")),
    _f("cooperative_id", "survey", "text", "", False, "Cooperative", "Koperasi",
       ("cooperative", "coop", "coop_id", "koperasi", "kopwan", "nama_koperasi", "kode_koperasi",
        "id_koperasi", "nama_kopwan")),
    _f("group_id", "survey", "text", "", False, "Joint-liability group",
       "Kelompok tanggung renteng",
       ("group", "kelompok", "id_kelompok", "kode_kelompok", "kelompok_tr",
        "kelompok_tanggung_renteng", "nama_kelompok")),
    _f("kabupaten", "survey", "text", "", False, "Regency", "Kabupaten",
       ("regency", "kab", "kabupaten_kota", "kota", "district_regency")),
    _f("kecamatan", "survey", "text", "", False, "District", "Kecamatan",
       ("district", "kec", "subdistrict")),
    _f("kelurahan", "survey", "text", "", False, "Ward / village", "Kelurahan / desa",
       ("desa", "village", "ward", "desa_kelurahan", "kel", "kelurahan_desa")),
    _f("business_type", "survey", "text", "", False, "Business type", "Jenis usaha",
       ("jenis_usaha", "usaha", "bidang_usaha", "sektor_usaha", "sektor", "sector",
        "business", "type_of_business")),
    _f("capital", "survey", "money", "IDR", False, "Loan capital received in the period",
       "Modal pinjaman yang diterima pada periode",
       ("loan_capital", "capital_received", "loan_amount", "loan", "modal", "modal_usaha",
        "modal_pinjaman", "pinjaman", "jumlah_pinjaman", "plafon", "pinjaman_total",
        "total_pinjaman", "jumlah_modal", "modal_usaha_total", "total_modal"), "flow"),
    _f("training_hours", "survey", "number", "hours", False, "Training hours in the period",
       "Jam pelatihan pada periode",
       ("training", "hours_training", "pelatihan", "jam_pelatihan", "lama_pelatihan",
        "pelatihan_jam"), "flow"),
    _f("market_channels", "survey", "count", "channels", False, "Market channels used",
       "Saluran pemasaran yang digunakan",
       ("channels", "n_channels", "sales_channels", "saluran_pemasaran", "jaringan_pemasaran",
        "jumlah_saluran", "jumlah_saluran_pemasaran", "pemasaran"), "stock"),
    _f("revenue", "survey", "money", "IDR/month", False, "Sales (monthly)", "Omzet (per bulan)",
       ("sales", "turnover", "omzet", "omset", "penjualan", "omzet_bulanan"), "stock"),
    _f("age", "survey", "number", "years", False, "Age", "Umur",
       ("umur", "usia", "age_years"), "baseline"),
    _f("education", "survey", "text", "", False, "Education", "Pendidikan",
       ("pendidikan", "pendidikan_terakhir", "education_level"), "baseline"),
    _f("household_size", "survey", "count", "persons", False, "Household size",
       "Jumlah anggota rumah tangga",
       ("hh_size", "jumlah_anggota_keluarga", "anggota_rumah_tangga", "jumlah_art", "art",
        "jumlah_anggota_rumah_tangga"), "baseline"),
    _f("business_age_years", "survey", "number", "years", False, "Business age",
       "Lama usaha",
       ("business_age", "years_in_business", "lama_usaha", "umur_usaha", "lama_usaha_tahun"),
       "baseline"),
)

LOAN_FIELDS: tuple[Field, ...] = (
    _f("loan_id", "loans", "id", "", True, "Loan ID", "ID pinjaman",
       ("id_pinjaman", "no_pinjaman", "nomor_pinjaman", "kode_pinjaman", "loan_no", "id")),
    _f("member_id", "loans", "id", "", True, "Member ID", "ID anggota",
       ("id_anggota", "no_anggota", "nomor_anggota", "kode_anggota", "anggota_id", "memberid")),
    _f("disbursed_on", "loans", "date", "", True, "Disbursement date", "Tanggal pencairan",
       ("disbursement_date", "date_disbursed", "tanggal_pencairan", "tgl_pencairan", "tgl_cair",
        "tanggal_cair", "tanggal_pinjam", "tanggal", "date")),
    _f("principal", "loans", "money", "IDR", True, "Principal", "Pokok pinjaman",
       ("loan_amount", "amount", "pokok", "pokok_pinjaman", "plafon", "jumlah_pinjaman",
        "pinjaman")),
    _f("term_months", "loans", "count", "months", False, "Term", "Jangka waktu",
       ("term", "tenor", "jangka_waktu", "lama_angsuran", "jangka_waktu_bulan")),
    _f("amount_repaid", "loans", "money", "IDR", False, "Amount repaid", "Jumlah terbayar",
       ("repaid", "total_repaid", "total_angsuran", "sudah_dibayar", "terbayar",
        "angsuran_dibayar", "jumlah_terbayar")),
    _f("outstanding", "loans", "money", "IDR", False, "Outstanding principal", "Sisa pokok",
       ("outstanding_balance", "balance", "sisa_pinjaman", "sisa_pokok", "baki_debet",
        "saldo_pinjaman")),
    _f("days_overdue", "loans", "count", "days", False, "Days overdue", "Hari tunggakan",
       ("days_past_due", "dpd", "hari_tunggakan", "lama_tunggakan", "tunggakan_hari")),
    _f("status", "loans", "text", "", False, "Loan status", "Status pinjaman",
       ("loan_status", "kolektibilitas", "status_pinjaman")),
    _f("cycle", "loans", "count", "", False, "Loan cycle", "Siklus pinjaman",
       ("loan_cycle", "siklus", "pinjaman_ke")),
    _f("group_id", "loans", "text", "", False, "Joint-liability group",
       "Kelompok tanggung renteng",
       ("group", "kelompok", "id_kelompok", "kode_kelompok", "kelompok_tanggung_renteng")),
    _f("cooperative_id", "loans", "text", "", False, "Cooperative", "Koperasi",
       ("cooperative", "coop", "coop_id", "koperasi", "kopwan", "nama_koperasi",
        "kode_koperasi", "id_koperasi")),
)

# fmt: on

#: Empowerment items (Likert 1-5) are any column named ``emp_*`` (or ``pemberdayaan_*``).
EMPOWERMENT_PREFIXES: tuple[str, ...] = ("emp_", "pemberdayaan_")

PiiKind = Literal["nik", "name", "phone"]
#: Personal identifiers recognised by (normalised) column name. Dropped or pseudonymised at
#: ingest; they never reach a chart, a table, a log or an export.
# fmt: off
PII_SYNONYMS: dict[PiiKind, tuple[str, ...]] = {
    "nik": ("nik", "no_nik", "nomor_nik", "ktp", "no_ktp", "nomor_ktp", "nik_ktp",
            "nomor_induk_kependudukan", "national_id", "id_number"),
    "name": ("name", "nama", "nama_anggota", "nama_lengkap", "full_name", "member_name",
             "nama_responden", "respondent_name", "nama_ibu", "nama_pemilik", "first_name",
             "last_name"),
    "phone": ("phone", "phone_number", "telephone", "mobile", "hp", "no_hp", "nomor_hp",
              "no_telp", "no_telepon", "telp", "telepon", "nomor_telepon", "whatsapp", "wa",
              "no_wa", "nomor_wa"),
}
# fmt: on
#: A 16-digit NIK; a mobile number written 08..., 628... or +628...
NIK_PATTERN = re.compile(r"^\d{16}$")
PHONE_PATTERN = re.compile(r"^(\+?62|0)8\d{7,11}$")

#: Labels of waves that carry their own order (English and Indonesian), earliest first.
WAVE_LABEL_ORDER: tuple[tuple[str, ...], ...] = (
    ("baseline", "awal", "sebelum", "before", "pre", "pra"),
    ("midline", "tengah", "antara", "mid"),
    ("endline", "akhir", "sesudah", "after", "post", "pasca"),
)


def normalise_name(column: str) -> str:
    """Normalise a column header for matching against synonyms.

    Strips survey-platform group paths (KoboToolbox ``group/field``, ODK ``group-field``
    is left to the loader, which knows the platform), lower-cases, and folds every run of
    non-alphanumeric characters to one underscore.

    Examples
    --------
    >>> normalise_name("Pendapatan Usaha (Rp)")
    'pendapatan_usaha_rp'
    >>> normalise_name("usaha/jenis_usaha")
    'jenis_usaha'
    """
    name = str(column).strip().rsplit("/", 1)[-1]
    name = re.sub(r"[^0-9a-zA-Z]+", "_", name.lower()).strip("_")
    return name


def fields(kind: DatasetKind) -> tuple[Field, ...]:
    """Every canonical field of ``kind``."""
    return SURVEY_FIELDS if kind == "survey" else LOAN_FIELDS


def field(name: str, kind: DatasetKind = "survey") -> Field:
    """The canonical field ``name`` of ``kind``; ``KeyError`` when there is none."""
    for f in fields(kind):
        if f.name == name:
            return f
    raise KeyError(f"no {kind} field {name!r}")


def required_fields(kind: DatasetKind) -> tuple[str, ...]:
    """Names of the fields a dataset of ``kind`` cannot be analysed without."""
    return tuple(f.name for f in fields(kind) if f.required)


def is_empowerment_item(column: str) -> bool:
    """Whether ``column`` is an empowerment item (Likert 1-5) by its name."""
    n = normalise_name(column)
    return n.startswith(EMPOWERMENT_PREFIXES)


#: Words after ``nama`` that name a thing, not a person (``nama_koperasi`` is no one's name).
_NOT_A_PERSON = frozenset(
    {"koperasi", "kopwan", "usaha", "kelompok", "desa", "kelurahan", "kecamatan", "kabupaten",
     "kota", "provinsi", "produk", "program", "barang", "toko", "pasar", "bank", "lembaga",
     "jenis", "kegiatan", "pelatihan", "file", "berkas", "sheet", "group", "cooperative",
     "business", "village", "district", "product"}
)  # fmt: skip
#: Words that make a column a person's name (a group leader, a husband, a mother, a field
#: worker, a Kobo/ODK submitter) wherever they stand in its name.
_PERSON_WORDS = frozenset(
    {"ketua", "pendamping", "submitter", "submittername", "enumerator",
     "pewawancara", "surveyor", "penanggung", "kandung", "ahli", "waris"}
)  # fmt: skip
#: Words that make a column a phone number (``hp_wa``, ``nomor_whatsapp``, ``kontak_hp``).
_PHONE_WORDS = frozenset({"hp", "wa", "whatsapp", "telp", "telepon", "handphone", "phone", "nohp"})
#: Words that say a column counts or describes phones rather than holding a number.
_NOT_A_NUMBER = frozenset(
    {"jumlah", "punya", "memiliki", "merk", "jenis", "harga", "pulsa", "count"}
)


def pii_kind(column: str) -> PiiKind | None:
    """Which kind of personal identifier ``column`` holds, judged by its name alone.

    Besides the names in :data:`PII_SYNONYMS`: any ``nama_*`` column except the names of
    things (``nama_koperasi``, ``nama_usaha``); any column naming a group leader, a husband or
    wife, a birth mother, a field worker or a survey submitter (``ketua_kelompok``,
    ``Nama Suami``, ``ibu_kandung``, ``pendamping``, ``SubmitterName``); and phone words
    (``hp_wa``, ``kontak_whatsapp``) unless the column counts or prices phones.

    Examples
    --------
    >>> [pii_kind(c) for c in ["Nama Suami", "ketua_kelompok", "nama_koperasi", "hp_wa"]]
    ['name', 'name', None, 'phone']
    """
    n = normalise_name(column)
    for kind, names in PII_SYNONYMS.items():
        if n in names:
            return kind
    tokens = n.split("_")
    if tokens[0] == "nama" and not _NOT_A_PERSON.intersection(tokens[1:]):
        return "name"
    if _PERSON_WORDS.intersection(tokens) and not {"id", "kode", "jumlah"}.intersection(tokens):
        return "name"
    if _PHONE_WORDS.intersection(tokens) and not _NOT_A_NUMBER.intersection(tokens):
        return "phone"
    return None


def _wave_label_rank(label: str) -> int | None:
    s = normalise_name(label)
    for rank, names in enumerate(WAVE_LABEL_ORDER):
        if s in names:
            return rank
    return None


def wave_order(waves: pd.Series | Iterable[object]) -> list[object]:
    """The distinct waves in chronological order.

    An ordered categorical keeps its category order (the loader's result); numbers and
    dates sort naturally; labels such as baseline/midline/endline or awal/tengah/akhir sort
    by meaning; other labels sort as text. Missing waves are ignored.

    Examples
    --------
    >>> wave_order(["endline", "baseline", "midline", "baseline"])
    ['baseline', 'midline', 'endline']
    >>> wave_order([2023, 2019, 2021])
    [2019, 2021, 2023]
    """
    s = waves if isinstance(waves, pd.Series) else pd.Series(list(waves))
    if isinstance(s.dtype, pd.CategoricalDtype) and s.dtype.ordered:
        present = set(s.dropna().unique())
        return [c for c in s.dtype.categories if c in present]
    values = list(pd.unique(s.dropna()))
    ranks = [_wave_label_rank(str(v)) for v in values]
    if values and all(r is not None for r in ranks):
        return [v for _, v in sorted(zip(ranks, values, strict=True), key=lambda p: p[0])]
    try:
        return sorted(values)
    except TypeError:
        return sorted(values, key=str)
