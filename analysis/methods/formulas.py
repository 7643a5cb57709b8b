"""The formula layer of the driver regressions: a small formula reader, design matrices built
from columns, and the :class:`ModelResult` a regression table is made from.

``analysis.methods.drivers`` (the public surface) calls :func:`estimate`; the least squares, standard
errors and diagnostics come from the project's one least-squares core, :mod:`analysis.methods.least_squares`.
Nothing here imports statsmodels or patsy, so a regression on a million members costs building
its design matrix and a few matrix products.
"""

from __future__ import annotations

import ast
import difflib
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
import pandas as pd

from analysis.messages import DataError, Lang, Message, plain, plain_list
from analysis.methods.least_squares import (
    FEW_CLUSTERS,
    HetTest,
    OlsFit,
    breusch_pagan,
    cluster_codes,
    fit_ols,
    max_cluster_restrictions,
    t_crit,
    vif,
    wald_test,
)

SeType = Literal["HC3", "HC1", "nonrobust", "cluster"]

#: Confidence level of every interval in a :class:`ModelResult`.
CI_LEVEL = 0.95
#: The core's covariance types by their names here.
_CORE_SE = {"HC3": "HC3", "HC1": "HC1", "nonrobust": "classical", "cluster": "CR1"}
_FROM_CORE: dict[str, SeType] = {
    "HC3": "HC3",
    "HC1": "HC1",
    "classical": "nonrobust",
    "CR1": "cluster",
}

_FUNCS: dict[str, Callable[[np.ndarray], np.ndarray]] = {
    "log": np.log,
    "log1p": np.log1p,
    "log10": np.log10,
    "log2": np.log2,
    "sqrt": np.sqrt,
    "exp": np.exp,
    "abs": np.abs,
}
_BINOPS: dict[type, Callable[[Any, Any], Any]] = {
    ast.Add: np.add,
    ast.Sub: np.subtract,
    ast.Mult: np.multiply,
    ast.Div: np.true_divide,
    ast.Pow: np.power,
}


# ----------------------------------------------------------------------------- results


@dataclass(frozen=True)
class ResidualSummary:
    """Five-number summary and standard deviation (ddof=1) of the residuals."""

    min: float
    q1: float
    median: float
    q3: float
    max: float
    sd: float


