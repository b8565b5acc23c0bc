"""Everything outside desktop/ui imports and works with PySide6 unavailable (design.md §2)."""

import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_the_core_imports_without_pyside6():
    script = textwrap.dedent(
        """
        import importlib, pkgutil, sys

        class BlockQt:
            def find_spec(self, name, path=None, target=None):
                if name == "PySide6" or name.startswith("PySide6."):
                    raise ImportError("PySide6 is blocked for this test")
                return None

        sys.meta_path.insert(0, BlockQt())
        import desktop
        imported = []
        for module in pkgutil.walk_packages(desktop.__path__, "desktop."):
            if module.name.startswith("desktop.ui") or module.name == "desktop.__main__" \
                    or ".migrations" in module.name:
                continue
            importlib.import_module(module.name)
            imported.append(module.name)
        assert not any(name.startswith("PySide6") for name in sys.modules)
        assert {"desktop.rules.engine", "desktop.services.eligibility"} <= set(imported)
        from desktop.cli import main
        assert main(["search", "--db", sys.argv[1], "x"]) == 2
        print(len(imported))
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", script, str(ROOT / "absent.sqlite")], capture_output=True, text=True, cwd=ROOT
    )
    assert result.returncode == 0, result.stderr
    assert int(result.stdout.strip().splitlines()[-1]) >= 20
