"""Per-PC preferences (language, window layout, the database last opened) in an INI file.

Kept in the data folder rather than the registry, so a portable install carries them and tests
isolate them with `SOVANG_DATA_DIR`.
"""

from __future__ import annotations

from PySide6.QtCore import QSettings

from desktop.i18n import DEFAULT_LANGUAGE, LANGUAGES
from desktop.paths import user_data_dir


def preferences() -> QSettings:
    folder = user_data_dir()
    folder.mkdir(parents=True, exist_ok=True)
    return QSettings(str(folder / "sovang.ini"), QSettings.Format.IniFormat)


def saved_language() -> str:
    value = str(preferences().value("language", DEFAULT_LANGUAGE))
    return value if value in LANGUAGES else DEFAULT_LANGUAGE


def save_language(lang: str) -> None:
    settings = preferences()
    settings.setValue("language", lang)
    settings.sync()
