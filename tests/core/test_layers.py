"""Imports run one way through the layers, and no modules import each other (design.md §2).

models < db < changes < rules < services < {reports, sync, demo} < ui < selftest < cli < __main__, with
the small base modules (codes, errors, i18n, text, …) beneath them all. The check reads the source
with `ast`, so it also sees imports inside functions, which run as surely as those at the top.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

DESKTOP_LAYERS = {
    "models": 1,
    "db": 2,
    "changes": 3,
    "rules": 4,
    "services": 5,
    "reports": 6,
    "sync": 6,
    "demo": 6,
    "ui": 7,
    "selftest": 8,
    "cli": 9,
    "__main__": 10,
}
"""Rank of each part of `desktop`; any module not named is a base module (rank 0). Parts of one
rank are peers and do not import each other."""


@dataclass(frozen=True)
class Import:
    source: str
    target: str
    line: int
    typing_only: bool


def modules(package_dir: Path) -> dict[str, Path]:
    """Every module of the package at `package_dir`, by dotted name (a package by its own name)."""
    found = {}
    for path in package_dir.rglob("*.py"):
        parts = list(path.relative_to(package_dir.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


def _under_type_checking(tree: ast.Module) -> set[int]:
    """Ids of the import nodes inside `if TYPE_CHECKING:` blocks: they name types and run nothing."""
    inside = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and ast.unparse(node.test).endswith("TYPE_CHECKING"):
            for statement in node.body:
                inside.update(id(child) for child in ast.walk(statement))
    return inside


def imports(package_dir: Path) -> list[Import]:
    """The imports between the package's own modules. `from p import m` counts as importing the
    module p.m when there is one, else the package p."""
    known = modules(package_dir)
    found = []
    for name, path in known.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        typing_only = _under_type_checking(tree)
        is_package = path.name == "__init__.py"
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    anchor = name.split(".")[: len(name.split(".")) - node.level + is_package]
                    base = ".".join([*anchor, base] if base else anchor)
                named = (f"{base}.{alias.name}" for alias in node.names)
                targets = [module if module in known else base for module in named]
            else:
                continue
            for target in dict.fromkeys(targets):
                if target in known and target != name:
                    found.append(Import(name, target, node.lineno, id(node) in typing_only))
    return found


def rank(module: str, layers: dict[str, int]) -> tuple[str, int]:
    part = module.split(".")[1] if "." in module else ""
    return (part, layers[part]) if part in layers else ("base", 0)


def backward(found: list[Import], layers: dict[str, int]) -> list[str]:
    """Each import of a higher layer, or of a peer of the same rank, as 'a -> b (line n)'."""
    problems = []
    for item in found:
        source_part, source_rank = rank(item.source, layers)
        target_part, target_rank = rank(item.target, layers)
        peer = source_rank == target_rank and source_part != target_part and source_rank > 0
        if target_rank > source_rank or peer:
            problems.append(f"{item.source} -> {item.target} (line {item.line})")
    return sorted(problems)


def circles(found: list[Import]) -> list[list[str]]:
    """The groups of modules that import each other at run time, directly or around a circle."""
    graph: dict[str, set[str]] = {}
    for item in found:
        if not item.typing_only:
            graph.setdefault(item.source, set()).add(item.target)
    order: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    groups = []

    def visit(module: str) -> None:  # Tarjan's strongly connected components
        order[module] = low[module] = len(order)
        stack.append(module)
        for other in graph.get(module, ()):
            if other not in order:
                visit(other)
                low[module] = min(low[module], low[other])
            elif other in stack:
                low[module] = min(low[module], order[other])
        if low[module] == order[module]:
            group = []
            while not group or group[-1] != module:
                group.append(stack.pop())
            if len(group) > 1:
                groups.append(sorted(group))

    for module in list(graph):
        if module not in order:
            visit(module)
    return sorted(groups)


def test_the_desktop_package_imports_one_way_without_circles() -> None:
    found = imports(ROOT / "desktop")
    assert len(found) > 500  # the walk really read the tree
    assert backward(found, DESKTOP_LAYERS) == []
    assert circles(found) == []


def _package(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / "app" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root / "app"


SYNTHETIC_LAYERS = {"models": 1, "db": 2, "services": 3, "sync": 4, "reports": 4}


def test_a_backward_import_and_a_circle_are_found_in_a_small_package(tmp_path: Path) -> None:
    package = _package(
        tmp_path,
        {
            "__init__.py": "",
            "codes.py": "",
            "models/__init__.py": "from app import codes\n",
            "db/__init__.py": "",
            "db/engine.py": "from app.models import codes\n",
            "db/session.py": "def open():\n    from app.services import people\n",
            "services/__init__.py": "",
            "services/people.py": "from app.db import engine\nfrom . import cards\n",
            "services/cards.py": "from app.services.people import x\n",
            "sync/__init__.py": (
                "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from app.reports import pdf\n"
            ),
            "reports/__init__.py": "",
            "reports/pdf.py": "from app import sync\n",
        },
    )
    found = imports(package)
    assert backward(found, SYNTHETIC_LAYERS) == [
        "app.db.session -> app.services.people (line 2)",  # inside a function, still backward
        "app.reports.pdf -> app.sync (line 1)",  # peers
        "app.sync -> app.reports.pdf (line 3)",  # a type-only import still points the wrong way
    ]
    assert circles(found) == [["app.services.cards", "app.services.people"]]


def test_the_same_package_laid_one_way_passes(tmp_path: Path) -> None:
    package = _package(
        tmp_path,
        {
            "__init__.py": "",
            "models/__init__.py": "",
            "db/__init__.py": "from app.db.engine import make\n",
            "db/engine.py": "from app import models\nmake = 1\n",
            "services/__init__.py": "",
            "services/people.py": "from app.db import make\nfrom app.db import engine\n",
            "sync/__init__.py": "from ..services import people\n",
        },
    )
    found = imports(package)
    assert {(item.source, item.target) for item in found} == {
        ("app.db", "app.db.engine"),
        ("app.db.engine", "app.models"),
        ("app.services.people", "app.db"),
        ("app.services.people", "app.db.engine"),
        ("app.sync", "app.services.people"),
    }
    assert backward(found, SYNTHETIC_LAYERS) == []
    assert circles(found) == []