@dataclass(frozen=True)
class ModelResult:
    """One fitted regression, ready for a table.

    Attributes
    ----------
    name : model name (``"capital_training_market"``, ``"custom"``, ...).
    formula : the formula as estimated.
    outcome : the outcome's name.
    nobs : rows used.
    n_dropped : rows of the model's sample left out for a missing (or undefined, such as
        ``log`` of 0) value of the outcome, a regressor, the cluster or a fixed effect.
    n_excluded : rows outside the model's sample by design (the comparison group in a
        members-only model, members without capital in the log model, singleton groups of a
        fixed effect). ``nobs + n_dropped + n_excluded`` is the number of input rows.
    df_model, df_resid : numerator degrees of freedom of the F test (number of slopes) and
        ``N - K`` (``K`` counts the levels absorbed by fixed effects).
    df_inference : degrees of freedom of the t and F reference distributions: ``df_resid``,
        or ``G - 1`` when clustered (as Stata).
    r2, adj_r2 : R-squared and adjusted R-squared (of the full model, absorbed fixed effects
        included, as Stata's ``areg``).
    r2_within : R-squared of the within-transformed model; ``None`` without fixed effects.
    rmse : residual standard error ``sqrt(SSR / df_resid)`` (Stata's Root MSE, R's
        "residual standard error").
    fvalue, f_pvalue : F test that every slope is zero (Wald test with the chosen covariance
        when robust or clustered, as Stata); ``None`` when not computable (no slope, or more
        slopes than clusters minus one).
    se_type : standard errors in words, e.g. ``"HC3"`` or ``"clustered by cooperative_id
        (CR1)"``; ``se_code`` is the option actually used (``"HC1"`` when HC3 had to fall back).
    cluster, n_clusters : clustering column and number of clusters, ``None`` otherwise.
    fixed_effects : columns absorbed as fixed effects.
    reference_levels : for each categorical regressor, the level left out (its coefficient is
        0 and every other level is compared with it).
    coefficients : one row per term: ``term``, ``estimate``, ``se``, ``t``, ``p``, ``ci_low``,
        ``ci_high`` (95%), ``std_estimate`` (estimate x sd(x) / sd(y), missing for the
        intercept).
    vif : one row per slope: ``term``, ``vif`` (variance inflation factor).
    heteroskedasticity : Breusch-Pagan test (Koenker's studentized form) on the regressors.
    residuals : summary of the residuals.
    warnings : things a reader should know, in English and Indonesian.
    resid, fitted : residuals and fitted values of the rows used (for diagnostic plots).
    """

    name: str
    formula: str
    outcome: str
    nobs: int
    n_dropped: int
    n_excluded: int
    df_model: int
    df_resid: int
    df_inference: int
    r2: float
    adj_r2: float
    r2_within: float | None
    rmse: float
    fvalue: float | None
    f_pvalue: float | None
    se_type: str
    se_code: SeType
    cluster: str | None
    n_clusters: int | None
    fixed_effects: tuple[str, ...]
    reference_levels: dict[str, str]
    coefficients: pd.DataFrame
    vif: pd.DataFrame
    heteroskedasticity: HetTest
    residuals: ResidualSummary
    warnings: tuple[Message, ...] = ()
    resid: np.ndarray = field(default_factory=lambda: np.empty(0), repr=False)
    fitted: np.ndarray = field(default_factory=lambda: np.empty(0), repr=False)

    def tidy(self) -> pd.DataFrame:
        """The coefficients with the model's name: ``model``, then the ``coefficients`` columns."""
        out = self.coefficients.copy()
        out.insert(0, "model", self.name)
        return out

    def se_type_text(self, lang: Lang = "en") -> str:
        """``se_type`` in ``lang``."""
        return _se_label(self.se_code, self.cluster).text(lang)

    def to_dict(self, lang: Lang = "en") -> dict[str, Any]:
        """A JSON-ready summary; missing numbers are ``None``, warnings are sentences in ``lang``.

        Keys: ``name``, ``formula``, ``nobs``, ``n_dropped``, ``n_excluded``, ``r2``,
        ``adj_r2``, ``r2_within``, ``rmse``, ``fvalue``, ``f_pvalue``, ``df_resid``,
        ``df_inference``, ``se_type``, ``cluster``, ``n_clusters``, ``fixed_effects``,
        ``reference_levels``,
        ``coefficients`` (``{term: {estimate, se, t, p, ci_low, ci_high, std_estimate}}``),
        ``vif`` (``{term: vif}``), ``heteroskedasticity`` (``{test, statistic, df, p}``),
        ``residuals`` (``{min, q1, median, q3, max, sd}``), ``warnings``.
        """
        coefs = {
            str(r["term"]): {
                c: _num(r[c])
                for c in ("estimate", "se", "t", "p", "ci_low", "ci_high", "std_estimate")
            }
            for r in self.coefficients.to_dict("records")
        }
        het = self.heteroskedasticity
        res = self.residuals
        return {
            "name": self.name,
            "formula": self.formula,
            "nobs": self.nobs,
            "n_dropped": self.n_dropped,
            "n_excluded": self.n_excluded,
            "r2": _num(self.r2),
            "adj_r2": _num(self.adj_r2),
            "r2_within": _num(self.r2_within),
            "rmse": _num(self.rmse),
            "fvalue": _num(self.fvalue),
            "f_pvalue": _num(self.f_pvalue),
            "df_resid": self.df_resid,
            "df_inference": self.df_inference,
            "se_type": self.se_type_text(lang),
            "cluster": self.cluster,
            "n_clusters": self.n_clusters,
            "fixed_effects": list(self.fixed_effects),
            "reference_levels": dict(self.reference_levels),
            "coefficients": coefs,
            "vif": {
                str(t): _num(v) for t, v in zip(self.vif["term"], self.vif["vif"], strict=True)
            },
            "heteroskedasticity": {
                "test": het.name,
                "statistic": _num(het.statistic),
                "df": het.df,
                "p": _num(het.p_value),
            },
            "residuals": {
                k: _num(getattr(res, k)) for k in ("min", "q1", "median", "q3", "max", "sd")
            },
            "warnings": [w.text(lang) for w in self.warnings],
        }


def _num(x: object) -> float | None:
    """A float for JSON, ``None`` for missing or infinite values."""
    if x is None:
        return None
    v = float(x)  # type: ignore[arg-type]
    return v if np.isfinite(v) else None


def _se_label(code: SeType, cluster: str | None) -> Message:
    if code == "cluster":
        return Message(
            f"clustered by {cluster} (CR1)", f"galat baku diklaster menurut {cluster} (CR1)"
        )
    if code == "nonrobust":
        return Message("classical (homoskedastic)", "klasik (homoskedastis)")
    return Message(code, code)


# ----------------------------------------------------------------------------- formulas


@dataclass(frozen=True)
class _Factor:
    """One factor of a term: a column, a transformation of columns, or ``C(column)``."""

    text: str  # display text, as written (backticks removed)
    node: ast.expr  # numeric expression (unused for categoricals)
    categorical: bool  # explicitly C(...)
    column: str | None  # the column of a bare name or C(...)
    ref: str | None  # reference level given in C(x, Treatment('a'))


@dataclass(frozen=True)
class _Formula:
    text: str
    lhs: _Factor
    terms: tuple[tuple[_Factor, ...], ...]
    intercept: bool
    names: dict[str, str]  # placeholder identifier -> column name (backticked names)


