"""The rotating log and the crash file, written to the data folder, never holding personal data.

Log lines name actions and record ids, never names, birth dates, ID numbers or ethnicity; a crash
file holds the exception type and the stack (file, line, function), not the exception's message
nor the source lines, which may quote the data being saved.
"""

from __future__ import annotations

import datetime as dt
import logging
import logging.handlers
import traceback
from pathlib import Path
from types import TracebackType

from desktop import __version__
from desktop.paths import user_data_dir

LOG_BYTES = 1_000_000
LOG_FILES = 5


def log_dir() -> Path:
    folder = user_data_dir() / "logs"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def setup_logging() -> Path:
    """Send the `desktop` loggers to `logs/sovang.log`, rotated at 1 MB, five files kept."""
    path = log_dir() / "sovang.log"
    logger = logging.getLogger("desktop")
    if not any(isinstance(h, logging.handlers.RotatingFileHandler) for h in logger.handlers):
        handler = logging.handlers.RotatingFileHandler(
            path, maxBytes=LOG_BYTES, backupCount=LOG_FILES, encoding="utf-8"
        )
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)
    return path


def crash_report(kind: type[BaseException], tb: TracebackType | None) -> str:
    """What a crash file and the error dialog's details hold: type and stack, no message text."""
    frames = [
        f'  File "{frame.filename}", line {frame.lineno}, in {frame.name}'
        for frame in traceback.extract_tb(tb)
    ]
    lines = [f"Sổ Vàng {__version__}", f"{dt.datetime.now().isoformat(timespec='seconds')}", ""]
    lines += ["Traceback (most recent call last):", *frames]
    lines.append(f"{kind.__module__}.{kind.__qualname__}")
    return "\n".join(lines) + "\n"


def write_crash_file(report: str) -> Path:
    """Save a `crash_report` to the logs folder and note it in the log."""
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    path = log_dir() / f"crash-{stamp}.txt"
    path.write_text(report, encoding="utf-8")
    logging.getLogger("desktop").error("unexpected error; report in %s", path.name)
    return path
