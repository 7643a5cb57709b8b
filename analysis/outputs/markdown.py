"""An evaluator's readable report of :func:`analysis.outputs.report.build_report`'s dict.

:func:`report_markdown` renders the JSON-ready dict as a markdown document in English or
Indonesian: the dataset, the methods, one section per part of the report and the warnings.
It computes nothing; it only formats the numbers the report already holds (``null`` is shown
as not available).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from contextvars import ContextVar
from typing import Any

from analysis.messages import Lang

_T: dict[str, tuple[str, str]] = {
    "title": ("Berdaya impact report", "Laporan dampak Berdaya"),
    "dataset": ("Dataset", "Data"),
    "rows": ("Survey rows", "Baris survei"),
    "members": ("People surveyed", "Orang yang disurvei"),
    "program_members": ("Program members", "Anggota program"),
    "comparison_members": ("Comparison group", "Kelompok pembanding"),
    "waves": ("Waves", "Gelombang"),
    "compared": ("Waves compared", "Gelombang yang dibandingkan"),
    "sha": ("SHA-256 of the survey file", "SHA-256 berkas survei"),
    "source": ("Survey file", "Berkas survei"),
    "synthetic": (
        "SYNTHETIC demo data: no number in this report describes a real program.",
        "Data demo SINTETIS: tidak ada angka dalam laporan ini yang menggambarkan program nyata.",
    ),
    "loans_rows": ("Loans in the ledger", "Pinjaman dalam buku pinjaman"),
    "methods": ("Methods", "Metode"),
    "ba": ("Income before and after", "Pendapatan sebelum dan sesudah"),
    "ba_real": (
        "Income before and after, in constant prices of {base}",
        "Pendapatan sebelum dan sesudah, harga konstan {base}",
    ),
    "statistic": ("Statistic", "Statistik"),
    "program": ("Program", "Program"),
    "comparison": ("Comparison", "Pembanding"),
    "n": ("Members compared", "Anggota dibandingkan"),
    "mean_before": ("Mean income before", "Rata-rata pendapatan sebelum"),
    "mean_after": ("Mean income after", "Rata-rata pendapatan sesudah"),
    "mean_change": ("Mean change", "Rata-rata perubahan"),
    "ci": ("95% CI of the mean change", "IK 95% rata-rata perubahan"),
    "median_change": ("Median change", "Median perubahan"),
    "pct_change": ("Percent change of the mean", "Perubahan rata-rata (persen)"),
    "share_improved": ("Share whose income rose", "Porsi yang pendapatannya naik"),
    "t": ("Paired t (df), p", "t berpasangan (db), p"),
    "wilcoxon_p": ("Wilcoxon signed-rank p", "p Wilcoxon peringkat bertanda"),
    "cohen_dz": ("Cohen's d_z", "d_z Cohen"),
    "attrition": ("Attrition", "Atrisi"),
    "lost": ("Lost between the waves", "Hilang di antara gelombang"),
    "group": ("Group", "Kelompok"),
    "subgroups": ("By subgroup", "Menurut subkelompok"),
    "level": ("Level", "Tingkat"),
    "balance": ("Baseline balance", "Keseimbangan awal"),
    "variable": ("Variable", "Variabel"),
    "difference": ("Difference", "Selisih"),
    "norm_diff": ("Normalized difference", "Selisih ternormalisasi"),
    "did": ("Difference in differences", "Selisih dalam selisih"),
    "did_table": ("2x2 table", "Tabel 2x2"),
    "before": ("Before", "Sebelum"),
    "after": ("After", "Sesudah"),
    "change": ("Change", "Perubahan"),
    "estimate": ("Estimate", "Estimasi"),
    "dropped": ("Dropped (missing values)", "Dibuang (nilai hilang)"),
    "max_vif": ("Largest VIF", "VIF terbesar"),
    "wild_p": ("Wild cluster bootstrap p", "p wild cluster bootstrap"),
    "did_members": ("Members in the estimate", "Anggota dalam estimasi"),
    "joint": ("Joint test", "Uji gabungan"),
    "pretrend": ("Pre-trend test", "Uji tren sebelum program"),
    "reference": ("reference", "acuan"),
    "pre": ("before the program", "sebelum program"),
    "post": ("after the start", "sesudah program mulai"),
    "trends": ("Mean income by wave", "Rata-rata pendapatan per gelombang"),
    "wave": ("Wave", "Gelombang"),
    "mean": ("Mean", "Rata-rata"),
    "event": ("Event study (pre-trend check)", "Studi peristiwa (uji tren awal)"),
    "staggered": (
        "Joining at different waves (Callaway and Sant'Anna)",
        "Bergabung pada gelombang berbeda (Callaway dan Sant'Anna)",
    ),
    "cohort": ("Joined at", "Bergabung pada"),
    "att": ("Average effect", "Efek rata-rata"),
    "overall": ("All cohorts", "Semua kohort"),
    "regressions": ("Drivers of income change", "Pendorong perubahan pendapatan"),
    "term": ("Term", "Suku"),
    "dose": ("Income change by capital received", "Perubahan pendapatan menurut modal diterima"),
    "band": ("Capital band", "Kelompok modal"),
    "loans": ("Loan portfolio", "Portofolio pinjaman"),
    "by_coop": ("By cooperative", "Menurut koperasi"),
    "warnings": ("Warnings", "Peringatan"),
    "empowerment": ("Empowerment index (Alkire-Foster)", "Indeks pemberdayaan (Alkire-Foster)"),
    "emp_cutoff": (
        "Empowered when the weighted adequacy reaches {cutoff}; H = share disempowered, "
        "A = their mean inadequacy, M0 = H x A.",
        "Berdaya bila kecukupan berbobot mencapai {cutoff}; H = porsi belum berdaya, "
        "A = rata-rata kekurangannya, M0 = H x A.",
    ),
    "emp_empowered": ("Empowered", "Berdaya"),
    "emp_score": ("Mean score", "Skor rata-rata"),
    "emp_change": (
        "Program members ({n}), {before} to {after}: mean score {s0} to {s1} (paired t p {pt}); "
        "empowered {e0} to {e1} (McNemar p {pm}).",
        "Anggota program ({n}), {before} ke {after}: skor rata-rata {s0} ke {s1} (p t "
        "berpasangan {pt}); berdaya {e0} ke {e1} (p McNemar {pm}).",
    ),
    "emp_did": (
        "Difference in differences of the score: {est} (95% CI {low} to {high}, p {p}).",
        "Selisih dalam selisih skor: {est} (IK 95% {low} sampai {high}, p {p}).",
    ),
    "none": ("None.", "Tidak ada."),
    "not_available": ("Not available", "Tidak tersedia"),
    "more_rows": (
        "{n} more rows in the JSON report.",
        "{n} baris lainnya ada dalam laporan JSON.",
    ),
}


def _t(key: str, lang: Lang, **kw: Any) -> str:
    en, id_ = _T[key]
    return (id_ if lang == "id" else en).format(**kw)


def _num(value: Any, lang: Lang, decimals: int = 0) -> str:
    """A number as written in ``lang``: 1,234.5 (en) or 1.234,5 (id); missing as an en dash."""
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return "–"
    text = f"{float(value):,.{decimals}f}"
    if lang == "id":
        text = text.replace(",", "\0").replace(".", ",").replace("\0", ".")
    return text


#: The income's unit while one report is written (``IDR``, an ISO code, or ``number``).
_UNIT: ContextVar[str] = ContextVar("berdaya_markdown_unit", default="IDR")


def _rupiah(value: Any, lang: Lang) -> str:
    """An amount in the report's unit: ``IDR 1,500,000`` (en) or ``Rp 1.500.000`` (id) for
    rupiah, ``USD 289.79`` for another currency (two decimals), a plain number for
    ``number`` (a score, an index, a log)."""
    if value is None:
        return "–"
    v = float(value)
    unit = _UNIT.get()
    if unit in ("number", "log"):
        return _sig(v, lang)
    if unit != "IDR":
        body = f"{unit} {_num(abs(v), lang, 2)}"
        return ("-" + body) if round(v, 2) < 0 else body
    body = ("Rp " if lang == "id" else "IDR ") + _num(abs(v), lang)
    return ("-" + body) if round(v) < 0 else body


def _pct(value: Any, lang: Lang, *, share: bool = False, decimals: int = 1) -> str:
    if value is None:
        return "–"
    return _num(float(value) * (100.0 if share else 1.0), lang, decimals) + "%"


def _p(value: Any, lang: Lang) -> str:
    if value is None:
        return "–"
    if float(value) < 0.001:
        return "< " + _num(0.001, lang, 3)
    return _num(value, lang, 3)


def _p_eq(value: Any, lang: Lang) -> str:
    """``= 0.012`` or ``< 0.001``: a p-value after its letter."""
    text = _p(value, lang)
    return text if text.startswith("<") else f"= {text}"


def _sig(value: Any, lang: Lang, digits: int = 4) -> str:
    """``digits`` significant digits, thousands grouped, never scientific."""
    if value is None:
        return "–"
    v = float(value)
    if v == 0:
        return "0"
    mag = math.floor(math.log10(abs(v)))
    return _num(v, lang, max(0, digits - 1 - mag))


def _ci(low: Any, high: Any, lang: Lang) -> str:
    """``low – high`` in rupiah, or a single dash when the interval is missing."""
    if low is None and high is None:
        return "–"
    return f"{_rupiah(low, lang)} – {_rupiah(high, lang)}"


#: What user text must not carry into Markdown: HTML (<script>, <img onerror=...>, entities)
#: and link or image syntax ([x](javascript:...), ![x](...)). Numbers never hold these.
_MD_UNSAFE = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", "[": "\\[", "]": "\\]"})


def md_text(value: Any) -> str:
    """User text (cooperative and place names, file names, wave labels, column names, values
    inside warnings) made inert in Markdown: HTML escaped, link brackets escaped."""
    return str(value).translate(_MD_UNSAFE)


def _table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    def esc(cell: str) -> str:
        return md_text(cell).replace("|", "\\|").replace("\n", " ")

    lines = ["| " + " | ".join(esc(h) for h in header) + " |"]
    lines.append("|" + "|".join("---" for _ in header) + "|")
    lines += ["| " + " | ".join(esc(c) for c in r) + " |" for r in rows]
    return "\n".join(lines)


def _code(text: Any) -> str:
    """User text for a code span: a backtick in it would end the span."""
    return str(text).replace("`", "'")


def _wave_text(value: Any) -> str:
    return "–" if value is None else md_text(value)


def report_markdown(report: Mapping[str, Any], lang: Lang = "en", *, max_rows: int = 40) -> str:
    """A readable report of :func:`~analysis.outputs.report.build_report`'s dict (en or id).

    Parameters
    ----------
    report : the dict of :func:`analysis.outputs.report.build_report` (or the same read back
        from its JSON).
    lang : ``"en"`` (``IDR 1,500,000``, ``1,234.5``) or ``"id"`` (``Rp 1.500.000``,
        ``1.234,5``). Headings and labels follow ``lang``; warnings are in the language the
        report was built in.
    max_rows : long tables (subgroups by cooperative, portfolio by cooperative) show their
        first ``max_rows`` rows and say how many more are in the JSON.

    Returns
    -------
    Markdown text: the dataset, the methods (standard errors, interval methods, clusters),
    then one section per part of the report with its tables, and the warnings. A part that is
    ``null`` in the report is shown as not available.

    Examples
    --------
    >>> from analysis.demo import generate_demo
    >>> from analysis.outputs.report import build_report
    >>> demo = generate_demo(members=200, seed=3)
    >>> text = report_markdown(build_report(demo.survey), "id")
    >>> text.splitlines()[0]
    '# Laporan dampak Berdaya'
    """
    if lang not in ("en", "id"):
        raise ValueError(f"lang must be 'en' or 'id'; got {lang!r}")
    units = (((report.get("load") or {}).get("survey") or {}).get("units")) or {}
    token = _UNIT.set(str(units.get("income") or "IDR"))
    try:
        return _report_markdown(report, lang, max_rows)
    finally:
        _UNIT.reset(token)


def _report_markdown(report: Mapping[str, Any], lang: Lang, max_rows: int) -> str:
    out: list[str] = [f"# {_t('title', lang)}", ""]
    out += _md_dataset(report, lang)
    out += _md_methods(report, lang)
    out += _md_before_after(report, lang)
    out += _md_subgroups(report, lang, max_rows)
    out += _md_comparison(report, lang)
    out += _md_staggered(report, lang)
    out += _md_regressions(report, lang)
    out += _md_loans(report, lang, max_rows)
    out += _md_empowerment(report, lang)
    out += [f"## {_t('warnings', lang)}", ""]
    warns = report.get("warnings") or []
    out += [f"- {md_text(w)}" for w in warns] if warns else [_t("none", lang)]
    return "\n".join(out).rstrip() + "\n"


def _md_dataset(report: Mapping[str, Any], lang: Lang) -> list[str]:
    d = report.get("dataset") or {}
    rows = [
        (_t("rows", lang), _num(d.get("rows"), lang)),
        (_t("members", lang), _num(d.get("members"), lang)),
        (_t("program_members", lang), _num(d.get("program_members"), lang)),
        (_t("comparison_members", lang), _num(d.get("comparison_members"), lang)),
        (_t("waves", lang), ", ".join(_wave_text(w) for w in d.get("waves") or [])),
        (_t("compared", lang), " → ".join(_wave_text(w) for w in d.get("compared_waves") or [])),
        (_t("source", lang), str(d.get("source") or "–")),
        (_t("sha", lang), f"`{d['sha256']}`" if d.get("sha256") else "–"),
    ]
    if d.get("loans_rows") is not None:
        rows.append((_t("loans_rows", lang), _num(d["loans_rows"], lang)))
    out = [f"## {_t('dataset', lang)}", ""]
    if d.get("synthetic"):
        out += [f"**{_t('synthetic', lang)}**", ""]
    return [*out, _table(["", ""], rows), ""]


def _md_methods(report: Mapping[str, Any], lang: Lang) -> list[str]:
    m = report.get("methods") or {}
    ci = ", ".join(m.get("before_after_ci_method") or []) or "–"
    cl = m.get("cluster")
    did = report.get("did") or {}
    regs = report.get("regressions") or []
    en = [
        f"Intervals are {int(100 * (m.get('confidence') or 0.95))}% intervals.",
        "Mean change of income: paired t-test, Wilcoxon signed-rank test and Cohen's d_z. "
        f"Interval of the mean change: {ci} (a percentile bootstrap of "
        f"{_num(m.get('bootstrap_resamples'), lang)} seeded resamples for groups of at most "
        f"{_num(m.get('bootstrap_max_n'), lang)} members, Student's t for larger groups).",
        "Subgroup p-values are adjusted within each group (Benjamini-Hochberg and Holm).",
        (
            f"Program-versus-comparison standard errors are clustered by {cl}"
            if cl
            else "Program-versus-comparison standard errors are heteroskedasticity-robust "
            "(not clustered)"
        )
        + _did_se(did, lang, "difference in differences", "with", "clusters")
        + ".",
        f"Driver regressions: {_regressions_se(regs, lang, 'clusters')}.",
        f"Capital: {(report.get('capital') or {}).get('description', '–')}.",
        f"Real incomes: {m.get('cpi', '–')}.",
    ]
    id_ = [
        f"Selang kepercayaan {int(100 * (m.get('confidence') or 0.95))}%.",
        "Rata-rata perubahan pendapatan: uji t berpasangan, uji peringkat bertanda Wilcoxon dan "
        f"d_z Cohen. Selang rata-rata perubahan: {ci} (bootstrap persentil dengan "
        f"{_num(m.get('bootstrap_resamples'), lang)} sampel ulang berbenih untuk kelompok paling "
        f"banyak {_num(m.get('bootstrap_max_n'), lang)} anggota, t Student untuk kelompok yang "
        "lebih besar).",
        "Nilai p subkelompok disesuaikan dalam tiap kelompok (Benjamini-Hochberg dan Holm).",
        (
            f"Galat baku program-versus-pembanding diklaster menurut {cl}"
            if cl
            else "Galat baku program-versus-pembanding tahan heteroskedastisitas (tidak diklaster)"
        )
        + _did_se(did, lang, "selisih dalam selisih", "dengan", "klaster")
        + ".",
        f"Regresi pendorong: {_regressions_se(regs, lang, 'klaster')}.",
        f"Modal: {(report.get('capital') or {}).get('description', '–')}.",
        "Pendapatan riil: "
        + (
            "IHK Desember Jember bawaan Berdaya (data/cpi/jember_cpi.csv)"
            if m.get("cpi", "").startswith("Jember")
            else "tabel pengguna"
        )
        + ".",
    ]
    return [f"## {_t('methods', lang)}", "", *[f"- {s}" for s in (id_ if lang == "id" else en)], ""]


def _did_se(did: Mapping[str, Any], lang: Lang, label: str, with_: str, clusters: str) -> str:
    """The difference in differences' standard errors, as a clause of the methods' sentence."""
    if not did:
        return ""
    n = _num(did.get("n_clusters"), lang)
    return f"; {label}: {did.get('se_type')} {with_} {n} {clusters}, {did.get('method')}"


def _regressions_se(regs: Sequence[Mapping[str, Any]], lang: Lang, clusters: str) -> str:
    """Each driver regression's standard errors: ``name: se_type[, n clusters]``, joined."""
    return "; ".join(
        f"{r['name']}: {r['se_type']}"
        + (f", {_num(r['n_clusters'], lang)} {clusters}" if r.get("n_clusters") else "")
        for r in regs
    )


