"""The language of the whole window, Qt's own buttons and menus included.

Qt ships no Vietnamese catalog, so a translator answers Qt's standard strings (OK, Cancel, Next,
the text-field menu …) from our own catalog; every other string already passes through `_()`.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLocale, QTranslator

from desktop.i18n import N_, _, set_language

QT_STRINGS = {
    ("QPlatformTheme", "OK"): N_("OK"),
    ("QPlatformTheme", "Cancel"): N_("Cancel"),
    ("QPlatformTheme", "Close"): N_("Close"),
    ("QPlatformTheme", "Save"): N_("Save"),
    ("QPlatformTheme", "&Yes"): N_("Yes"),
    ("QPlatformTheme", "&No"): N_("No"),
    ("QPlatformTheme", "Apply"): N_("Apply"),
    ("QPlatformTheme", "Help"): N_("Help"),
    ("QPlatformTheme", "Discard"): N_("Discard"),
    ("QPlatformTheme", "Open"): N_("Open"),
    ("QMessageBox", "Show Details..."): N_("Show details…"),
    ("QMessageBox", "Hide Details..."): N_("Hide details…"),
    ("QWizard", "&Next"): N_("&Next"),
    ("QWizard", "&Next >"): N_("&Next >"),
    ("QWizard", "< &Back"): N_("< &Back"),
    ("QWizard", "&Finish"): N_("&Finish"),
    ("QWizard", "Cancel"): N_("Cancel"),
    ("QWizard", "Go Back"): N_("Go back"),
    ("QWizard", "Continue"): N_("Continue"),
    ("QWizard", "Commit"): N_("Commit"),
    ("QWizard", "Done"): N_("Done"),
    ("QLineEdit", "&Undo"): N_("&Undo"),
    ("QLineEdit", "&Redo"): N_("&Redo"),
    ("QLineEdit", "Cu&t"): N_("Cu&t"),
    ("QLineEdit", "&Copy"): N_("&Copy"),
    ("QLineEdit", "&Paste"): N_("&Paste"),
    ("QLineEdit", "Delete"): N_("Delete"),
    ("QLineEdit", "Select All"): N_("Select all"),
    ("QWidgetTextControl", "&Undo"): N_("&Undo"),
    ("QWidgetTextControl", "&Redo"): N_("&Redo"),
    ("QWidgetTextControl", "Cu&t"): N_("Cu&t"),
    ("QWidgetTextControl", "&Copy"): N_("&Copy"),
    ("QWidgetTextControl", "&Paste"): N_("&Paste"),
    ("QWidgetTextControl", "Delete"): N_("Delete"),
    ("QWidgetTextControl", "Select All"): N_("Select all"),
    ("QFileDialog", "Look in:"): N_("Look in:"),
    ("QFileDialog", "File &name:"): N_("File &name:"),
    ("QFileDialog", "Directory:"): N_("Folder:"),
    ("QFileDialog", "&Choose"): N_("&Choose"),
    ("QFileDialog", "&Open"): N_("&Open"),
    ("QFileDialog", "&Save"): N_("&Save"),
    ("QFileDialog", "Files of type:"): N_("Files of type:"),
    ("QFileDialog", "Create New Folder"): N_("Create new folder"),
    ("QFileDialog", "Back"): N_("Back"),
    ("QFileDialog", "Forward"): N_("Forward"),
    ("QFileDialog", "Parent Directory"): N_("Parent folder"),
}


class CatalogTranslator(QTranslator):
    """Answers Qt's own strings from the Sổ Vàng catalog."""

    def translate(self, context: str, source: str, disambiguation: str | None = None, n: int = -1) -> str:
        message = QT_STRINGS.get((context, source))
        return _(message) if message else ""

    def isEmpty(self) -> bool:  # noqa: N802 - Qt's name
        return False


_translator: CatalogTranslator | None = None


def apply_language(lang: str) -> None:
    """Switch `_()`, Qt's standard strings and number/date locale to `lang`."""
    global _translator
    set_language(lang)
    QLocale.setDefault(QLocale(QLocale.Language.Vietnamese if lang == "vi" else QLocale.Language.English))
    app = QCoreApplication.instance()
    if app is None:
        return
    if _translator is None:
        _translator = CatalogTranslator()
    else:
        app.removeTranslator(_translator)
    app.installTranslator(_translator)