def _split_top(text: str, seps: str) -> list[tuple[str, str]]:
    """Split ``text`` on the characters ``seps`` outside parentheses: [(separator, piece)]."""
    out: list[tuple[str, str]] = []
    depth, cur, sep = 0, [], ""
    for ch in text:
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
            if depth < 0:
                break  # a ')' before its '(': reported below
        if depth == 0 and ch in seps:
            out.append((sep, "".join(cur).strip()))
            cur, sep = [], ch
            continue
        cur.append(ch)
    if depth != 0:
        raise DataError(
            Message(
                f"unbalanced parentheses in the formula {text!r}",
                f"tanda kurung tidak seimbang dalam formula {text!r}",
            ),
            "formula",
        )
    out.append((sep, "".join(cur).strip()))
    return out


def _formula_error(formula: str, en: str, id_: str, code: str = "formula") -> DataError:
    """A :class:`DataError` whose sentences start by quoting the formula."""
    return DataError(Message(f"formula {formula!r}: {en}", f"formula {formula!r}: {id_}"), code)


def parse_formula(formula: str) -> _Formula:
    """Read ``y ~ a + b + a:b + a*b + C(x) + log(x) + I(x**2) - 1`` (Wilkinson notation).

    Supported: ``+`` between terms; ``:`` (product) and ``*`` (main effects and product);
    ``C(x)`` or ``C(x, Treatment('level'))`` for a categorical with a chosen reference;
    ``log``, ``log1p``, ``log10``, ``log2``, ``sqrt``, ``exp``, ``abs`` (also as ``np.log``);
    ``I(...)`` for arithmetic (``+ - * / **``); ``- 1`` or ``+ 0`` to drop the intercept;
    column names that are not identifiers in backticks (`` `modal usaha` ``).
    """
    names: dict[str, str] = {}

    def _tick(m: re.Match[str]) -> str:
        key = f"__col{len(names)}__"
        names[key] = m.group(1)
        return key

    text = re.sub(r"`([^`]+)`", _tick, formula)
    sides = text.split("~")
    if len(sides) != 2 or not sides[0].strip() or not sides[1].strip():
        raise _formula_error(
            formula,
            "write it as 'outcome ~ regressor + regressor'",
            "tulis sebagai 'hasil ~ regresor + regresor'",
        )
    lhs = _parse_factor(sides[0].strip(), formula, names)
    if lhs.categorical:
        raise _formula_error(
            formula, "the outcome must be numeric", "variabel hasil harus berupa angka"
        )
    intercept = True
    terms: list[tuple[_Factor, ...]] = []
    seen: set[tuple[str, ...]] = set()
    for sign, piece in _split_top(sides[1], "+-"):
        if not piece:
            if sign == "" and not terms:
                continue  # a leading sign: "~ -1 + x"
            raise _formula_error(formula, "an empty term", "ada suku yang kosong")
        if piece in ("0", "1"):
            intercept = (piece == "1") != (sign == "-")
            continue
        if sign == "-":
            raise _formula_error(
                formula,
                f"removing {piece!r} is not supported (only '- 1' for the intercept)",
                f"menghapus {piece!r} tidak didukung (hanya '- 1' untuk intersep)",
            )
        if "**" in "".join(p for _, p in _split_top(piece, "()")) and "I(" not in piece:
            raise _formula_error(
                formula, "write powers inside I(), e.g. I(x**2)", "tulis pangkat di dalam I()"
            )
        groups = [
            [_parse_factor(f, formula, names) for _, f in _split_top(g, ":")]
            for _, g in _split_top(piece, "*")
        ]
        if any(not g for g in groups):
            raise _formula_error(formula, "an empty term", "ada suku yang kosong")
        # a*b*c expands to every non-empty product of the groups, lower orders first
        n_g = len(groups)
        combos = sorted((c for c in range(1, 2**n_g)), key=lambda c: (bin(c).count("1"), c))
        for c in combos:
            factors = tuple(f for i, g in enumerate(groups) if c >> i & 1 for f in g)
            key = tuple(sorted(f.text for f in factors))
            if key not in seen:
                seen.add(key)
                terms.append(factors)
    return _Formula(formula, lhs, tuple(terms), intercept, names)


def _parse_factor(text: str, formula: str, names: dict[str, str]) -> _Factor:
    if not text:
        raise _formula_error(formula, "an empty term", "ada suku yang kosong")
    display = text
    for key, col in names.items():
        display = display.replace(key, col)
    try:
        node = ast.parse(text, mode="eval").body
    except SyntaxError:
        raise _formula_error(
            formula, f"cannot read {display!r}", f"tidak dapat membaca {display!r}"
        ) from None
    if isinstance(node, ast.Call) and _call_name(node) == "C":
        if not node.args or not isinstance(node.args[0], ast.Name):
            raise _formula_error(formula, "C() takes a column name", "C() memerlukan nama kolom")
        col = names.get(node.args[0].id, node.args[0].id)
        ref = _reference(node, formula)
        return _Factor(display, node, True, col, ref)
    _check_node(node, formula, display)
    col = names.get(node.id, node.id) if isinstance(node, ast.Name) else None
    if col is not None:
        display = col
    return _Factor(display, node, False, col, None)


