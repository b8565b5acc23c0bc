"""Xem trước: every document is seen before it is saved or printed.

The document is made on the worker by the same `render` as `sovang print`, into memory; pages
are drawn one at a time as the officer turns them. Saving writes those same bytes; printing
paints those same pages, so what was seen is what reaches the paper. For pre-printed
certificates the officer picks the printer first, since its calibrated offsets move the text.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap
from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrinterInfo
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QScrollArea,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop.files import replacing
from desktop.i18n import _
from desktop.reports.kinds import Selection
from desktop.services.printer_offsets import calibrated_printers
from desktop.ui.context import AppContext
from desktop.ui.error_dialog import error_text
from desktop.ui.pdf_pages import PagePrinter, PdfPages
from desktop.ui.tasks import Task
from desktop.ui.widgets import ERROR_COLOUR

if TYPE_CHECKING:
    from desktop.db import Database

ZOOMS = (50, 75, 100, 125, 150, 200)
"""Per cent of the paper's real size on a 96 dpi screen."""
SCREEN_DPI = 96
DEFAULT_ZOOM = 100


def printer_names(db: Database) -> list[str]:
    """Installed printers first, then any calibrated earlier that is not installed now."""
    installed = list(QPrinterInfo.availablePrinterNames())
    return installed + [name for name in calibrated_printers(db) if name not in installed]


