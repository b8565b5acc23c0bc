"""A rendered document held in memory: its pages drawn as images for the preview, and sent to a
printer through Qt.

QtPdf is not part of PySide6-Essentials, so pdfium (pypdfium2) draws the pages. pdfium is not
thread-safe: a `PdfPages` is only ever touched by the task runner's single worker thread.
Printing paints the page images on a `QPrinter`, which Qt allows off the GUI thread.
"""

from __future__ import annotations

import threading

import pypdfium2 as pdfium
from PySide6.QtCore import QRectF
from PySide6.QtGui import QImage, QPageLayout, QPageSize, QPainter
from PySide6.QtPrintSupport import QPrinter

from desktop.errors import SoVangError
from desktop.i18n import _
from desktop.progress import Progress, step

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
            image = QImage(
                bytes(bitmap.buffer), bitmap.width, bitmap.height, bitmap.stride, QImage.Format.Format_RGB888
            )
            return image.copy()
        finally:
            page.close()

    def close(self) -> None:
        self._document.close()


def print_pages(
    pages: PdfPages,
    printer: QPrinter,
    progress: Progress | None = None,
    cancel: threading.Event | None = None,
) -> int:
    """Paint every page on `printer`, edge to edge (the document carries its own margins, and
    pre-printed certificates their calibrated positions); returns the number of pages sent."""
    orientation = QPageLayout.Orientation.Landscape if pages.landscape() else QPageLayout.Orientation.Portrait
    printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    printer.setPageOrientation(orientation)
    printer.setFullPage(True)
    painter = QPainter()
    if not painter.begin(printer):
        raise SoVangError(_("The printer could not be started. Check that it is on and connected."))
    dpi = min(printer.resolution(), PRINT_DPI_LIMIT)
    try:
        for index in range(len(pages)):
            step(progress, cancel, index, len(pages))
            if index and not printer.newPage():
                raise SoVangError(_("The printer stopped at page {page}.").format(page=index + 1))
            target = QRectF(printer.paperRect(QPrinter.Unit.DevicePixel))
            target.moveTo(0, 0)
            painter.drawImage(target, pages.image(index, dpi))
    except BaseException:
        printer.abort()
        raise
    finally:
        painter.end()
    step(progress, cancel, len(pages), len(pages))
    return len(pages)