def _call_name(node: ast.Call) -> str | None:
    f = node.func
    if isinstance(f, ast.Name):
        return f.id
    if (
        isinstance(f, ast.Attribute)
        and isinstance(f.value, ast.Name)
        and f.value.id in ("np", "numpy")
    ):
        return f.attr
    return None


def _reference(node: ast.Call, formula: str) -> str | None:
    """The reference level of ``C(x, Treatment('a'))``, ``C(x, Treatment(reference='a'))``
    or ``C(x, ref='a')``."""
    cands: list[ast.expr] = []
    for a in node.args[1:]:
        if isinstance(a, ast.Call) and _call_name(a) == "Treatment":
            cands += list(a.args) + [k.value for k in a.keywords if k.arg == "reference"]
        else:
            cands.append(a)
    cands += [k.value for k in node.keywords if k.arg in ("ref", "reference")]
    if not cands:
        return None
    c = cands[0]
    if isinstance(c, ast.Constant) and isinstance(c.value, (str, int, float)):
        return str(c.value)
    raise _formula_error(
        formula,
        "the reference level of C() must be a literal, e.g. C(x, Treatment('warung'))",
        "level referensi C() harus ditulis langsung, mis. C(x, Treatment('warung'))",
    )


def _check_node(node: ast.expr, formula: str, display: str) -> None:
    """Only columns, numbers, arithmetic and the listed functions; nothing else is evaluated."""
    if isinstance(node, ast.Name):
        return
    if isinstance(node, ast.Constant) and isinstance(node.value, (int, float)):
        return
    if isinstance(node, ast.BinOp) and type(node.op) in _BINOPS:
        _check_node(node.left, formula, display)
        _check_node(node.right, formula, display)
        return
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
        _check_node(node.operand, formula, display)
        return
    if isinstance(node, ast.Call):
        fname = _call_name(node)
        if (fname in _FUNCS or fname == "I") and len(node.args) == 1 and not node.keywords:
            _check_node(node.args[0], formula, display)
            return
        if fname == "C":
            raise _formula_error(
                formula,
                f"C() cannot be used inside an expression ({display!r})",
                f"C() tidak dapat dipakai di dalam ekspresi ({display!r})",
            )
        raise _formula_error(
            formula,
            f"unknown function in {display!r}; available: {', '.join([*_FUNCS, 'I', 'C'])}",
            f"fungsi tidak dikenal dalam {display!r}; yang tersedia: "
            f"{', '.join([*_FUNCS, 'I', 'C'])}",
        )
    raise _formula_error(
        formula,
        f"cannot evaluate {display!r}: use columns, numbers, + - * / ** and functions",
        f"tidak dapat menghitung {display!r}: gunakan kolom, angka, + - * / ** dan fungsi",
    )


def _names_in(node: ast.expr) -> list[str]:
    return [n.id for n in ast.walk(node) if isinstance(n, ast.Name) and not _is_func_name(n)]


def _is_func_name(n: ast.Name) -> bool:
    return n.id in _FUNCS or n.id in ("I", "C", "np", "numpy", "Treatment")


# ----------------------------------------------------------------------------- columns