def _ba_rows(groups: Mapping[str, Any], lang: Lang) -> tuple[list[list[str]], list[str]]:
    cols = [g for g in ("program", "comparison") if groups.get(g)]

    def line(label: str, fmt: Callable[[Mapping[str, Any]], str]) -> list[str]:
        return [label, *(fmt(groups[g]) for g in cols)]

    return [
        line(_t("n", lang), lambda r: _num(r["n"], lang)),
        line(_t("mean_before", lang), lambda r: _rupiah(r["mean_before"], lang)),
        line(_t("mean_after", lang), lambda r: _rupiah(r["mean_after"], lang)),
        line(_t("mean_change", lang), lambda r: _rupiah(r["mean_change"], lang)),
        line(
            _t("ci", lang),
            lambda r: (
                _ci(r["ci_low"], r["ci_high"], lang)
                + (f" ({r['ci_method']})" if r.get("ci_method") else "")
            ),
        ),
        line(_t("median_change", lang), lambda r: _rupiah(r["median_change"], lang)),
        line(_t("pct_change", lang), lambda r: _pct(r["pct_change"], lang)),
        line(
            _t("share_improved", lang),
            lambda r: (
                _pct(r["share_improved"], lang, share=True)
                + (
                    f" [{_pct(r['share_improved_ci_low'], lang, share=True)}, "
                    f"{_pct(r['share_improved_ci_high'], lang, share=True)}]"
                    if r.get("share_improved_ci_low") is not None
                    else ""
                )
            ),
        ),
        line(
            _t("t", lang),
            lambda r: (
                f"{_num(r['t_stat'], lang, 2)} ({_num(r['t_df'], lang)}), {_p(r['t_p'], lang)}"
            ),
        ),
        line(_t("wilcoxon_p", lang), lambda r: _p(r["wilcoxon_p"], lang)),
        line(
            _t("cohen_dz", lang),
            lambda r: (
                _num(r["cohen_dz"], lang, 2)
                + (
                    f" [{_num(r.get('dz_ci_low'), lang, 2)}, {_num(r.get('dz_ci_high'), lang, 2)}]"
                    if r.get("dz_ci_low") is not None
                    else ""
                )
            ),
        ),
    ], cols


