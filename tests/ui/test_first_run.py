"""First run and sign-in: the wizard sets up a database, later starts ask for the password."""

from PySide6.QtWidgets import QLabel

from desktop.db import Database
from desktop.i18n import language
from desktop.services.site import site_info
from desktop.ui.login_dialog import LoginDialog
from desktop.ui.setup_wizard import SetupWizard
from desktop.ui.tasks import TaskRunner
from tests.conftest import ADMIN_PASSWORD


def test_the_wizard_walks_language_unit_account_and_sets_up_the_database(qtbot, tmp_path):
    runner = TaskRunner()
    path = tmp_path / "xa.sqlite"
    wizard = SetupWizard(path, runner)
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.language_page.english.setChecked(True)
    assert language() == "en" and wizard.language_page.title() == "Welcome to Sổ Vàng"
    wizard.language_page.vietnamese.setChecked(True)
    assert wizard.language_page.title() == "Chào mừng đến với Sổ Vàng"
    wizard.next()
    units = wizard.unit_page
    assert wizard.currentPage() is units and not units.isComplete()
    units.search.setText("bao lam cao bang")
    assert units.units_list.count() == 1 and units.unit_code() == "01290"
    assert units.isComplete()
    wizard.next()
    account = wizard.account_page
    account.password.setText("ngan")
    wizard.next()
    assert wizard.currentPage() is account and "8" in account.error.text()
    account.password.setText(ADMIN_PASSWORD)
    account.confirm.setText(ADMIN_PASSWORD + "x")
    wizard.next()
    assert account.error.text() == "Hai lần nhập mật khẩu không khớp nhau."
    account.confirm.setText(ADMIN_PASSWORD)
    wizard.next()
    assert wizard.currentPage() is wizard.finish_page
    assert "01290" in wizard.finish_page.summary.text()
    wizard.accept()
    qtbot.waitUntil(lambda: wizard.user is not None, timeout=20_000)
    assert wizard.user.username == "admin" and wizard.result() == 1
    info = site_info(wizard.db)
    assert (info.unit_code, info.role) == ("01290", "commune")
    wizard.db.close()


def test_a_district_needs_its_name_before_going_on(qtbot, tmp_path):
    wizard = SetupWizard(tmp_path / "huyen.sqlite", TaskRunner())
    qtbot.addWidget(wizard)
    units = wizard.unit_page
    units.role_buttons["district"].setChecked(True)
    units.search.setText("cao bang")
    assert units.unit_code() == "04"
    assert not units.isComplete()
    units.district.setText("Huyện Bảo Lâm")
    assert units.isComplete()


def test_sign_in_refuses_a_wrong_password_then_remembers_the_user(qtbot, commune_path):
    db = Database.open(commune_path)
    login = LoginDialog(db)
    qtbot.addWidget(login)
    assert "Xã Bảo Lâm" in login.findChild(QLabel, "loginPlace").text()
    login.username.setText("admin")
    login.password.setText("sai-mat-khau")
    login.sign_in()
    assert login.error.text() == "Tên đăng nhập hoặc mật khẩu không đúng." and login.password.text() == ""
    login.password.setText(ADMIN_PASSWORD)
    login.sign_in()
    assert login.user is not None and login.result() == 1
    again = LoginDialog(db)
    qtbot.addWidget(again)
    assert again.username.text() == "admin"
    db.close()