class _Columns:
    """Columns of ``data`` as float arrays or category codes, converted once per model."""

    def __init__(self, data: pd.DataFrame, formula: str, names: dict[str, str]) -> None:
        self.data = data
        self.formula = formula
        self.names = names
        self._num: dict[str, np.ndarray] = {}

    def check(self, col: str) -> None:
        if col not in self.data.columns:
            cols = [str(c) for c in self.data.columns]
            # a member-change table names a column per wave: educ -> educ_before, educ_change
            close = [c for c in cols if c.startswith(f"{col}_")][:3]
            close = close or difflib.get_close_matches(col, cols, n=3)
            hint_en = f"; did you mean {', '.join(map(repr, close))}?" if close else ""
            hint_id = f"; mungkin maksudnya {', '.join(map(repr, close))}?" if close else ""
            raise _formula_error(
                self.formula,
                f"unknown column {col!r}{hint_en}",
                f"kolom {col!r} tidak ada{hint_id}",
                "unknown_column",
            )

    def is_numeric(self, col: str) -> bool:
        self.check(col)
        dt = self.data[col].dtype
        return bool(pd.api.types.is_numeric_dtype(dt) or pd.api.types.is_bool_dtype(dt))

    def numeric(self, col: str) -> np.ndarray:
        if col not in self._num:
            if not self.is_numeric(col):
                raise _formula_error(
                    self.formula,
                    f"column {col!r} holds text and cannot be used in arithmetic; use it alone "
                    f"or as C({col}) for a categorical",
                    f"kolom {col!r} berisi teks dan tidak dapat dihitung; pakai sendiri atau "
                    f"sebagai C({col}) untuk kategori",
                    "text_column",
                )
            s = self.data[col]
            if pd.api.types.is_bool_dtype(s.dtype):
                s = s.astype("Float64")
            self._num[col] = s.to_numpy(dtype="float64", na_value=np.nan)
        return self._num[col]

    def evaluate(self, node: ast.expr) -> np.ndarray | float:
        if isinstance(node, ast.Name):
            return self.numeric(self.names.get(node.id, node.id))
        if isinstance(node, ast.Constant):
            return float(node.value)
        if isinstance(node, ast.BinOp):
            return _BINOPS[type(node.op)](self.evaluate(node.left), self.evaluate(node.right))
        if isinstance(node, ast.UnaryOp):
            v = self.evaluate(node.operand)
            return -v if isinstance(node.op, ast.USub) else v
        assert isinstance(node, ast.Call)
        fname = _call_name(node)
        arg = self.evaluate(node.args[0])
        return arg if fname == "I" else _FUNCS[str(fname)](arg)


# ----------------------------------------------------------------------------- design


@dataclass
class Design:
    """Arrays ready for :func:`fit`: rows with every value present, one column per coefficient."""

    y: np.ndarray
    X: np.ndarray
    names: list[str]
    intercept: bool
    y_name: str
    rows: np.ndarray  # positions of the rows used, in the input frame
    n_dropped: int
    n_excluded: int
    reference_levels: dict[str, str]
    clusters: np.ndarray | None  # codes 0..G-1
    fe_codes: list[np.ndarray]
    notes: list[Message]


def build_design(
    data: pd.DataFrame,
    formula: str,
    *,
    sample: np.ndarray | None = None,
    cluster: str | None = None,
    fixed_effects: Sequence[str] = (),
) -> Design:
    """Parse ``formula`` and build the outcome and regressor arrays on ``data``.

    ``sample`` (boolean, one per row) restricts the rows by design (counted as excluded);
    rows with a missing or undefined value of anything the model uses are dropped (counted).
    """
    f = parse_formula(formula)
    cols = _Columns(data, formula, f.names)
    n = len(data)
    in_sample = np.ones(n, dtype=bool) if sample is None else np.asarray(sample, dtype=bool)
    n_excluded = int(n - in_sample.sum())

    # pass 1: every factor as an array (numbers) or codes (categories), and what is missing
    facs = _read_factors(f, cols, in_sample)
    cl_codes = None if cluster is None else _group_codes(cols, cluster)
    fe_raw = [_group_codes(cols, fe) for fe in fixed_effects]
    use = in_sample & facs.ok
    for codes in ([] if cl_codes is None else [cl_codes]) + fe_raw:
        use &= codes >= 0
    n_dropped = int(in_sample.sum() - use.sum())
    notes = [_undefined_note(text, k) for text, k in facs.undefined.items()]
    use, n_single = _drop_singletons(use, fe_raw)
    if n_single:
        n_excluded += n_single
        notes.append(
            Message(
                f"{n_single} rows alone in their fixed-effect group left out "
                "(a singleton has no within-group variation)",
                f"{n_single} baris yang sendirian dalam kelompok efek tetapnya tidak "
                "diikutkan (tanpa variasi di dalam kelompok)",
            )
        )
    rows = np.flatnonzero(use)
    _check_rows_left(
        formula, use, rows, n_single=n_single, n_dropped=n_dropped, fixed_effects=fixed_effects
    )

    # pass 2: the regressor matrix on the rows used
    intercept = f.intercept and not fe_raw
    X, names, ref_levels = _regressor_matrix(
        f, facs, rows, formula, intercept=intercept, absorbed=bool(fe_raw)
    )
    return Design(
        y=facs.y[rows],
        X=X,
        names=names,
        intercept=intercept,
        y_name=f.lhs.text,
        rows=rows,
        n_dropped=n_dropped,
        n_excluded=n_excluded,
        reference_levels=ref_levels,
        clusters=None if cl_codes is None else cluster_codes(cl_codes[rows])[0],
        fe_codes=[cluster_codes(c[rows])[0] for c in fe_raw],
        notes=notes,
    )


@dataclass
class _Factors:
    """Pass 1 of :func:`build_design`: the outcome, every numeric factor as an array and every
    categorical one as codes, which rows have them all, and rows where a transformation is
    undefined (by factor text)."""

    y: np.ndarray
    ok: np.ndarray
    values: dict[str, np.ndarray]
    # text -> (codes, levels, reference level given, column)
    cats: dict[str, tuple[np.ndarray, np.ndarray, str | None, str]]
    undefined: dict[str, int]


