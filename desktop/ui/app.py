"""Start the application window: open the database, build the main window, run Qt."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from PySide6.QtCore import QLocale, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from desktop.db import Database
from desktop.errors import SoVangError
from desktop.i18n import _, language
from desktop.ui.main_window import MainWindow


def application() -> QApplication:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("Sổ Vàng")
    QLocale.setDefault(
        QLocale(QLocale.Language.Vietnamese if language() == "vi" else QLocale.Language.English)
    )
    return app  # type: ignore[return-value]


def run_app(db_path: Path, screenshot: Path | None = None) -> int:
    """Open the window on `db_path` (created when missing); with `screenshot`, save a PNG and exit."""
    if screenshot is not None:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    app = application()
    try:
        db = Database.open(db_path, create=True)
    except SoVangError as error:
        if screenshot is None:
            QMessageBox.critical(None, _("Sổ Vàng"), str(error))
        else:
            print(str(error), file=sys.stderr)
        return 2
    window = MainWindow(db)
    window.resize(1100, 700)
    window.show()
    if screenshot is not None:

        def capture() -> None:
            window.grab().save(str(screenshot))
            app.quit()

        QTimer.singleShot(300, capture)
    code = app.exec()
    db.close()
    return code
