"""Draw the app's icon (a gold book, "Sổ Vàng") into resources/icons/ as PNG and Windows ICO.

    python installer/make_icon.py

The files are committed; this script is how they were made, so they can be made again.
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw

ICONS = Path(__file__).resolve().parents[1] / "resources" / "icons"
SIZE = 256
RED, GOLD, DARK_GOLD, PAGE = (183, 28, 28), (244, 190, 40), (176, 120, 0), (255, 248, 225)


def draw() -> Image.Image:
    image = Image.new("RGBA", (SIZE, SIZE), (0, 0, 0, 0))
    pen = ImageDraw.Draw(image)
    pen.rounded_rectangle((28, 20, 228, 236), radius=22, fill=RED)  # the cover
    pen.rectangle((44, 36, 212, 220), fill=PAGE)  # the pages seen at the edge
    pen.rounded_rectangle((36, 28, 204, 228), radius=16, fill=GOLD, outline=DARK_GOLD, width=6)
    pen.rectangle((36, 28, 62, 228), fill=DARK_GOLD)  # the spine
    star = [
        (133, 70),
        (146, 108),
        (186, 108),
        (154, 132),
        (166, 172),
        (133, 148),
        (100, 172),
        (112, 132),
        (80, 108),
        (120, 108),
    ]
    pen.polygon(star, fill=RED)
    pen.rounded_rectangle((84, 186, 182, 200), radius=6, fill=RED)
    return image


def main() -> None:
    ICONS.mkdir(parents=True, exist_ok=True)
    image = draw()
    image.save(ICONS / "sovang.png")
    image.save(
        ICONS / "sovang.ico", sizes=[(16, 16), (24, 24), (32, 32), (48, 48), (64, 64), (128, 128), (256, 256)]
    )


if __name__ == "__main__":
    main()