def _md_before_after(report: Mapping[str, Any], lang: Lang) -> list[str]:
    ba = report.get("before_after") or {}
    out: list[str] = [f"## {_t('ba', lang)}", ""]
    rows, cols = _ba_rows(ba, lang)
    header = [_t("statistic", lang), *(_t(g, lang) for g in cols)]
    out += [_table(header, rows), ""]
    real = ba.get("real")
    base = ((real or {}).get("deflation") or {}).get("base_year")
    out += [f"### {_t('ba_real', lang, base=base if base is not None else '–')}", ""]
    if real:
        rows, cols = _ba_rows(real, lang)
        out += [_table([_t("statistic", lang), *(_t(g, lang) for g in cols)], rows), ""]
    else:
        out += [_t("not_available", lang) + ".", ""]
    att = report.get("attrition")
    if att:
        out += [f"### {_t('attrition', lang)}", ""]
        rows = [
            [
                _t(r["group"], lang) if r["group"] in ("program", "comparison") else r["group"],
                _num(r["n_before"], lang),
                _num(r["n_after"], lang),
                _num(r["n_both"], lang),
                f"{_num(r['n_lost'], lang)} ({_pct(r['share_lost'], lang, share=True)})",
            ]
            for r in att
        ]
        header = [_t("group", lang), _t("before", lang), _t("after", lang), "n", _t("lost", lang)]
        out += [_table(header, rows), ""]
    return out