def _read_factors(f: _Formula, cols: _Columns, in_sample: np.ndarray) -> _Factors:
    """Evaluate the outcome and every factor of ``f`` once, noting missing values."""
    formula = cols.formula
    y = _numeric_factor(f.lhs, cols, formula)
    ok = np.isfinite(y)
    undefined: dict[str, int] = {}
    _count_undefined(f.lhs, y, cols, in_sample, undefined)
    values: dict[str, np.ndarray] = {}
    cats: dict[str, tuple[np.ndarray, np.ndarray, str | None, str]] = {}
    for term in f.terms:
        for fac in term:
            if fac.text in values or fac.text in cats:
                continue
            if fac.categorical or (fac.column is not None and not cols.is_numeric(fac.column)):
                col = str(fac.column)
                cols.check(col)
                codes, levels = pd.factorize(cols.data[col], sort=True)
                cats[fac.text] = (codes, np.asarray([str(v) for v in levels]), fac.ref, col)
                ok &= codes >= 0
            else:
                v = _numeric_factor(fac, cols, formula)
                _count_undefined(fac, v, cols, in_sample, undefined)
                values[fac.text] = v
                ok &= np.isfinite(v)
    return _Factors(y, ok, values, cats, undefined)


def _group_codes(cols: _Columns, col: str) -> np.ndarray:
    """Codes of a cluster or fixed-effect column (-1 where missing)."""
    cols.check(col)
    codes, _ = pd.factorize(cols.data[col])
    return codes


def _undefined_note(text: str, k: int) -> Message:
    return Message(
        f"{text}: {k} rows with an undefined value (e.g. log of a value <= 0) left out",
        f"{text}: {k} baris dengan nilai tak terdefinisi (mis. log dari nilai <= 0) "
        "tidak diikutkan",
    )


def _drop_singletons(use: np.ndarray, fe_raw: list[np.ndarray]) -> tuple[np.ndarray, int]:
    """``use`` without the rows alone in a fixed-effect group, and how many they were.

    A group of one row carries no within variation; dropping one can leave another alone,
    so this repeats until none is left.
    """
    n_single = 0
    if not fe_raw:
        return use, n_single
    while True:
        single = np.zeros(len(use), dtype=bool)
        for codes in fe_raw:
            cnt = np.bincount(codes[use], minlength=codes.max() + 1)
            single |= use & (cnt[np.maximum(codes, 0)] == 1)
        k = int(single.sum())
        if k == 0:
            return use, n_single
        n_single += k
        use = use & ~single


def _check_rows_left(
    formula: str,
    use: np.ndarray,
    rows: np.ndarray,
    *,
    n_single: int,
    n_dropped: int,
    fixed_effects: Sequence[str],
) -> None:
    """Refuse a design without rows, saying why (singletons, no data, missing values)."""
    if len(rows) == 0 and n_single:
        raise _formula_error(
            formula,
            f"every row is alone in its group of {', '.join(fixed_effects)}; a fixed effect "
            "needs groups of two or more rows",
            f"setiap baris sendirian dalam kelompok {', '.join(fixed_effects)}; efek tetap "
            "memerlukan kelompok berisi dua baris atau lebih",
            "no_rows",
        )
    if len(use) == 0:
        raise _formula_error(
            formula,
            "the data has no rows to model",
            "data tidak memiliki baris untuk dimodelkan",
            "no_rows",
        )
    if len(rows) == 0:
        raise _formula_error(
            formula,
            f"no row has every value the model needs ({n_dropped} rows dropped for missing values)",
            f"tidak ada baris yang lengkap untuk model ini ({n_dropped} baris dibuang karena "
            "nilai kosong)",
            "no_rows",
        )


