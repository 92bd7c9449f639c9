"""Turn the QR SVG we serve back into pixels, so a barcode reader can scan it (tests only).

Understands exactly what a QR drawing needs: an ``<svg width height>`` holding one
``<path transform="scale(s)" d="...">`` of horizontal unit strokes (M/m moves, h/H
lines). Anything else in the path fails the test instead of being guessed at.
"""

from __future__ import annotations

import math
import re
import xml.etree.ElementTree as ET

from PIL import Image

SVG_NS = "{http://www.w3.org/2000/svg}"
_COMMAND = re.compile(r"([A-Za-z])([^A-Za-z]*)")


def rasterize(svg: str, pixels_per_module: int = 8) -> Image.Image:
    root = ET.fromstring(svg)
    paths = root.findall(f"{SVG_NS}path")
    assert len(paths) == 1, "expected one path of modules"
    scale = float(re.fullmatch(r"scale\(([\d.]+)\)", paths[0].get("transform", "scale(1)"))[1])
    size = round(float(root.get("width")) / scale)
    assert size == round(float(root.get("height")) / scale)
    image = Image.new("L", (size, size), 255)
    x = y = 0.0
    for command, arguments in _COMMAND.findall(paths[0].get("d")):
        numbers = [float(n) for n in re.findall(r"-?[\d.]+", arguments)]
        if command in "Mm":
            dx, dy = numbers
            x, y = (dx, dy) if command == "M" else (x + dx, y + dy)
        elif command in "Hh":
            (value,) = numbers
            end = value if command == "H" else x + value
            row = math.floor(y)  # a unit-wide stroke centred on y covers one row
            for column in range(round(min(x, end)), round(max(x, end))):
                image.putpixel((column, row), 0)
            x = end
        else:
            raise AssertionError(f"unexpected path command {command!r}")
    return image.resize((size * pixels_per_module,) * 2, Image.NEAREST)