def _more(n_more: int, lang: Lang) -> list[str]:
    return [_t("more_rows", lang, n=_num(n_more, lang)), ""] if n_more > 0 else []


def _md_subgroups(report: Mapping[str, Any], lang: Lang, max_rows: int) -> list[str]:
    subs = report.get("subgroups") or {}
    out: list[str] = [f"## {_t('subgroups', lang)}", ""]
    if not subs:
        return [*out, _t("not_available", lang) + ".", ""]
    for by, rows in subs.items():
        out += [f"### {md_text(by)}", ""]
        shown = [r for r in rows if r.get("n")][:max_rows]
        body = [
            [
                _t(r["group"], lang) if r["group"] in ("program", "comparison") else r["group"],
                str(r["level"]),
                _num(r["n"], lang),
                _rupiah(r.get("mean_change"), lang),
                _ci(r.get("ci_low"), r.get("ci_high"), lang),
                _p(r.get("t_p"), lang),
                _p(r.get("p_bh"), lang),
                _p(r.get("p_holm"), lang),
            ]
            for r in shown
        ]
        header = [
            _t("group", lang),
            _t("level", lang),
            "n",
            _t("mean_change", lang),
            "95% CI" if lang == "en" else "IK 95%",
            "p",
            "p (BH)",
            "p (Holm)",
        ]
        out += [_table(header, body), ""]
        out += _more(sum(1 for r in rows if r.get("n")) - len(shown), lang)
    return out


