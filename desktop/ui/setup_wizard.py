"""First run: language, role, home unit from the official list, the first administrator, demo data.

The wizard's texts are set in `retranslate()`, so picking a language on the first page changes
the whole wizard at once. The database is written only at the end, in one transaction, on the
worker; nothing is left half set up if it fails.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QRadioButton,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from desktop.codes import Role, UnitLevel, UserRole
from desktop.db import Database
from desktop.demo.builder import build_demo
from desktop.errors import ValidationError
from desktop.i18n import _, language
from desktop.labels import ROLE, label
from desktop.services.accounts import SignedInUser, authenticate, check_account
from desktop.services.reference import OfficialUnit, official_units
from desktop.services.setup import init_site
from desktop.text import search_tokens
from desktop.ui.error_dialog import error_text
from desktop.ui.preferences import save_language
from desktop.ui.qt_language import apply_language
from desktop.ui.tasks import TaskRunner
from desktop.ui.widgets import error_label

DEMO_PEOPLE = 300
MAX_UNITS_SHOWN = 200


class LanguagePage(QWizardPage):
    def __init__(self, wizard: SetupWizard) -> None:
        super().__init__()
        self.wizard_ = wizard
        layout = QVBoxLayout(self)
        self.vietnamese = QRadioButton("Tiếng Việt")
        self.english = QRadioButton("English")
        (self.vietnamese if language() == "vi" else self.english).setChecked(True)
        self.vietnamese.toggled.connect(lambda on: on and wizard.choose_language("vi"))
        self.english.toggled.connect(lambda on: on and wizard.choose_language("en"))
        layout.addWidget(self.vietnamese)
        layout.addWidget(self.english)
        layout.addStretch(1)

    def retranslate(self) -> None:
        self.setTitle(_("Welcome to Sổ Vàng"))
        self.setSubTitle(_("Choose the language of the application. You can change it later in Settings."))


class UnitPage(QWizardPage):
    """The role of this site and its home unit, found by typing part of its name."""

    def __init__(self) -> None:
        super().__init__()
        layout = QVBoxLayout(self)
        self.roles = QButtonGroup(self)
        self.role_buttons: dict[Role, QRadioButton] = {}
        for role in Role:
            button = QRadioButton()
            self.roles.addButton(button)
            self.role_buttons[role] = button
            layout.addWidget(button)
        self.role_buttons[Role.COMMUNE].setChecked(True)
        self.roles.buttonToggled.connect(lambda _button, on: on and self.load_units())
        self.search_label = QLabel()
        self.search = QLineEdit()
        self.search.setObjectName("unitSearch")
        self.search.textChanged.connect(self.filter_units)
        self.units_list = QListWidget()
        self.units_list.setObjectName("unitList")
        self.units_list.currentItemChanged.connect(lambda *_args: self.completeChanged.emit())
        self.district_label = QLabel()
        self.district = QLineEdit()
        self.district.textChanged.connect(lambda _text: self.completeChanged.emit())
        for widget in (self.search_label, self.search, self.units_list, self.district_label, self.district):
            layout.addWidget(widget)
        self.units: list[OfficialUnit] = []
        self.load_units()

    def retranslate(self) -> None:
        self.setTitle(_("This office"))
        self.setSubTitle(_("Which level does this office work at, and which unit is it?"))
        texts = {
            Role.COMMUNE: _("Commune or ward (UBND cấp xã)"),
            Role.DISTRICT: _("District office (former district level)"),
            Role.PROVINCE: _("Province (Ban or Sở Nội vụ)"),
        }
        for role, button in self.role_buttons.items():
            button.setText(texts[role])
        self.search_label.setText(_("Type part of the unit's name, with or without accents:"))
        self.search.setPlaceholderText(_("e.g. bao lam cao bang"))
        self.district_label.setText(_("Name of the district:"))

    def role(self) -> Role:
        return next(role for role, button in self.role_buttons.items() if button.isChecked())

    def load_units(self) -> None:
        level = UnitLevel.COMMUNE if self.role() is Role.COMMUNE else UnitLevel.PROVINCE
        self.units = official_units(level)
        self.district.setVisible(self.role() is Role.DISTRICT)
        self.district_label.setVisible(self.role() is Role.DISTRICT)
        self.filter_units(self.search.text())

    def filter_units(self, text: str) -> None:
        tokens = search_tokens(text)
        self.units_list.clear()
        shown = [unit for unit in self.units if all(token in unit.key for token in tokens)][:MAX_UNITS_SHOWN]
        for unit in shown:
            item = QListWidgetItem(
                f"{unit.name}, {unit.province} ({unit.code})" if unit.province else unit.name
            )
            item.setData(Qt.ItemDataRole.UserRole, unit.code)
            self.units_list.addItem(item)
        if len(shown) == 1:
            self.units_list.setCurrentRow(0)
        self.completeChanged.emit()

    def unit_code(self) -> str | None:
        item = self.units_list.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item else None

    def isComplete(self) -> bool:  # noqa: N802 - Qt's name
        if self.unit_code() is None:
            return False
        return self.role() is not Role.DISTRICT or bool(self.district.text().strip())


class AccountPage(QWizardPage):
    def __init__(self) -> None:
        super().__init__()
        layout = QFormLayout(self)
        self.username = QLineEdit("admin")
        self.username.setObjectName("adminUser")
        self.password = QLineEdit()
        self.password.setObjectName("adminPassword")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.confirm = QLineEdit()
        self.confirm.setObjectName("adminConfirm")
        self.confirm.setEchoMode(QLineEdit.EchoMode.Password)
        self.labels = [QLabel(), QLabel(), QLabel()]
        for text, widget in zip(self.labels, (self.username, self.password, self.confirm), strict=True):
            layout.addRow(text, widget)
        self.error = error_label("accountError")
        layout.addRow(self.error)

    def retranslate(self) -> None:
        self.setTitle(_("The first administrator"))
        self.setSubTitle(
            _("This account manages users and settings. Keep the password safe: nobody can recover it.")
        )
        for text_label, text in zip(
            self.labels,
            (_("User name"), _("Password (8 characters or more)"), _("Password again")),
            strict=True,
        ):
            text_label.setText(text)

    def validatePage(self) -> bool:  # noqa: N802 - Qt's name
        try:
            check_account(self.username.text(), self.password.text(), UserRole.ADMIN)
        except ValidationError as error:
            self.error.setText(error.message)
            return False
        if self.password.text() != self.confirm.text():
            self.error.setText(_("The two passwords differ."))
            return False
        self.error.clear()
        return True


class FinishPage(QWizardPage):
    def __init__(self) -> None:
        super().__init__()
        layout = QVBoxLayout(self)
        self.demo = QCheckBox()
        self.demo.setObjectName("demoData")
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.progress = QProgressBar()
        self.progress.setVisible(False)
        self.error = error_label("setupError")
        for widget in (self.summary, self.demo, self.progress, self.error):
            layout.addWidget(widget)
        layout.addStretch(1)
        self.done = False

    def retranslate(self) -> None:
        self.setTitle(_("Ready to set up"))
        self.demo.setText(
            _("Fill in demo data (a made-up commune with ten years of awards), to try the program")
        )

    def isComplete(self) -> bool:  # noqa: N802
        return not self.progress.isVisible()


class SetupWizard(QWizard):
    """Sets up `db_path`; `user` is the administrator signed in when it is accepted."""

    def __init__(self, db_path: Path, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("setupWizard")
        self.db_path = db_path
        self.runner = runner
        self.db: Database | None = None
        self.user: SignedInUser | None = None
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, False)
        self.language_page = LanguagePage(self)
        self.unit_page = UnitPage()
        self.account_page = AccountPage()
        self.finish_page = FinishPage()
        for page in (self.language_page, self.unit_page, self.account_page, self.finish_page):
            self.addPage(page)
        self.currentIdChanged.connect(self._page_changed)
        self.resize(720, 560)
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(_("Sổ Vàng — first start"))
        for page in (self.language_page, self.unit_page, self.account_page, self.finish_page):
            page.retranslate()
        self._page_changed(self.currentId())

    def choose_language(self, lang: str) -> None:
        apply_language(lang)
        save_language(lang)
        self.retranslate()

    def _page_changed(self, _page_id: int) -> None:
        if self.currentPage() is self.finish_page:
            unit = self.unit_page.units_list.currentItem()
            self.finish_page.summary.setText(
                _("Role: {role}\nUnit: {unit}\nAdministrator: {user}\nDatabase file: {path}").format(
                    role=label(ROLE, self.unit_page.role()),
                    unit=unit.text() if unit else "",
                    user=self.account_page.username.text().strip().lower(),
                    path=self.db_path,
                )
            )

    def accept(self) -> None:
        """Finish: set up the database on the worker, then close signed in as the administrator."""
        if self.finish_page.done:
            super().accept()
            return
        page = self.finish_page
        page.error.clear()
        page.progress.setRange(0, 0)
        page.progress.setVisible(True)
        page.completeChanged.emit()
        role, code = self.unit_page.role(), self.unit_page.unit_code() or ""
        district = self.unit_page.district.text() if role is Role.DISTRICT else None
        username, password = self.account_page.username.text(), self.account_page.password.text()
        demo = page.demo.isChecked()
        path = self.db_path

        def set_up(task) -> tuple[Database, SignedInUser]:  # type: ignore[no-untyped-def]
            db = Database.open(path, create=True)
            try:
                init_site(db, role.value, code, username, password, district)
                user = authenticate(db, username, password)
                if demo:
                    task.check()
                    build_demo(db, user.username, seed=1, persons=DEMO_PEOPLE)
                return db, user
            except BaseException:
                db.close()
                raise

        self.runner.submit(_("Setting up the database"), set_up, self._set_up_done, self._set_up_failed)

    def _set_up_done(self, result: tuple[Database, SignedInUser]) -> None:
        self.db, self.user = result
        self.finish_page.done = True
        self.finish_page.progress.setVisible(False)
        self.accept()

    def _set_up_failed(self, error: BaseException) -> None:
        self.finish_page.progress.setVisible(False)
        self.finish_page.completeChanged.emit()
        self.finish_page.error.setText(error_text(error))
