"""The shape of the package: layers that import one way, short functions and modules, one
table partial, and commands that import only what they need."""
from __future__ import annotations

import ast
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "ssigen"
TEMPLATES = ROOT / "templates"

# Each part may import only parts of a lower layer (or its own). Data flows
# load → model → scoring → analysis → views → render → write; the pipeline orchestrates;
# sources (what `ssigen import` reads) use the loader's schema; the commands sit on top.
# The first layers are shared plumbing every part may use (the cache folder below the
# rest); charts are the Vega-Lite specs views attach to their pages. chart_specs, which writes those specs with Altair, is an
# entry point, like __main__: no part imports it, so no build loads Altair.
LAYERS = (
    {"cache"},
    {"errors", "formats", "i18n", "links", "csvsafe", "budget", "version", "install_source",
     "heap"},
    {"model"},
    {"load"},
    {"privacy"},
    {"scoring"},
    {"analysis"},
    {"charts"},
    {"views"},
    {"render"},
    {"site"},
    {"pipeline"},
    {"sources"},
    {"serve", "starter"},
    {"cli"},
    {"__main__", "chart_specs"},
)
RANK = {part: rank for rank, parts in enumerate(LAYERS) for part in parts}
MAX_FUNCTION_LINES = 60
MAX_MODULE_LINES = 400
MAX_TABLE_TAGS = 3


def modules() -> dict[str, Path]:
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(ROOT).with_suffix("").parts
        found[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return found


def part_of(module: str) -> str:
    return module.split(".")[1] if "." in module else ""


def imported(module: str, path: Path) -> set[str]:
    """The ssigen modules `module` imports, wherever the import statement is."""
    package = module.split(".") if path.name == "__init__.py" else module.split(".")[:-1]
    targets = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets |= {a.name for a in node.names if a.name.split(".")[0] == "ssigen"}
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[:len(package) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if target.split(".")[0] == "ssigen":
                targets.add(target)
                targets |= {f"{target}.{a.name}" for a in node.names}
    return targets & set(modules())


def part_graph() -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {}
    for module, path in modules().items():
        source = part_of(module)
        if not source:
            continue  # the package's face re-exports, lazily
        for target in imported(module, path):
            if part_of(target) and part_of(target) != source:
                graph.setdefault(source, set()).add(part_of(target))
    return graph


def test_every_part_has_a_layer():
    assert {part_of(m) for m in modules()} - {""} <= set(RANK)


def test_parts_import_only_lower_layers():
    upward = sorted(f"{source} imports {target}" for source, targets in part_graph().items()
                    for target in targets if RANK[target] >= RANK[source])
    assert upward == []


def test_no_import_cycle_between_modules():
    graph = {m: imported(m, p) - {m} for m, p in modules().items() if m != "ssigen"}
    state: dict[str, int] = {}
    cycles = []

    def visit(node, trail):
        state[node] = 1
        for nxt in sorted(graph.get(nxt_ := node, ())):
            if state.get(nxt) == 1:
                cycles.append(" → ".join(trail[trail.index(nxt):] + [nxt]) if nxt in trail
                              else f"{nxt_} → {nxt}")
            elif nxt not in state and nxt in graph:
                visit(nxt, trail + [nxt])
        state[node] = 2

    for module in sorted(graph):
        if module not in state:
            visit(module, [module])
    # A package's __init__ importing its own submodules is not a cycle of parts.
    cycles = [c for c in cycles if not all(
        part.startswith(c.split(" → ")[0].rsplit(".", 1)[0]) for part in c.split(" → "))]
    assert cycles == []


def test_functions_are_short():
    long = []
    for module, path in modules().items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                lines = node.end_lineno - node.lineno + 1
                if lines > MAX_FUNCTION_LINES:
                    long.append(f"{module}.{node.name}: {lines} lines")
    assert long == []


def test_modules_are_short():
    long = [f"{m}: {n} lines" for m, p in modules().items()
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_MODULE_LINES]
    assert long == []


def test_one_table_partial_renders_the_tables():
    tags = {p.relative_to(TEMPLATES).as_posix(): len(re.findall(r"<table\b", p.read_text()))
            for p in TEMPLATES.rglob("*.html")}
    assert sum(tags.values()) <= MAX_TABLE_TAGS, {k: v for k, v in tags.items() if v}


def test_check_imports_no_chart_or_statistics_library(tmp_path):
    done = subprocess.run([sys.executable, "-X", "importtime", "-m", "ssigen", "check",
                           str(ROOT / "content")], capture_output=True, text=True, cwd=tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    loaded = {line.split("|")[-1].strip() for line in done.stderr.splitlines()
              if line.startswith("import time:")}
    assert loaded, "python -X importtime printed nothing"
    heavy = sorted(m for m in loaded if m.split(".")[0] in {"altair", "vl_convert", "scipy"})
    assert heavy == []


def test_a_build_with_its_assets_cached_imports_neither_altair_nor_vl_convert(tmp_path):
    """The chart specs are data, and the Vega bundle and chart locale come from the disk
    cache (filled by the first process, which has to import vl-convert to make them)."""
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")}
    fill = ("import sys; from ssigen.site.assets import site_assets; site_assets(None); "
            "print('vl_convert' in sys.modules)")
    build = (f"import sys, ssigen; ssigen.build({str(ROOT / 'content')!r}, "
             f"{str(tmp_path / 'site')!r}, pdf=False); "
             "print(sorted({m.split('.')[0] for m in sys.modules} & {'altair', 'vl_convert'}))")
    runs = [subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                           env=env, cwd=tmp_path) for code in (fill, build)]
    assert [(run.returncode, run.stdout.strip()) for run in runs] == [(0, "True"), (0, "[]")], (
        "".join(run.stderr for run in runs))


HEAVY = "{'altair', 'vl_convert', 'scipy'}"


def test_importing_the_package_loads_no_chart_or_statistics_library():
    code = f"import sys, ssigen; print(sorted(m for m in sys.modules if m.split('.')[0] in {HEAVY}))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert (done.returncode, done.stdout.strip()) == (0, "[]"), done.stderr


@pytest.mark.parametrize("name", ["build", "check", "score", "load", "BuildResult",
                                  "ContentErrors", "__version__"])
def test_the_face_gives_the_api_whatever_was_imported_first(name):
    code = f"import ssigen.load.readers, ssigen; print(type(ssigen.{name}).__name__)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() in {"function", "type", "str"}
