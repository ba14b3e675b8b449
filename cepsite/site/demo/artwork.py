"""Abstract lead images for the demo, drawn with Pillow so none are shipped."""

import io
import random

from django.core.files.base import ContentFile
from PIL import Image, ImageDraw

SIZE = (1200, 675)

PALETTES = {
    "desert": [(196, 160, 104), (226, 203, 160), (150, 110, 70), (54, 104, 150)],
    "archive": [(44, 58, 74), (30, 64, 120), (235, 238, 242), (120, 140, 160)],
    "network": [(60, 64, 70), (180, 40, 48), (200, 204, 210), (120, 124, 130)],
}


def _vertical_gradient(draw, top, bottom):
    width, height = SIZE
    for y in range(height):
        share = y / (height - 1)
        colour = tuple(
            round(a + (b - a) * share) for a, b in zip(top, bottom, strict=True)
        )
        draw.line([(0, y), (width, y)], fill=colour)


def _draw(name, draw, rng):
    width, height = SIZE
    base, light, dark, accent = PALETTES[name]
    _vertical_gradient(draw, light, base)
    if name == "desert":
        for band in range(6):
            y = height * (0.45 + band * 0.09)
            draw.polygon(
                [(0, y), (width * rng.uniform(0.3, 0.7), y - 40), (width, y + 10),
                 (width, height), (0, height)],
                fill=dark if band % 2 else base,
            )  # fmt: skip
        draw.line(
            [
                (x, height * 0.7 + 30 * ((x // 150) % 2))
                for x in range(0, width + 1, 150)
            ],
            fill=accent,
            width=14,
            joint="curve",
        )
    elif name == "archive":
        for _ in range(9):
            x, y = rng.randrange(width), rng.randrange(height)
            radius = rng.randrange(40, 140)
            draw.ellipse(
                [x - radius, y - radius, x + radius, y + radius], outline=dark, width=18
            )
            draw.pieslice(
                [x - radius, y, x, y + radius * 2],
                180,
                360,
                fill=rng.choice([dark, accent]),
            )
    else:
        points = [
            (rng.randrange(80, width - 80), rng.randrange(80, height - 80))
            for _ in range(16)
        ]
        for a, b in zip(points, points[3:] + points[:3], strict=True):
            draw.line([a, b], fill=accent, width=4)
        for x, y in points:
            radius = rng.randrange(14, 36)
            draw.ellipse([x - radius, y - radius, x + radius, y + radius], fill=dark)


def lead_image(name):
    """Return a JPEG in the named palette; a name always draws the same image."""
    image = Image.new("RGB", SIZE)
    _draw(name, ImageDraw.Draw(image), random.Random(name))
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=82, optimize=True)
    return ContentFile(buffer.getvalue(), name=f"{name}.jpg")
