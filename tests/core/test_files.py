"""Why a file could not be read, said in the user's language."""

import errno

import pytest

from desktop.files import read_reason
from desktop.i18n import set_language


@pytest.fixture(autouse=True)
def _vietnamese():
    set_language("vi")


def _windows_error(kind: type[OSError], number: int, winerror: int) -> OSError:
    """The error Windows raises: its own code beside the C library's."""
    error = kind(number, "The process cannot access the file")
    error.winerror = winerror  # type: ignore[attr-defined]
    return error


def test_a_workbook_open_in_excel_is_told_apart_from_a_refused_account():
    held = _windows_error(PermissionError, errno.EACCES, 32)
    assert read_reason(held).startswith("một chương trình khác đang mở tệp này")
    assert read_reason(PermissionError(errno.EACCES, "Access is denied")) == (
        "tài khoản Windows này không được phép mở tệp"
    )


def test_a_stick_pulled_out_and_a_missing_file_are_named():
    assert (
        read_reason(_windows_error(OSError, errno.EIO, 21)) == "ổ đĩa đã bị rút ra hoặc bị lỗi khi đang đọc"
    )
    assert read_reason(FileNotFoundError(errno.ENOENT, "No such file or directory")) == "không có tệp này"


def test_a_failure_none_of_these_name_keeps_the_systems_words():
    assert read_reason(OSError(errno.ENAMETOOLONG, "File name too long")) == "File name too long"
