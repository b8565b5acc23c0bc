"""Every path the app uses, from one place.

Knows the source tree from a frozen (PyInstaller) bundle, and normal from portable mode, so no
other module guesses where resources or user data live.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

APP_DIR_NAME = "SoVang"
PORTABLE_MARKER = "sovang-portable.txt"
DATA_DIR_ENV = "SOVANG_DATA_DIR"


def _install_dir() -> Path:
    if getattr(sys, "frozen", False):
        return Path(sys.executable).resolve().parent
    return Path(__file__).resolve().parent.parent


def resources_dir() -> Path:
    """The `resources/` folder: beside the package in a source tree, inside the frozen bundle."""
    bundle = getattr(sys, "_MEIPASS", None)
    base = Path(bundle) if bundle else _install_dir()
    return base / "resources"


def resource(*parts: str) -> Path:
    return resources_dir().joinpath(*parts)


def is_portable() -> bool:
    """Portable mode: a marker file beside the program keeps the data on the same stick."""
    return (_install_dir() / PORTABLE_MARKER).exists()


def user_data_dir() -> Path:
    """Where databases, backups and logs live; `SOVANG_DATA_DIR` overrides (tests, support)."""
    override = os.environ.get(DATA_DIR_ENV)
    if override:
        path = Path(override)
    elif is_portable():
        path = _install_dir() / "data"
    elif sys.platform == "win32":
        path = Path(os.environ.get("LOCALAPPDATA", Path.home() / "AppData" / "Local")) / APP_DIR_NAME
    else:
        base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
        path = Path(base) / APP_DIR_NAME.lower()
    path.mkdir(parents=True, exist_ok=True)
    return path


def default_db_path() -> Path:
    return user_data_dir() / "sovang.sqlite"


def backups_dir_for(db_path: Path) -> Path:
    """Backups sit in a `backups/` folder beside the database they protect."""
    folder = db_path.resolve().parent / "backups"
    folder.mkdir(parents=True, exist_ok=True)
    return folder
