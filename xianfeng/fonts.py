"""Fonts that come with the project's own install, so drawing needs no system font.

Noto Sans SC (Simplified Chinese glyph forms, a variable font with a weight axis) is shipped by
the `justmytype-intl-cjk` package; Noto Emoji, the fallback for what a CJK face cannot draw,
by `manimgx-fonts`. Both are OFL-licensed and installed by pip from `pyproject.toml`.
"""

from functools import lru_cache
from importlib.resources import files

from PIL import ImageFont

REGULAR = 400
BOLD = 700


def cjk_font_path() -> str:
    return str(files("justmytype_intl_cjk").joinpath("fonts/ofl/notosanssc/NotoSansSC[wght].ttf"))


def emoji_font_path() -> str:
    return str(files("manimgx_fonts").joinpath("NotoEmoji[wght].ttf"))


@lru_cache(maxsize=64)
def cjk_font(size: int, weight: int = REGULAR) -> ImageFont.FreeTypeFont:
    """Noto Sans SC at `size` pixels and `weight` (100–900). Cached: loading costs ~10 ms."""
    face = ImageFont.truetype(cjk_font_path(), size)
    face.set_variation_by_axes([weight])
    return face


@lru_cache(maxsize=64)
def emoji_font(size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(emoji_font_path(), size)
