"""Draw a pledge's share card: wall name, the pledge, member, date and a QR code to its page.

Text is drawn as plain glyphs, so any markup a member wrote appears literally and does nothing.
"""

import io

import qrcode
from PIL import Image, ImageDraw

from xianfeng.fonts import BOLD, REGULAR, cjk_font

WIDTH, HEIGHT = 1080, 1440
MARGIN = 80
RED, CREAM, INK, GREY = (178, 24, 30), (253, 248, 240), (34, 30, 28), (110, 104, 98)
TEXT_TOP, TEXT_BOTTOM = 330, 1010  # the box the pledge text must fit in


def font(weight, size):
    """Noto Sans SC from the project's own install (xianfeng.fonts), never a system font."""
    return cjk_font(size, weight)


def wrap(text, face, width):
    """Break text into lines no wider than width: CJK may break between any two characters,
    runs of Latin letters, digits and dates stay whole where they fit, and no line starts with
    closing punctuation."""
    no_start = set("，。、；：！？）》」』】,.;:!?)")
    lines = []
    for paragraph in text.splitlines() or [""]:
        line = ""
        for token in _tokens(paragraph):
            candidate = line + token
            if face.getlength(candidate) <= width or not line:
                line = candidate
                continue
            if token[0] in no_start and face.getlength(candidate) <= width * 1.05:
                line = candidate
                continue
            lines.append(line.rstrip())
            line = token.lstrip()
            while face.getlength(line) > width:  # a token longer than a line: cut it
                cut = len(line)
                while cut > 1 and face.getlength(line[:cut]) > width:
                    cut -= 1
                lines.append(line[:cut])
                line = line[cut:]
        lines.append(line.rstrip())
    return lines


def _tokens(text):
    token = ""
    for char in text:
        if char.isascii() and not char.isspace():
            token += char
            continue
        if token:
            yield token
            token = ""
        yield char
    if token:
        yield token


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
    code = qrcode.QRCode(border=1, box_size=10,
                         error_correction=qrcode.constants.ERROR_CORRECT_M)
    code.add_data(url)
    code.make(fit=True)
    return code.make_image(fill_color="black", back_color="white").convert("RGB").resize(
        (size, size), Image.NEAREST)


def draw_card(*, wall_title, text, member, organisation, date_text, status_text, url,
              labels):
    """Return PNG bytes. labels: translated captions {'pledge', 'scan'}."""
    image = Image.new("RGB", (WIDTH, HEIGHT), CREAM)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, WIDTH, 230), fill=RED)
    title_face = font(BOLD, 52)
    title_lines = wrap(wall_title, title_face, WIDTH - 2 * MARGIN)[:2]
    y = 115 - len(title_lines) * 36
    for line in title_lines:
        draw.text((MARGIN, y), line, font=title_face, fill=CREAM)
        y += 72
    draw.text((MARGIN, 260), labels["pledge"], font=font(BOLD, 40), fill=RED)

    face, lines, line_height = fit_text(text, WIDTH - 2 * MARGIN, TEXT_BOTTOM - TEXT_TOP)
    y = TEXT_TOP
    for line in lines:
        draw.text((MARGIN, y), line, font=face, fill=INK)
        y += line_height

    draw.line((MARGIN, 1040, WIDTH - MARGIN, 1040), fill=RED, width=3)
    qr_size = 300
    image.paste(qr_image(url, qr_size), (WIDTH - MARGIN - qr_size, 1080))
    info_width = WIDTH - 3 * MARGIN - qr_size
    y = 1080
    for value, size, colour in ((member, 48, INK), (organisation, 32, GREY),
                                (date_text, 32, GREY), (status_text, 32, RED)):
        if not value:
            continue
        face = font(BOLD if colour is INK else REGULAR, size)
        for line in wrap(value, face, info_width)[:2]:
            draw.text((MARGIN, y), line, font=face, fill=colour)
            y += int(size * 1.45)
    draw.text((MARGIN, HEIGHT - 70), labels["scan"], font=font(REGULAR, 28), fill=GREY)

    out = io.BytesIO()
    image.save(out, "PNG", optimize=True)
    return out.getvalue()