def _md_comparison(report: Mapping[str, Any], lang: Lang) -> list[str]:
    out: list[str] = [f"## {_t('did', lang)}", ""]
    did = report.get("did")
    if did:
        ci = _ci(did["ci_low"], did["ci_high"], lang)
        rows = [
            [_t("estimate", lang), _rupiah(did["estimate"], lang)],
            ["SE", f"{_rupiah(did['se'], lang)} ({did['se_type']})"],
            ["95% CI" if lang == "en" else "IK 95%", ci],
            ["p", _p(did["p_value"], lang)],
            [_t("did_members", lang), _num(did["n_members"], lang)],
            ["clusters" if lang == "en" else "klaster", _num(did.get("n_clusters"), lang)],
        ]
        if did.get("wild_p") is not None:
            rows.append([_t("wild_p", lang), _p(did["wild_p"], lang)])
        out += [_table(["", ""], rows), ""]
    else:
        out += [_t("not_available", lang) + ".", ""]
    out += _md_did_table(report, lang)
    out += _md_balance(report, lang)
    out += _md_trends(report, lang)
    out += _md_event_study(report, lang)
    return out


def _md_did_table(report: Mapping[str, Any], lang: Lang) -> list[str]:
    """The 2x2 table of mean incomes, before and after, program and comparison."""
    dtab = report.get("did_table")
    if not dtab:
        return []
    out: list[str] = []
    out += [f"### {_t('did_table', lang)}", ""]
    rows = [
        [
            _t(r["group"], lang) if r["group"] != "difference" else _t("difference", lang),
            _num(r["n"], lang),
            _rupiah(r["before_mean"], lang),
            _rupiah(r["after_mean"], lang),
            f"{_rupiah(r['change'], lang)} ({_rupiah(r['change_se'], lang)})",
            _p(r["change_p"], lang),
        ]
        for r in dtab["rows"]
    ]
    header = ["", "n", _t("before", lang), _t("after", lang), _t("change", lang) + " (SE)", "p"]
    out += [_table(header, rows), ""]
    return out