class PreviewDialog(QDialog):
    def __init__(
        self,
        context: AppContext,
        kind: str,
        chosen: Selection,
        title: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("documentPreview")
        self.setWindowTitle(_("Preview: {title}").format(title=title))
        self.resize(900, 1000)
        self.context = context
        self.kind = kind
        self.chosen = chosen
        self.title = title
        self.pages: PdfPages | None = None
        self.page = 0
        self.shown_generation = 0
        self.task: Task | None = None
        self.job: PagePrinter | None = None

        self.printer = QComboBox()
        self.printer.setObjectName("previewPrinter")
        self.printer.setEditable(True)
        self.printer.setToolTip(_("The printer whose measured offsets move the text on pre-printed blanks."))
        self.printer.addItems(printer_names(context.db))
        self.printer.setCurrentText(chosen.printer or self.printer.currentText())
        self.printer.activated.connect(lambda _index: self.make())
        self.printer.lineEdit().editingFinished.connect(self.make)
        printer_row = QHBoxLayout()
        printer_row.addWidget(QLabel(_("Printer")))
        printer_row.addWidget(self.printer, 1)
        self.printer_row = QWidget()
        self.printer_row.setLayout(printer_row)
        self.printer_row.setVisible(chosen.preprinted or kind == "certificate-calibration")

        self.previous = QPushButton(_("◀ Previous page"))
        self.previous.clicked.connect(lambda: self.turn(-1))
        self.next = QPushButton(_("Next page ▶"))
        self.next.clicked.connect(lambda: self.turn(1))
        self.position = QLabel()
        self.position.setObjectName("previewPosition")
        self.zoom = QComboBox()
        for zoom in ZOOMS:
            self.zoom.addItem(f"{zoom}%", zoom)
        self.zoom.setCurrentIndex(ZOOMS.index(DEFAULT_ZOOM))
        self.zoom.currentIndexChanged.connect(lambda _index: self.draw())
        navigation = QHBoxLayout()
        for widget in (self.previous, self.position, self.next):
            navigation.addWidget(widget)
        navigation.addStretch(1)
        navigation.addWidget(QLabel(_("Zoom")))
        navigation.addWidget(self.zoom)

        self.sheet = QLabel()
        self.sheet.setObjectName("previewSheet")
        self.sheet.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.scroll = QScrollArea()
        self.scroll.setWidget(self.sheet)
        self.scroll.setWidgetResizable(True)
        self.scroll.setStyleSheet("QScrollArea { background: #6b6b6b; }")

        self.message = QLabel()
        self.message.setObjectName("previewMessage")
        self.message.setWordWrap(True)
        self.save_button = QPushButton(_("Save as PDF… (Ctrl+S)"))
        self.save_button.setShortcut("Ctrl+S")
        self.save_button.clicked.connect(self.choose_file)
        self.print_button = QPushButton(_("Print… (Ctrl+P)"))
        self.print_button.setShortcut("Ctrl+P")
        self.print_button.clicked.connect(self.choose_printer)
        close = QPushButton(_("Close (Esc)"))
        close.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.message, 1)
        for button in (self.save_button, self.print_button, close):
            buttons.addWidget(button)

        layout = QVBoxLayout(self)
        layout.addWidget(self.printer_row)
        layout.addLayout(navigation)
        layout.addWidget(self.scroll, 1)
        layout.addLayout(buttons)
        self.finished.connect(self._release)
        self.make()

    # Making the document ------------------------------------------------------------------

    def selection(self) -> Selection:
        return replace(self.chosen, printer=self.printer.currentText().strip())

    def make(self) -> None:
        """Render the document anew (on opening, and when the printer changes)."""
        self._set_ready(False)
        self.say(_("Preparing the document…"))
        if self.task is not None:
            self.task.cancel()
        db, kind, chosen = self.context.db, self.kind, self.selection()

        def work(task: Task) -> PdfPages:
            from desktop.reports.printing import render  # reportlab loads on the worker, once

            buffer = io.BytesIO()
            render(db, kind, buffer, chosen, task.progress, task.cancel_event)
            return PdfPages(buffer.getvalue())

        self.task = self.context.runner.submit(
            _("Preparing {title}").format(title=self.title), work, self.made, self.refused
        )

    def made(self, pages: PdfPages) -> None:
        self.task = None
        self._close_pages()
        self.pages = pages
        self.page = min(self.page, len(pages) - 1)
        self.say("")
        self._set_ready(True)
        self.draw()

    def refused(self, error: BaseException) -> None:
        """The document cannot be made (nothing to print, a record missing): say why, here."""
        self.task = None
        self.say(error_text(error), refused=True)
        self.sheet.clear()
        self.position.clear()

    # Turning pages ------------------------------------------------------------------------

    def turn(self, by: int) -> None:
        if self.pages is not None and 0 <= self.page + by < len(self.pages):
            self.page += by
            self.draw()

    def draw(self) -> None:
        pages = self.pages
        if pages is None:
            return
        page, dpi = self.page, SCREEN_DPI * self.zoom.currentData() / 100
        self.position.setText(_("Page {page} of {count}").format(page=page + 1, count=len(pages)))
        self.previous.setEnabled(page > 0)
        self.next.setEnabled(page + 1 < len(pages))
        self.shown_generation += 1
        generation = self.shown_generation

        def show(image: object) -> None:
            if generation == self.shown_generation:
                self.sheet.setPixmap(QPixmap.fromImage(image))  # type: ignore[arg-type]

        self.context.runner.submit(
            _("Drawing page {page}").format(page=page + 1),
            lambda _task: pages.image(page, dpi),
            show,
            self.refused,
        )

    # Saving and printing ------------------------------------------------------------------

    def choose_file(self) -> None:
        name, _filter = QFileDialog.getSaveFileName(
            self, _("Save the document"), f"{self.kind}.pdf", _("PDF documents (*.pdf)")
        )
        if name:
            self.save_to(Path(name))

    def save_to(self, path: Path) -> None:
        if self.pages is None:
            return
        if path.suffix.lower() != ".pdf":
            path = path.with_name(path.name + ".pdf")
        data = self.pages.data

        def work(_task: Task) -> Path:
            with replacing(path) as partial:
                partial.write_bytes(data)
            return path

        self.context.runner.submit(
            _("Saving {title}").format(title=self.title),
            work,
            lambda saved: self.say(_("Saved: {path}").format(path=saved)),
            self.refused,
        )

    def choose_printer(self) -> None:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        if self.printer_row.isVisible() and self.printer.currentText():
            printer.setPrinterName(self.printer.currentText())
        dialog = QPrintDialog(printer, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.print_to(printer)

    def print_to(self, printer: QPrinter) -> PagePrinter | None:
        """Send every page to `printer`, page by page, with progress and cancel."""
        if self.pages is None:
            return None
        self.print_button.setEnabled(False)
        job = PagePrinter(
            self.context.runner, self.pages, printer, _("Printing {title}").format(title=self.title)
        )
        name = printer.printerName() or printer.outputFileName()

        def printed(count: int) -> None:
            self.print_button.setEnabled(True)
            self.say(_("{count} pages sent to {printer}.").format(count=count, printer=name))

        def failed(error: BaseException) -> None:
            self.print_button.setEnabled(True)
            self.refused(error)

        job.finished.connect(printed)
        job.failed.connect(failed)
        self.job = job
        job.start()
        return job

    # ---------------------------------------------------------------------------------------

    def say(self, text: str, refused: bool = False) -> None:
        self.message.setStyleSheet(f"color: {ERROR_COLOUR};" if refused else "")
        self.message.setText(text)

    def _set_ready(self, ready: bool) -> None:
        for widget in (self.save_button, self.print_button, self.previous, self.next):
            widget.setEnabled(ready)

    def _close_pages(self) -> None:
        pages, self.pages = self.pages, None
        if pages is not None:
            self.context.runner.submit(
                _("Closing the preview"), lambda _task: pages.close(), lambda _r: None, lambda _e: None
            )

    def _release(self) -> None:
        if self.task is not None:
            self.task.cancel()
        if self.job is not None and self.job.current is not None:
            self.job.current.cancel()
        self._close_pages()


def open_preview(
    parent: QWidget, context: AppContext, kind: str, chosen: Selection, title: str
) -> PreviewDialog:
    dialog = PreviewDialog(context, kind, chosen, title, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog


def print_menu_button(text: str, entries: list[tuple[str, Callable[[], object]]]) -> QToolButton:
    """One button that opens the list of documents a screen can print."""
    button = QToolButton()
    button.setText(text)
    button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
    menu = QMenu(button)
    for label, action in entries:
        menu.addAction(label, action)
    button.setMenu(menu)
    return button
