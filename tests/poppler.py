"""Read a PDF back the way a user's viewer would, with poppler's command-line tools."""

from __future__ import annotations

import subprocess
from pathlib import Path


def text_of(pdf: Path) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout


def fonts_of(pdf: Path) -> list[list[str]]:
    out = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    return [line.split() for line in out.splitlines()[2:]]


def pages_of(pdf: Path) -> tuple[int, tuple[float, float]]:
    """Page count and the size of page 1 in millimetres, as poppler reads them."""
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    fields = dict(line.split(":", 1) for line in info.splitlines() if ":" in line)
    width, _x, height = fields["Page size"].split()[:3]
    return int(fields["Pages"]), (round(float(width) * 25.4 / 72), round(float(height) * 25.4 / 72))


def _grey(pdf: Path, page: int, dpi: int) -> tuple[int, int, bytes]:
    pgm = subprocess.run(
        ["pdftoppm", "-gray", "-r", str(dpi), "-f", str(page), "-l", str(page), str(pdf)],
        capture_output=True,
        check=True,
    ).stdout
    _magic, size, _depth, pixels = pgm.split(b"\n", 3)
    width, height = (int(part) for part in size.split())
    return width, height, pixels[: width * height]


def ink_of(pdf: Path, page: int = 1) -> float:
    """The share of dark pixels on one page, drawn small in grey by pdftoppm: 0 for a blank."""
    width, height, pixels = _grey(pdf, page, 30)
    return sum(1 for value in pixels if value < 160) / (width * height)


def ink_box(pdf: Path, page: int = 1) -> tuple[float, float, float, float]:
    """Where the ink sits on a page, in millimetres from the top-left corner: left, top, right,
    bottom of every dark pixel."""
    dpi = 50
    width, height, pixels = _grey(pdf, page, dpi)
    dark = [index for index, value in enumerate(pixels) if value < 160]
    columns = [index % width for index in dark]
    rows = [index // width for index in dark]
    return tuple(  # type: ignore[return-value]
        round(pixel * 25.4 / dpi, 1) for pixel in (min(columns), min(rows), max(columns), max(rows))
    )
