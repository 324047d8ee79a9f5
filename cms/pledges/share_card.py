"""Draw a pledge's share card: wall name, the pledge, member, date and a QR code to its page.

Text is drawn as plain glyphs, so any markup a member wrote appears literally and does nothing.
Each character is drawn in a face that has a glyph for it (the fonts' cmaps decide): Noto Sans
SC, else the Noto Emoji fallback; a character neither has is left out rather than drawn as an
empty box. Invisible and bidi control characters are removed first, so text always draws in the
order it was written, never reversed by an override.
"""

import io
import unicodedata
from functools import lru_cache

import qrcode
from fontTools.ttLib import TTFont
from PIL import Image, ImageDraw, features

from xianfeng.fonts import BOLD, REGULAR, cjk_font, cjk_font_path, emoji_font, emoji_font_path
from xianfeng.text import strip_invisible

WIDTH, HEIGHT = 1080, 1440
MARGIN = 80
RED, CREAM, INK, GREY = (178, 24, 30), (253, 248, 240), (34, 30, 28), (110, 104, 98)
TEXT_TOP, TEXT_BOTTOM = 330, 1010  # the box the pledge text must fit in


def font(weight, size):
    """Noto Sans SC from the project's own install (xianfeng.fonts), never a system font."""
    return cjk_font(size, weight)


@lru_cache(maxsize=4)
def covered(path):
    """The code points the font at path has glyphs for (its cmap). Cached: reading costs ~50 ms."""
    with TTFont(path, lazy=True) as ttfont:
        return frozenset(ttfont.getBestCmap())


def runs(text, face):
    """text as (face, run) pairs to draw one after the other: the CJK face where it has the
    glyph, else the emoji fallback at the same size (also for a symbol both have when an emoji
    variation selector asks for the emoji). Characters neither face has are left out."""
    cjk, emoji = covered(cjk_font_path()), covered(emoji_font_path())
    fallback = emoji_font(face.size)
    text = strip_invisible(text)
    out = []
    for i, char in enumerate(text):
        code, following = ord(char), text[i + 1 : i + 2]
        if code in emoji and (code not in cjk or following == "\ufe0f"):
            chosen = fallback
        elif code in cjk:
            chosen = face
        else:
            continue
        if out and out[-1][0] is chosen:
            out[-1][1] += char
        else:
            out.append([chosen, char])
    return [(chosen, run) for chosen, run in out]


# Raqm (when Pillow has it) applies the bidi algorithm; the base direction is ours to set.
_LEFT_TO_RIGHT = {"direction": "ltr"} if features.check("raqm") else {}


def text_length(text, face):
    return sum(chosen.getlength(run) for chosen, run in runs(text, face))


def draw_line(draw, xy, text, face, fill):
    """Draw one line at xy (its top left, as draw.text does), run by run on one baseline."""
    x, y = xy
    baseline = y + face.getmetrics()[0]
    for chosen, run in runs(text, face):
        # Each run is laid out on its own and left to right: no reordering across runs.
        draw.text((x, baseline), run, font=chosen, fill=fill, anchor="ls", **_LEFT_TO_RIGHT)
        x += chosen.getlength(run)


def wrap(text, face, width):
    """Break text into lines no wider than width: CJK may break between any two characters,
    runs of Latin letters, digits and dates stay whole where they fit, and no line starts with
    closing punctuation."""
    no_start = set("，。、；：！？）》」』】,.;:!?)")
    lines = []
    for paragraph in strip_invisible(text).splitlines() or [""]:
        line = ""
        for token in _tokens(paragraph):
            candidate = line + token
            if text_length(candidate, face) <= width or not line:
                line = candidate
                continue
            if token[0] in no_start and text_length(candidate, face) <= width * 1.05:
                line = candidate
                continue
            lines.append(line.rstrip())
            line = token.lstrip()
            while text_length(line, face) > width:  # a token longer than a line: cut it
                cut = len(line)
                while cut > 1 and text_length(line[:cut], face) > width:
                    cut -= 1
                lines.append(line[:cut])
                line = line[cut:]
        lines.append(line.rstrip())
    return lines


def _tokens(text):
    """Latin words and numbers whole; any other character alone, together with the marks,
    variation selectors and zero-width joiners that belong to it (an emoji sequence)."""
    tokens, in_word = [], False
    for char in text:
        if tokens and (
            unicodedata.category(char) in ("Mn", "Me")
            or char == "\u200d"
            or tokens[-1].endswith("\u200d")
        ):
            tokens[-1] += char
            continue
        word_char = char.isascii() and not char.isspace()
        if word_char and in_word:
            tokens[-1] += char
        else:
            tokens.append(char)
        in_word = word_char
    return tokens


def fit_text(text, box_width, box_height, sizes=(64, 56, 50, 44, 40, 36, 32)):
    """The largest size at which text fits the box; at the smallest, cut with an ellipsis."""
    for size in sizes:
        face = font(REGULAR, size)
        lines = wrap(text, face, box_width)
        line_height = int(size * 1.5)
        if len(lines) * line_height <= box_height:
            return face, lines, line_height
    fitting = box_height // line_height
    lines = lines[:fitting]
    lines[-1] = lines[-1][:-1] + "…"
    return face, lines, line_height


def qr_image(url, size):
    code = qrcode.QRCode(border=1, box_size=10, error_correction=qrcode.constants.ERROR_CORRECT_M)
    code.add_data(url)
    code.make(fit=True)
    return (
        code.make_image(fill_color="black", back_color="white")
        .convert("RGB")
        .resize((size, size), Image.NEAREST)
    )


def draw_card(*, wall_title, text, member, organisation, date_text, status_text, url, labels):
    """Return PNG bytes. labels: translated captions {'pledge', 'scan'}."""
    image = Image.new("RGB", (WIDTH, HEIGHT), CREAM)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, WIDTH, 230), fill=RED)
    title_face = font(BOLD, 52)
    title_lines = wrap(wall_title, title_face, WIDTH - 2 * MARGIN)[:2]
    y = 115 - len(title_lines) * 36
    for line in title_lines:
        draw_line(draw, (MARGIN, y), line, title_face, CREAM)
        y += 72
    draw.text((MARGIN, 260), labels["pledge"], font=font(BOLD, 40), fill=RED)

    face, lines, line_height = fit_text(text, WIDTH - 2 * MARGIN, TEXT_BOTTOM - TEXT_TOP)
    y = TEXT_TOP
    for line in lines:
        draw_line(draw, (MARGIN, y), line, face, INK)
        y += line_height

    draw.line((MARGIN, 1040, WIDTH - MARGIN, 1040), fill=RED, width=3)
    qr_size = 300
    image.paste(qr_image(url, qr_size), (WIDTH - MARGIN - qr_size, 1080))
    info_width = WIDTH - 3 * MARGIN - qr_size
    y = 1080
    for value, size, colour in (
        (member, 48, INK),
        (organisation, 32, GREY),
        (date_text, 32, GREY),
        (status_text, 32, RED),
    ):
        if not value:
            continue
        face = font(BOLD if colour is INK else REGULAR, size)
        for line in wrap(value, face, info_width)[:2]:
            draw_line(draw, (MARGIN, y), line, face, colour)
            y += int(size * 1.45)
    draw.text((MARGIN, HEIGHT - 70), labels["scan"], font=font(REGULAR, 28), fill=GREY)

    out = io.BytesIO()
    image.save(out, "PNG", optimize=True)
    return out.getvalue()