def _md_balance(report: Mapping[str, Any], lang: Lang) -> list[str]:
    """The baseline balance table and its joint test."""
    bal = report.get("balance")
    if not bal:
        return []
    out: list[str] = []
    out += [f"### {_t('balance', lang)} ({_wave_text(bal['baseline'])})", ""]
    rows = [
        [
            r["variable"],
            _sig(r["mean_program"], lang),
            _sig(r["mean_comparison"], lang),
            _sig(r["difference"], lang),
            _num(r["normalized_difference"], lang, 3),
            _p(r["p_value"], lang),
        ]
        for r in bal["rows"]
    ]
    header = [
        _t("variable", lang),
        _t("program", lang),
        _t("comparison", lang),
        _t("difference", lang),
        _t("norm_diff", lang),
        "p",
    ]
    out += [_table(header, rows), ""]
    se_line = (
        f"{_num(bal['n_program'], lang)} / {_num(bal['n_comparison'], lang)}; SE {bal['se_type']}"
    )
    if bal.get("n_clusters"):
        cl = "clusters" if lang == "en" else "klaster"
        se_line += f", {_num(bal['n_clusters'], lang)} {cl} ({bal['cluster']})"
    out += [f"n ({_t('program', lang)} / {_t('comparison', lang)}): {se_line}", ""]
    if bal.get("joint_f") is not None:
        out += [
            f"{_t('joint', lang)}: F({bal['joint_df_num']}, {bal['joint_df_den']}) = "
            f"{_num(bal['joint_f'], lang, 3)}, p {_p_eq(bal['joint_p'], lang)}; "
            f"{bal['se_type']}",
            "",
        ]
    elif bal.get("joint_note"):
        out += [str(bal["joint_note"]), ""]
    return out


def _md_trends(report: Mapping[str, Any], lang: Lang) -> list[str]:
    """Mean incomes per wave and group."""
    trends = report.get("trends")
    if not trends:
        return []
    out: list[str] = []
    out += [f"### {_t('trends', lang)}", ""]
    rows = [
        [
            _t(r["group"], lang),
            _wave_text(r["wave"]),
            _num(r["n"], lang),
            _rupiah(r["mean"], lang),
            _ci(r["ci_low"], r["ci_high"], lang),
        ]
        for r in trends
    ]
    header = [_t("group", lang), _t("wave", lang), "n", _t("mean", lang), "95% CI"]
    out += [_table(header, rows), ""]
    return out


def _md_event_study(report: Mapping[str, Any], lang: Lang) -> list[str]:
    """The event-study estimates per wave and the pre-trend test."""
    es = report.get("event_study")
    if not es:
        return []
    out: list[str] = []
    out += [f"### {_t('event', lang)}", ""]
    rows = [
        [
            _wave_text(r["wave"]),
            _t(r["period"], lang),
            _rupiah(r["estimate"], lang),
            _rupiah(r["se"], lang),
            _p(r["p_value"], lang),
        ]
        for r in es["rows"]
    ]
    out += [_table([_t("wave", lang), "", _t("estimate", lang), "SE", "p"], rows), ""]
    if es.get("pretrend_p") is not None:
        out += [
            f"{_t('pretrend', lang)}: F({es['pretrend_df_num']}, {es['pretrend_df_den']}) = "
            f"{_num(es['pretrend_f'], lang, 3)}, p {_p_eq(es['pretrend_p'], lang)}",
            "",
        ]
    elif es.get("pretrend_note"):
        out += [str(es["pretrend_note"]), ""]
    return out


