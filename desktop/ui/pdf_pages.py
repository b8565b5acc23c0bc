"""A rendered document held in memory: its pages drawn as images for the preview, and sent to a
printer through Qt.

QtPdf is not part of PySide6-Essentials, so pdfium (pypdfium2) draws the pages. pdfium is not
thread-safe: a `PdfPages` is only ever touched by the task runner's single worker thread.
Printing paints the page images on a `QPrinter` on the GUI thread, one page at a time.
"""

from __future__ import annotations

import pypdfium2 as pdfium
from PySide6.QtCore import QObject, QRectF, Signal
from PySide6.QtGui import QImage, QPageLayout, QPageSize, QPainter
from PySide6.QtPrintSupport import QPrinter

from desktop.errors import SoVangError
from desktop.i18n import _
from desktop.progress import Cancelled
from desktop.ui.tasks import Task, TaskRunner

POINTS_PER_INCH = 72
PRINT_DPI_LIMIT = 300
"""Pages go to the printer as images of at most this resolution: sharp on paper, and an A4 page
stays near 26 MB in memory even when the driver reports 1200 dpi."""


class PdfPages:
    def __init__(self, data: bytes) -> None:
        self.data = data
        self._document = pdfium.PdfDocument(data)

    def __len__(self) -> int:
        return len(self._document)

    def landscape(self, index: int = 0) -> bool:
        width, height = self._document[index].get_size()
        return width > height

    def image(self, index: int, dpi: float) -> QImage:
        """Page `index` (0-based) drawn at `dpi` on white."""
        page = self._document[index]
        try:
            bitmap = page.render(scale=dpi / POINTS_PER_INCH, rev_byteorder=True)
            # Copied into an image that owns its memory: PySide's QImage-over-bytes constructor
            # mishandles the buffer's reference count when the image dies on another thread.
            image = QImage(bitmap.width, bitmap.height, QImage.Format.Format_RGB888)
            source = memoryview(bitmap.buffer).cast("B")
            target = image.bits()
            line, stride = image.bytesPerLine(), bitmap.stride
            if line == stride:
                target[: stride * bitmap.height] = source[: stride * bitmap.height]
            else:
                width = bitmap.width * 3
                for row in range(bitmap.height):
                    target[row * line : row * line + width] = source[row * stride : row * stride + width]
            return image
        finally:
            page.close()

    def close(self) -> None:
        self._document.close()


class PagePrinter(QObject):
    """Sends a document to a printer page by page: pdfium draws each page on the worker, and the
    page is painted here, on the GUI thread, because Qt's print engines are not safe to drive from
    another one (painting a QPrinter off the GUI thread deadlocked). The status bar's Cancel stops
    it between pages, and the printer drops the job."""

    finished = Signal(int)
    failed = Signal(object)

    def __init__(self, runner: TaskRunner, pages: PdfPages, printer: QPrinter, label: str) -> None:
        super().__init__()
        self.runner = runner
        self.pages = pages
        self.printer = printer
        self.label = label
        self.painter = QPainter()
        self.current: Task | None = None
        self.dpi = PRINT_DPI_LIMIT
        runner.ended.connect(self._task_ended)

    def start(self) -> None:
        """Paint every page edge to edge (the document carries its own margins, and pre-printed
        certificates their calibrated positions)."""
        landscape = self.pages.landscape()
        orientation = QPageLayout.Orientation.Landscape if landscape else QPageLayout.Orientation.Portrait
        self.printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
        self.printer.setPageOrientation(orientation)
        self.printer.setFullPage(True)
        if not self.painter.begin(self.printer):
            self._fail(SoVangError(_("The printer could not be started. Check that it is on and connected.")))
            return
        self.dpi = min(self.printer.resolution(), PRINT_DPI_LIMIT)
        self._draw(0)

    def _draw(self, index: int) -> None:
        if index == len(self.pages):
            self._stop()
            self.painter.end()
            self.finished.emit(index)
            return
        pages, dpi = self.pages, self.dpi

        def draw(task: Task) -> QImage:
            task.progress(index, len(pages))
            return pages.image(index, dpi)

        self.current = self.runner.submit(
            self.label, draw, lambda image: self._paint(index, image), self._fail
        )

    def _paint(self, index: int, image: QImage) -> None:
        if index and not self.printer.newPage():
            self._fail(SoVangError(_("The printer stopped at page {page}.").format(page=index + 1)))
            return
        target = QRectF(self.printer.paperRect(QPrinter.Unit.DevicePixel))
        target.moveTo(0, 0)
        self.painter.drawImage(target, image)
        self._draw(index + 1)

    def _stop(self) -> None:
        """The job is over: stop hearing about the runner's other tasks."""
        self.current = None
        self.runner.ended.disconnect(self._task_ended)

    def _fail(self, error: BaseException) -> None:
        self._stop()
        if self.painter.isActive():
            self.printer.abort()
            self.painter.end()
        self.failed.emit(error)

    def _task_ended(self, task: Task) -> None:
        if task is self.current and task.cancelled():
            self._fail(Cancelled(_("Printing was cancelled; the printer dropped the job.")))
