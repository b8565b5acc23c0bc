"""What every screen relies on: the task runner, the error dialog, the log, the screenshot command."""

import threading

import pytest
from PySide6.QtWidgets import QApplication

from desktop import cli
from desktop.errors import ValidationError
from desktop.logs import log_dir, setup_logging
from desktop.ui.app import SCREENS
from desktop.ui.error_dialog import ErrorDialog
from desktop.ui.tasks import TaskRunner


def test_work_runs_off_the_gui_thread_and_results_come_back_on_it(qtbot):
    runner = TaskRunner()
    seen = {}

    def work(task):
        seen["worker"] = threading.current_thread() is not threading.main_thread()
        task.progress(1, 2)
        return 42

    def done(result):
        seen["result"] = result
        seen["gui"] = threading.current_thread() is threading.main_thread()

    with qtbot.waitSignal(runner.progressed, timeout=5000):
        runner.submit("x", work, done, lambda error: None)
    qtbot.waitUntil(lambda: "result" in seen)
    assert seen == {"worker": True, "result": 42, "gui": True}
    assert not runner.running


def test_a_failure_reaches_its_handler_and_a_cancelled_task_reports_nothing(qtbot):
    runner = TaskRunner()
    outcomes = []
    gate = threading.Event()

    def fail(task):
        raise ValidationError("x", "sai")

    def slow(task):
        gate.wait(5)
        task.check()
        return "done"

    runner.submit("fail", fail, outcomes.append, lambda error: outcomes.append(("failed", str(error))))
    task = runner.submit("slow", slow, outcomes.append, lambda error: outcomes.append(error))
    task.cancel()
    gate.set()
    runner.wait()
    qtbot.waitUntil(lambda: not runner.running)
    assert outcomes == [("failed", "x: sai")]


def test_a_refusal_is_shown_as_it_is_and_writes_no_crash_file(qtbot):
    dialog = ErrorDialog(None, ValidationError("full_name", "Phải nhập họ tên."))
    qtbot.addWidget(dialog)
    assert dialog.message.text() == "Phải nhập họ tên."
    assert not list(log_dir().glob("crash-*.txt"))


def test_an_unexpected_error_writes_a_crash_file_without_the_data_it_carried(qtbot):
    try:
        raise RuntimeError("Nguyễn Văn Đức 012345678901")
    except RuntimeError as error:
        dialog = ErrorDialog(None, error)
    qtbot.addWidget(dialog)
    assert "Dữ liệu đã lưu không bị mất" in dialog.message.text()
    [crash] = log_dir().glob("crash-*.txt")
    text = crash.read_text(encoding="utf-8")
    assert "builtins.RuntimeError" in text and "test_infrastructure.py" in text
    assert "Nguyễn" not in text and "012345678901" not in text
    dialog.copy_button.click()
    assert QApplication.clipboard().text() == dialog.details


def test_the_log_rotates_in_the_data_folder():
    path = setup_logging()
    assert path.parent == log_dir() and path.name == "sovang.log"


def test_the_command_line_offers_every_screen():
    assert cli.GUI_PAGES == SCREENS


@pytest.mark.parametrize("page", ["people", "login", "wizard"])
def test_screenshot_renders_a_screen_to_png(qtbot, demo_path, tmp_path, page):
    target = tmp_path / f"{page}.png"
    assert cli.main(["gui", "--db", str(demo_path), "--screenshot", str(target), "--page", page]) == 0
    assert target.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and target.stat().st_size > 5000


def test_results_of_every_kind_come_back_from_the_worker_intact(qtbot):
    """Thousands of None and True results cross from the worker: a Qt binding that miscounts the
    references of objects sent between threads (PySide6 6.12.0 did) aborts the process here."""
    runner = TaskRunner()
    received: list[object] = []
    for number in range(2000):
        value = (None, True, False, number)[number % 4]
        runner.submit("x", lambda _task, value=value: value, received.append, received.append)
    qtbot.waitUntil(lambda: len(received) == 2000, timeout=30_000)
    assert received.count(None) == received.count(True) == received.count(False) == 500
    runner.wait()
