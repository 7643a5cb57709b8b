"""The engine's layers, read from the imports of every module below ``analysis/``.

``ingest`` turns bytes into a checked frame and must not know the statistics or the report;
``methods`` computes and must not know how results are written or which command asked; and
nothing in the engine may know the dashboard. The rules are checked on the source (``ast``),
so a lazy import inside a function counts as much as one at the top.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ENGINE = ROOT / "analysis"


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _imports(path: Path) -> set[str]:
    """Every module a file imports, absolute, relative ones resolved against its package."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    inside = path.is_relative_to(ROOT)
    package = (
        "" if not inside else _module_name(path if path.name == "__init__.py" else path.parent)
    )
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                found.add(".".join([*base, node.module] if node.module else base))
            else:
                found.add(node.module or "")
        elif isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "import_module":
            arg = node.args[0] if node.args else None
            if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                found.add(arg.value)
    return found


def _files(package: str) -> list[Path]:
    return sorted((ENGINE / package).rglob("*.py"))


def _offenders(files: list[Path], forbidden: tuple[str, ...]) -> list[str]:
    return [
        f"{f.relative_to(ROOT)} imports {name}"
        for f in files
        for name in sorted(_imports(f))
        if any(name == bad or name.startswith(bad + ".") for bad in forbidden)
    ]


@pytest.mark.parametrize(
    ("package", "forbidden"),
    [
        # reading a file never depends on the statistics or on how results are written
        ("ingest", ("analysis.methods", "analysis.outputs", "analysis.cli")),
        # the statistics never depend on the report, the exports or the command line
        ("methods", ("analysis.outputs", "analysis.cli")),
        # the report may use ingest and methods, never the command line that calls it
        ("outputs", ("analysis.cli",)),
    ],
)
def test_a_layer_never_imports_the_layers_above_it(package: str, forbidden: tuple[str, ...]):
    assert _offenders(_files(package), forbidden) == []


def test_nothing_in_the_engine_imports_streamlit_or_the_dashboard():
    files = sorted(ENGINE.rglob("*.py"))
    assert _offenders(files, ("streamlit", "ui", "pages")) == []


@pytest.mark.parametrize("base", ["schema.py", "messages.py"])
def test_the_base_modules_import_nothing_of_the_engine_above_them(base: str):
    upper = ("analysis.ingest", "analysis.methods", "analysis.outputs", "analysis.cli")
    assert _offenders([ENGINE / base], upper) == []


def test_the_demo_generator_uses_no_loader_statistics_or_report():
    upper = ("analysis.ingest", "analysis.methods", "analysis.outputs", "analysis.cli")
    assert _offenders(sorted((ENGINE / "demo").rglob("*.py")), upper) == []


def test_every_public_name_lives_in_a_module_that_exists():
    import importlib

    import analysis

    for name, module in analysis._EXPORTS.items():
        assert hasattr(importlib.import_module(f"analysis.{module}"), name), (name, module)


def test_the_reader_of_imports_sees_a_forbidden_import_inside_a_function(tmp_path: Path):
    # the checker itself: a lazy import in a function body is found like a top-level one
    f = ENGINE / "outputs" / "__init__.py"
    assert "analysis.outputs.report" not in _imports(f)
    g = tmp_path / "m.py"
    g.write_text("def g():\n    from analysis.outputs.report import build_report\n")
    assert "analysis.outputs.report" in _imports(g)
