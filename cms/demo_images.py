"""Demo pictures drawn with Pillow, so the demo site needs no downloaded assets."""

import hashlib
import io

from django.core.files.images import ImageFile
from PIL import Image, ImageDraw
from wagtail.images import get_image_model

from xianfeng.fonts import BOLD, cjk_font


def draw_picture(text, size=(960, 640), background=(179, 18, 31), foreground=(255, 255, 255)):
    """A flat picture with `text` centred: a logo, an initial or a cover title."""
    picture = Image.new("RGB", size, background)
    draw = ImageDraw.Draw(picture)
    # A light diagonal band, so covers are not flat blocks of colour.
    w, h = size
    band = tuple(min(255, c + 30) for c in background)
    draw.polygon([(0, h * 0.75), (w * 0.6, 0), (w, 0), (w * 0.2, h)], fill=band)
    font = cjk_font(int(min(w / max(len(text), 1) * 0.8, h * 0.5)), BOLD)
    box = draw.textbbox((0, 0), text, font=font)
    x = (w - (box[2] - box[0])) / 2 - box[0]
    y = (h - (box[3] - box[1])) / 2 - box[1]
    draw.text((x, y), text, font=font, fill=foreground)
    buffer = io.BytesIO()
    picture.save(buffer, format="PNG")
    return buffer.getvalue()


def ensure_image(title, text, **kwargs):
    """A Wagtail image called `title`, drawn on first use."""
    Image_ = get_image_model()
    existing = Image_.objects.filter(title=title).first()
    if existing:
        return existing
    data = draw_picture(text, **kwargs)
    image = Image_(title=title)
    image.file = ImageFile(
        io.BytesIO(data),
        name=f"demo-{hashlib.md5(title.encode(), usedforsecurity=False).hexdigest()[:10]}.png",
    )
    image.save()
    return image
