"""First run and sign-in: the wizard sets up a database, later starts ask for the password."""

import os
import subprocess
import sys
from pathlib import Path

from desktop.errors import SoVangError
from desktop.i18n import language
from desktop.services.site import site_info
from desktop.ui.main_window import PAGES, MainWindow
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
    account.password.setText("Admin@123")  # the kind of password a word list finds in seconds
    wizard.next()
    assert wizard.currentPage() is account and "không phải từ thông dụng" in account.error.text()
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


def _window(qtbot) -> MainWindow:
    window = MainWindow(TaskRunner())
    qtbot.addWidget(window)
    return window


def test_sign_in_refuses_a_wrong_password_then_opens_the_screens_and_remembers_the_user(qtbot, commune_path):
    window = _window(qtbot)
    panel = window.sign_in
    assert window.sidebar.count() == 0 and panel.place.text() == "Đang mở cơ sở dữ liệu…"
    window.open_database(commune_path)
    qtbot.waitUntil(lambda: panel.db is not None, timeout=10_000)
    assert "Xã Bảo Lâm" in panel.place.text() and "Xã Bảo Lâm" in window.windowTitle()
    panel.username.setText("admin")
    panel.password.setText("sai-mat-khau")
    panel.sign_in()
    assert panel.error.text() == "Tên đăng nhập hoặc mật khẩu không đúng." and panel.password.text() == ""
    assert window.context is None
    panel.password.setText(ADMIN_PASSWORD)
    panel.sign_in()
    assert window.context.username == "admin" and window.sidebar.count() == len(PAGES)
    assert window.stack.currentWidget() is window.pages["overview"]
    assert "Xã Bảo Lâm" in window.windowTitle()
    window.runner.wait()
    again = _window(qtbot)
    assert again.sign_in.username.text() == "admin"
    window.context.db.close()


def test_enter_pressed_while_the_database_opens_signs_in_once_it_is_open(qtbot, commune_path):
    window = _window(qtbot)
    window.sign_in.username.setText("admin")
    window.sign_in.password.setText(ADMIN_PASSWORD)
    window.sign_in.sign_in()
    assert window.sign_in.waiting and "Đang mở cơ sở dữ liệu" in window.sign_in.error.text()
    window.open_database(commune_path)
    qtbot.waitUntil(lambda: window.context is not None, timeout=10_000)
    assert window.context.username == "admin"
    window.runner.wait()
    window.context.db.close()


def test_a_new_database_asks_for_the_first_run_wizard(qtbot, tmp_path):
    window = _window(qtbot)
    with qtbot.waitSignal(window.setup_needed, timeout=10_000) as signal:
        window.open_database(tmp_path / "moi.sqlite")
    signal.args[0].close()
    assert window.context is None


def test_a_file_that_is_not_a_database_is_explained(qtbot, tmp_path):
    path = tmp_path / "hong.sqlite"
    path.write_bytes(b"khong phai co so du lieu" * 100)
    window = _window(qtbot)
    with qtbot.waitSignal(window.open_failed, timeout=10_000) as signal:
        window.open_database(path)
    assert isinstance(signal.args[0], SoVangError)
    assert str(signal.args[0]).endswith("hong.sqlite không phải tệp cơ sở dữ liệu Sổ Vàng.")


def test_the_window_comes_up_before_the_database_layer_is_loaded():
    """Start-up pays for SQLAlchemy and the models on the worker, after the window is shown."""
    code = (
        "import sys\n"
        "from desktop.ui.app import application\n"
        "from desktop.ui.main_window import MainWindow\n"
        "from desktop.ui.tasks import TaskRunner\n"
        "app = application()\n"
        "window = MainWindow(TaskRunner())\n"
        "window.show()\n"
        "app.processEvents()\n"
        "loaded = {m.split('.')[0] for m in sys.modules}\n"
        "print(sorted(loaded & {'sqlalchemy', 'alembic', 'argon2'}))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        cwd=Path(__file__).resolve().parents[2],
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