def _md_staggered(report: Mapping[str, Any], lang: Lang) -> list[str]:
    """Callaway-Sant'Anna averages when status is recorded per wave (nothing otherwise)."""
    st = report.get("staggered")
    if not st:
        return []
    rows = [[_t("overall", lang), *_att_cells(st["simple"], lang)]]
    rows += [[_wave_text(g.get("cohort")), *_att_cells(g, lang)] for g in st.get("group") or []]
    header = [_t("cohort", lang), _t("att", lang), "SE", "95% CI", "n"]
    return [f"### {_t('staggered', lang)}", "", _table(header, rows), ""]


def _att_cells(r: Mapping[str, Any], lang: Lang) -> list[str]:
    return [
        _rupiah(r.get("att"), lang),
        _rupiah(r.get("se"), lang),
        _ci(r.get("ci_low"), r.get("ci_high"), lang),
        _num(r.get("n_cells"), lang),
    ]


def _md_regressions(report: Mapping[str, Any], lang: Lang) -> list[str]:
    regs = report.get("regressions")
    out: list[str] = [f"## {_t('regressions', lang)}", ""]
    if not regs:
        return [*out, _t("not_available", lang) + ".", ""]
    terms: list[str] = []
    for r in regs:
        for t in r["coefficients"]:
            if t not in terms and t != "Intercept":
                terms.append(t)
    if any("Intercept" in r["coefficients"] for r in regs):
        terms.append("Intercept")
    rows: list[list[str]] = []
    for t in terms:
        est, se = [t], [""]
        for r in regs:
            c = r["coefficients"].get(t)
            if c is None:
                est.append("")
                se.append("")
                continue
            p = c.get("p")
            stars = (
                ""
                if p is None
                else "***"
                if p < 0.01
                else "**"
                if p < 0.05
                else "*"
                if p < 0.1
                else ""
            )
            est.append(_sig(c["estimate"], lang) + stars)
            se.append(f"({_sig(c['se'], lang)})")
        rows += [est, se]
    rows.append(["N", *(_num(r["nobs"], lang) for r in regs)])
    rows.append(["R²", *(_num(r["r2"], lang, 4) for r in regs)])
    rows.append(["Adj. R²", *(_num(r["adj_r2"], lang, 4) for r in regs)])
    rows.append(
        [
            "F (p)",
            *(
                f"{_sig(r['fvalue'], lang)} ({_p(r['f_pvalue'], lang)})"
                if r.get("fvalue") is not None
                else "–"
                for r in regs
            ),
        ]
    )
    rows.append([_t("dropped", lang), *(_num(r.get("n_dropped"), lang) for r in regs)])
    rows.append(
        [
            "Breusch-Pagan p",
            *(_p((r.get("heteroskedasticity") or {}).get("p"), lang) for r in regs),
        ]
    )
    rows.append(
        [
            _t("max_vif", lang),
            *(
                _num(
                    max((v for v in (r.get("vif") or {}).values() if v is not None), default=None),
                    lang,
                    2,
                )
                for r in regs
            ),
        ]
    )
    rows.append(["SE", *(str(r["se_type"]) for r in regs)])
    rows.append(
        [
            "clusters" if lang == "en" else "klaster",
            *(_num(r.get("n_clusters"), lang) for r in regs),
        ]
    )
    header = [_t("term", lang), *(f"({i + 1}) {r['name']}" for i, r in enumerate(regs))]
    out += [_table(header, rows), ""]
    out += [
        "\\* p < 0,10, \\*\\* p < 0,05, \\*\\*\\* p < 0,01; galat baku dalam kurung."
        if lang == "id"
        else "\\* p < 0.10, \\*\\* p < 0.05, \\*\\*\\* p < 0.01; standard errors in parentheses.",
        "",
    ]
    out += [f"- ({i + 1}) `{_code(r['formula'])}`" for i, r in enumerate(regs)] + [""]
    dose = report.get("dose_response")
    if dose:
        out += [f"### {_t('dose', lang)}", ""]
        rows = [
            [
                b["band"],
                _num(b["n"], lang),
                _rupiah(b["mean"], lang),
                _ci(b["ci_low"], b["ci_high"], lang),
            ]
            for b in dose["bands"]
        ]
        out += [_table([_t("band", lang), "n", _t("mean_change", lang), "95% CI"], rows), ""]
    return out