def _regressor_matrix(
    f: _Formula,
    facs: _Factors,
    rows: np.ndarray,
    formula: str,
    *,
    intercept: bool,
    absorbed: bool,
) -> tuple[np.ndarray, list[str], dict[str, str]]:
    """Pass 2 of :func:`build_design`: the regressor matrix on ``rows``, its column names and
    the reference level of each categorical."""
    ref_levels: dict[str, str] = {}
    # without an intercept (or fixed effects) the first categorical keeps every level
    full_coding_done = f.intercept or absorbed
    columns: list[np.ndarray] = []
    names: list[str] = []
    if intercept:
        columns.append(np.ones(len(rows)))
        names.append("Intercept")
    for term in f.terms:
        cat_facs = [fac for fac in term if fac.text in facs.cats]
        num: np.ndarray | None = None
        num_names = []
        for fac in term:
            if fac.text in facs.values:
                v = facs.values[fac.text][rows]
                num = v if num is None else num * v
                num_names.append(fac.text)
        if len(cat_facs) > 1:
            raise _formula_error(
                formula,
                "an interaction of two categoricals is not supported; build the combined "
                "column first",
                "interaksi dua variabel kategori tidak didukung; buat kolom gabungannya dulu",
            )
        if not cat_facs:
            assert num is not None
            columns.append(num)
            names.append(":".join(fac.text for fac in term))
            continue
        codes_all, levels, ref, col = facs.cats[cat_facs[0].text]
        codes = codes_all[rows]
        counts = np.bincount(codes, minlength=len(levels))
        present = np.flatnonzero(counts)
        is_main = len(term) == 1
        ref = _reference_level(col, levels, counts, present, ref, is_main=is_main)
        drop_ref = full_coding_done or not is_main
        if is_main and not drop_ref:
            full_coding_done = True
        else:
            ref_levels[col] = ref
        for j in present:
            if drop_ref and levels[j] == ref:
                continue
            dummy = (codes == j).astype("float64")
            columns.append(dummy if num is None else dummy * num)
            label = f"{col}[{plain(levels[j])}]"  # a level quoted in a name is masked too
            names.append(":".join([label, *num_names]) if num_names else label)
    X = np.empty((len(rows), len(columns)), order="F")
    for j, c in enumerate(columns):
        X[:, j] = c
    return X, names, ref_levels


def _reference_level(
    col: str,
    levels: np.ndarray,
    counts: np.ndarray,
    present: np.ndarray,
    ref: str | None,
    *,
    is_main: bool,
) -> str:
    """The level a categorical is compared with: the one given, else the most common.

    Raises for a main effect without variance and a given level that is not in the rows used.
    """
    if is_main and len(present) < 2:
        raise DataError(
            Message(
                f"regressor {col!r} has no variance: every row used has the value "
                f"'{plain(levels[present[0]])}'",
                f"regresor {col!r} tidak bervariasi: semua baris bernilai "
                f"'{plain(levels[present[0]])}'",
            ),
            "no_variance",
        )
    if ref is not None and ref not in set(levels[present]):
        raise DataError(
            Message(
                f"reference level '{plain(ref)}' of {col!r} is not among its values "
                f"{plain_list(levels[present])}",
                f"level referensi '{plain(ref)}' untuk {col!r} tidak ada di antara nilainya "
                f"{plain_list(levels[present])}",
            ),
            "reference",
        )
    if ref is None:
        # the most common level: every other level is compared with a well-measured one
        ref = str(levels[present[np.argmax(counts[present])]])
    return ref


def _numeric_factor(fac: _Factor, cols: _Columns, formula: str) -> np.ndarray:
    for name in _names_in(fac.node):
        cols.check(cols.names.get(name, name))
    with np.errstate(all="ignore"):
        v = cols.evaluate(fac.node)
    arr = np.asarray(v, dtype="float64")
    if arr.ndim == 0:
        raise _formula_error(
            formula,
            f"{fac.text!r} is a constant, not a column",
            f"{fac.text!r} adalah konstanta, bukan kolom",
        )
    return arr


def _count_undefined(
    fac: _Factor, v: np.ndarray, cols: _Columns, sample: np.ndarray, out: dict[str, int]
) -> None:
    """Rows where the inputs of a transformation are present but its value is not."""
    if isinstance(fac.node, ast.Name):
        return
    raw_ok = np.ones(len(v), dtype=bool)
    for name in _names_in(fac.node):
        raw_ok &= np.isfinite(cols.numeric(cols.names.get(name, name)))
    k = int((sample & raw_ok & ~np.isfinite(v)).sum())
    if k:
        out[fac.text] = k


# ----------------------------------------------------------------------------- fitting


def _coefficient_table(d: Design, f: OlsFit) -> pd.DataFrame:
    """``coefficients`` of a :class:`ModelResult`: estimates, inference and standardised
    estimates (missing for the intercept)."""
    est = f.params
    se_v = f.bse
    q = t_crit(f.df_inference, CI_LEVEL)
    sd_y = float(d.y.std(ddof=1))
    sd_x = d.X.std(axis=0, ddof=1)
    std = est * sd_x / sd_y
    if d.intercept:
        std[0] = np.nan
    return pd.DataFrame(
        {
            "term": d.names,
            "estimate": est,
            "se": se_v,
            "t": f.tvalues,
            "p": f.pvalues,
            "ci_low": est - q * se_v,
            "ci_high": est + q * se_v,
            "std_estimate": std,
        }
    )


