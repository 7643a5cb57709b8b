"""Write the SYNTHETIC coded-excerpts example: synthetic_excerpts.csv and synthetic_codebook.csv.

Every excerpt is invented (written for Berdaya's demo, not said by anyone); respondent ids are
member ids of the synthetic survey (data/synthetic_survey.csv) so that the excerpts join to it.
Seeded: running it again writes the same files.

Run: ``.venv/bin/python data/voices/make_synthetic_voices.py``
"""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pandas as pd

HERE = Path(__file__).resolve().parent
SEED = 13

CODEBOOK = [
    # code, label, description, parent
    (
        "LOAN_USE",
        "Using the loan for the business",
        "How the loan was put into the business",
        "capital and loans",
    ),
    (
        "LOAN_WORRY",
        "Repayment worries",
        "Fear or difficulty of paying instalments",
        "capital and loans",
    ),
    (
        "TRAIN_SKILL",
        "Skills from training",
        "Bookkeeping, pricing, product skills learnt",
        "training",
    ),
    (
        "TRAIN_ACCESS",
        "Hard to attend training",
        "Time, distance or care duties keep her away",
        "training",
    ),
    (
        "MKT_NEW",
        "New buyers and markets",
        "Selling beyond the village, online, to shops",
        "markets",
    ),
    ("MKT_PRICE", "Prices and competition", "Raw material prices, competing sellers", "markets"),
    (
        "DEC_OWN",
        "Deciding on income herself",
        "She decides how business income is used",
        "deciding",
    ),
    (
        "DEC_HUSBAND",
        "Husband decides",
        "Decisions on money taken by the husband or family",
        "deciding",
    ),
    ("VOICE_MEET", "Speaking at meetings", "Speaks, proposes or leads in group meetings", "voice"),
    ("VOICE_SHY", "Reluctant to speak", "Shy or not heard in meetings", "voice"),
    ("MOBILITY", "Going out alone", "Goes to market, bank or cooperative on her own", "mobility"),
    ("SAVINGS", "Savings in her own name", "Savings account or arisan in her name", "resources"),
]

EXCERPTS = {
    "LOAN_USE": [
        "Pinjaman dari koperasi saya belikan oven baru, jadi sekarang bisa terima pesanan kue lebih banyak.",
        "Uang pinjaman saya pakai untuk tambah stok dagangan di warung, tidak untuk keperluan lain.",
        "Dengan modal tambahan saya bisa beli kain langsung dari Surabaya, lebih murah.",
    ],
    "LOAN_WORRY": [
        "Kalau dagangan sepi, saya bingung bayar angsuran minggu itu.",
        "Pernah telat bayar karena anak sakit, malu sekali waktu pertemuan kelompok.",
    ],
    "TRAIN_SKILL": [
        "Sejak pelatihan pembukuan saya catat semua uang masuk dan keluar, jadi tahu untungnya berapa.",
        "Di pelatihan diajari menghitung harga pokok, ternyata selama ini saya jual terlalu murah.",
        "Pelatihan kemasan membuat keripik saya bisa masuk toko oleh-oleh.",
    ],
    "TRAIN_ACCESS": [
        "Pelatihannya siang hari, saya tidak bisa ikut karena harus jaga warung.",
        "Tempat pelatihan jauh, ongkos ojeknya mahal.",
    ],
    "MKT_NEW": [
        "Sekarang saya jualan lewat WhatsApp dan Facebook, pembeli dari kecamatan lain juga pesan.",
        "Batik saya sudah dititipkan di galeri kabupaten.",
        "Koperasi mengajak kami ikut bazar, di sana dapat langganan baru.",
    ],
    "MKT_PRICE": [
        "Harga gula dan minyak naik terus, untung saya makin tipis.",
        "Di pasar banyak yang jual sayur yang sama, jadi susah naikkan harga.",
    ],
    "DEC_OWN": [
        "Uang hasil usaha saya yang atur, suami tahu tapi keputusan di saya.",
        "Sekarang saya yang memutuskan mau beli alat apa untuk usaha.",
        "Saya bisa sisihkan uang untuk sekolah anak tanpa harus minta izin dulu.",
    ],
    "DEC_HUSBAND": [
        "Yang pegang uang tetap suami, saya hanya dikasih untuk belanja.",
        "Mau ambil pinjaman harus tanya mertua dulu.",
    ],
    "VOICE_MEET": [
        "Di rapat kelompok saya berani usul supaya jadwal angsuran diganti.",
        "Sekarang saya jadi bendahara kelompok, dulu tidak pernah bicara di depan orang.",
        "Waktu musyawarah desa saya ikut menyampaikan kebutuhan pedagang pasar.",
    ],
    "VOICE_SHY": [
        "Saya lebih banyak diam kalau rapat, takut salah bicara.",
        "Kalau yang bicara ibu-ibu pengurus, kami yang baru ikut saja.",
    ],
    "MOBILITY": [
        "Sekarang saya berani ke bank sendiri naik motor.",
        "Belanja bahan ke pasar induk saya berangkat sendiri subuh-subuh.",
        "Dulu ke koperasi harus diantar suami, sekarang tidak lagi.",
    ],
    "SAVINGS": [
        "Saya punya tabungan atas nama saya sendiri di koperasi.",
        "Ikut arisan kelompok, uangnya untuk cadangan usaha.",
    ],
}

# program members voice the positive codes more often as waves go on (a documented, planted link)
POSITIVE = {"LOAN_USE", "TRAIN_SKILL", "MKT_NEW", "DEC_OWN", "VOICE_MEET", "MOBILITY", "SAVINGS"}
SOURCES = ["interview", "focus group", "observation", "document"]


def main() -> None:
    rng = np.random.default_rng(SEED)
    survey = pd.read_csv(
        HERE.parent / "synthetic_survey.csv", usecols=["member_id", "wave", "in_program"]
    )
    program = sorted(survey.loc[survey["in_program"] == 1, "member_id"].unique())
    comparison = sorted(survey.loc[survey["in_program"] == 0, "member_id"].unique())
    people = list(rng.choice(program, 20, replace=False)) + list(
        rng.choice(comparison, 7, replace=False)
    )
    waves = {m: set(survey.loc[survey["member_id"] == m, "wave"]) for m in people}
    rows = []
    codes = list(EXCERPTS)
    for m in people:
        in_prog = m in program
        for wave in sorted(waves[m]):
            for _ in range(int(rng.integers(0, 3)) + (1 if wave == 2023 else 0)):
                p = np.array(
                    [
                        (1.0 + (wave - 2021) * 0.8 if in_prog else 1.0) if c in POSITIVE else 1.0
                        for c in codes
                    ]
                )
                code = str(rng.choice(codes, p=p / p.sum()))
                text = str(rng.choice(EXCERPTS[code]))
                month, day = int(rng.integers(1, 13)), int(rng.integers(1, 29))
                source = str(rng.choice(SOURCES, p=[0.5, 0.3, 0.15, 0.05]))
                sentiment = (
                    "positive" if code in POSITIVE else str(rng.choice(["negative", "neutral"]))
                )
                rows.append(
                    [m, wave, f"{wave}-{month:02d}-{day:02d}", source, code, text, sentiment]
                )
    with open(HERE / "synthetic_excerpts.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["respondent_id", "wave", "date", "source", "code", "excerpt", "sentiment"])
        w.writerows(rows)
    with open(HERE / "synthetic_codebook.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["code", "label", "description", "parent"])
        w.writerows(CODEBOOK)
    print(f"wrote {len(rows)} synthetic excerpts from {len(people)} members, {len(CODEBOOK)} codes")


if __name__ == "__main__":
    main()