def _md_loans(report: Mapping[str, Any], lang: Lang, max_rows: int) -> list[str]:
    loans = report.get("loans")
    out: list[str] = [f"## {_t('loans', lang)}", ""]
    if not loans:
        return [*out, _t("not_available", lang) + ".", ""]
    en = lang == "en"
    rows = [
        ["Loans" if en else "Pinjaman", _num(loans["n_loans"], lang)],
        ["Borrowers" if en else "Peminjam", _num(loans["n_borrowers"], lang)],
        ["Active borrowers" if en else "Peminjam aktif", _num(loans["n_active_borrowers"], lang)],
        ["Disbursed" if en else "Dicairkan", _rupiah(loans["disbursed"], lang)],
        [
            "Average loan" if en else "Rata-rata pinjaman",
            _rupiah(loans["avg_disbursed_loan"], lang),
        ],
        [
            "Gross loan portfolio" if en else "Portofolio pinjaman bruto",
            _rupiah(loans["gross_loan_portfolio"], lang),
        ],
        ["PAR1", _pct(loans["par1"], lang, share=True, decimals=2)],
        ["PAR30", _pct(loans["par30"], lang, share=True, decimals=2)],
        ["PAR90", _pct(loans["par90"], lang, share=True, decimals=2)],
        [
            "Repayment rate" if en else "Tingkat pengembalian",
            _pct(loans["repayment_rate"], lang, share=True, decimals=2),
        ],
        ["NPL", _pct(loans["npl_ratio"], lang, share=True, decimals=2)],
        [
            "Written off" if en else "Hapus buku",
            f"{_num(loans['n_written_off'], lang)} ({_rupiah(loans['written_off'], lang)})",
        ],
        ["As of" if en else "Per tanggal", str(loans.get("as_of") or "–")],
    ]
    out += [_table(["", ""], rows), ""]
    coops = (report.get("loans_by") or {}).get("cooperative_id")
    if coops:
        out += [f"### {_t('by_coop', lang)}", ""]
        body = [
            [
                str(r["cooperative_id"]),
                _num(r["n_loans"], lang),
                _rupiah(r["outstanding"], lang),
                _pct(r["par30"], lang, share=True, decimals=2),
                _pct(r["repayment_rate"], lang, share=True, decimals=2),
            ]
            for r in coops[:max_rows]
        ]
        header = [
            "cooperative_id",
            "n",
            "GLP",
            "PAR30",
            "repayment" if en else "pengembalian",
        ]
        out += [_table(header, body), ""]
        out += _more(len(coops) - max_rows, lang)
    return out


def _md_empowerment(report: Mapping[str, Any], lang: Lang) -> list[str]:
    """The index per wave, the program members' change and the DiD of the score (issue 13)."""
    emp = report.get("empowerment")
    out: list[str] = [f"## {_t('empowerment', lang)}", ""]
    if not emp:
        return [*out, _t("not_available", lang) + ".", ""]
    out += [_t("emp_cutoff", lang, cutoff=_num(emp["config"]["cutoff"], lang, 2)), ""]
    header = [_t("wave", lang), "n", _t("emp_empowered", lang), "H", "A", "M0"]
    header.insert(3, _t("emp_score", lang))
    rows = [
        [
            _wave_text(w["wave"]),
            _num(w["n"], lang),
            _pct(w["headcount_empowered"], lang, share=True),
            _num(w["mean_score"], lang, 3),
            _num(w["headcount_disempowered"], lang, 3),
            _num(w["intensity"], lang, 3),
            _num(w["m0"], lang, 3),
        ]
        for w in emp["by_wave"]
    ]
    out += [_table(header, rows), ""]
    ba, did = emp.get("before_after"), emp.get("did")
    if ba and ba["n_pairs"]:
        out.append(
            _t(
                "emp_change",
                lang,
                n=_num(ba["n_pairs"], lang),
                before=_wave_text(ba["before"]),
                after=_wave_text(ba["after"]),
                s0=_num(ba["score_before"], lang, 3),
                s1=_num(ba["score_after"], lang, 3),
                pt=_p(ba["p_t"], lang),
                e0=_pct(ba["share_before"], lang, share=True),
                e1=_pct(ba["share_after"], lang, share=True),
                pm=_p(ba["p_mcnemar"], lang),
            )
        )
        out.append("")
    if did:
        out.append(
            _t(
                "emp_did",
                lang,
                est=_num(did["estimate"], lang, 3),
                low=_num(did["ci_low"], lang, 3),
                high=_num(did["ci_high"], lang, 3),
                p=_p(did["p_value"], lang),
            )
        )
        out.append("")
    return out