def _overall_f(f: OlsFit, slopes: list[int]) -> tuple[float | None, float | None, Message | None]:
    """F test of every slope and its p-value, or a note saying why there is none.

    It is the Wald test with the model's covariance (with classical standard errors the
    usual (ESS / k) / s^2).
    """
    if not slopes:
        return None, None, None
    try:
        wt = wald_test(f, slopes)
    except ValueError:
        few = f.n_clusters is not None and len(slopes) > max_cluster_restrictions(f.n_clusters)
        if few:
            return (
                None,
                None,
                Message(
                    f"no overall F test: {len(slopes)} slopes cannot be tested jointly with "
                    f"{f.n_clusters} clusters (fewer than clusters - 1 are needed)",
                    f"uji F keseluruhan tidak tersedia: {len(slopes)} koefisien tidak dapat "
                    f"diuji bersama dengan {f.n_clusters} klaster (perlu kurang dari "
                    "klaster - 1)",
                ),
            )
        return (
            None,
            None,
            Message(
                "no overall F test: the covariance of the slopes is singular",
                "uji F keseluruhan tidak tersedia: kovarians koefisien singular",
            ),
        )
    return wt.f_stat, wt.p_value, None


def _residual_summary(e: np.ndarray) -> ResidualSummary:
    q1, med, q3 = np.percentile(e, [25, 50, 75])
    return ResidualSummary(
        float(e.min()), float(q1), float(med), float(q3), float(e.max()), float(e.std(ddof=1))
    )


def _sample_warnings(f: OlsFit, d: Design) -> list[Message]:
    """Warnings about the rows behind a fit: few clusters, rows dropped for missing values."""
    warns = []
    if f.n_clusters is not None and f.n_clusters < FEW_CLUSTERS:
        warns.append(
            Message(
                f"only {f.n_clusters} clusters: cluster-robust standard errors can be too "
                f"small with fewer than {FEW_CLUSTERS}; read p-values with care",
                f"hanya {f.n_clusters} klaster: galat baku terklaster bisa terlalu kecil bila "
                f"kurang dari {FEW_CLUSTERS}; baca nilai p dengan hati-hati",
            )
        )
    if d.n_dropped:
        warns.append(
            Message(
                f"{d.n_dropped} rows dropped for missing values",
                f"{d.n_dropped} baris dibuang karena nilai kosong",
            )
        )
    return warns


def estimate(
    data: pd.DataFrame,
    formula: str,
    *,
    name: str,
    se: SeType = "HC3",
    cluster: str | None = None,
    fixed_effects: Sequence[str] = (),
    sample: np.ndarray | None = None,
    notes: Sequence[Message] = (),
) -> ModelResult:
    """Build the design, fit it and assemble a :class:`ModelResult` (see ``drivers``)."""
    if se == "cluster" and cluster is None:
        raise ValueError("se='cluster' needs a cluster column")
    d = build_design(
        data,
        formula,
        sample=sample,
        cluster=cluster if se == "cluster" else None,
        fixed_effects=fixed_effects,
    )
    f = fit_ols(
        d.y,
        d.X,
        se_type=_CORE_SE[se],  # type: ignore[arg-type]
        clusters=d.clusters,
        fe_codes=d.fe_codes,
        names=d.names,
        hc3_fallback=True,
        check_outcome=True,
    )
    fit_notes = list(f.notes)
    se_code = _FROM_CORE[f.se_type]
    n = len(d.y)
    coefs = _coefficient_table(d, f)
    slopes = [j for j in range(len(d.names)) if not (d.intercept and j == 0)]
    vif_table = pd.DataFrame({"term": [d.names[j] for j in slopes], "vif": vif(f)})
    fvalue, f_p, f_note = _overall_f(f, slopes)
    if f_note is not None:
        fit_notes.append(f_note)
    r2 = 1.0 - f.ssr / f.tss
    adj = 1.0 - (1.0 - r2) * (n - 1) / f.df_resid
    r2_within = None if f.tss_within is None else 1.0 - f.ssr / f.tss_within
    e = f.resid
    warns = [*notes, *d.notes, *fit_notes, *_sample_warnings(f, d)]
    return ModelResult(
        name=name,
        formula=formula,
        outcome=d.y_name,
        nobs=n,
        n_dropped=d.n_dropped,
        n_excluded=d.n_excluded,
        df_model=len(slopes),
        df_resid=f.df_resid,
        df_inference=f.df_inference,
        r2=float(r2),
        adj_r2=float(adj),
        r2_within=r2_within,
        rmse=float(np.sqrt(f.ssr / f.df_resid)),
        fvalue=fvalue,
        f_pvalue=f_p,
        se_type=_se_label(se_code, cluster).en,
        se_code=se_code,
        cluster=cluster if se_code == "cluster" else None,
        n_clusters=f.n_clusters,
        fixed_effects=tuple(fixed_effects),
        reference_levels=d.reference_levels,
        coefficients=coefs,
        vif=vif_table,
        heteroskedasticity=breusch_pagan(f),
        residuals=_residual_summary(e),
        warnings=tuple(warns),
        resid=e,
        fitted=d.y - e,
    )
