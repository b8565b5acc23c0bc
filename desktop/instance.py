"""The named mutex that tells the Windows installer the app is running.

Setup and the uninstaller look for it (`AppMutex` in `installer/sovang.iss`) and ask the user to
close Sổ Vàng before they replace or remove its files; the same name is used in both places.
"""

from __future__ import annotations

import sys

APP_MUTEX = "SoVangDesktopAppMutex"
_held: list[object] = []
"""The handle stays referenced while the process lives; Windows releases it at exit."""


def hold_app_mutex() -> None:
    if sys.platform != "win32" or _held:
        return
    import ctypes

    _held.append(ctypes.windll.kernel32.CreateMutexW(None, False, APP_MUTEX))
