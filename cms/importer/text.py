"""Low-level text helpers: script conversion, width/punctuation and whitespace normalisation."""

from __future__ import annotations

import html
import re
import unicodedata
from functools import lru_cache

CJK = "\u4e00-\u9fff\u3400-\u4dbf"
CJK_RE = re.compile(f"[{CJK}]")
# Characters that close a sentence; a line ending in one of these is prose, not a heading.
SENTENCE_END = "。！？…；"
CLOSERS = "”’」』）)》"
OPEN_CLOSE = {"“": "”", "‘": "’", "「": "」", "『": "』", "（": "）", "《": "》", "(": ")"}


@lru_cache(maxsize=1)
def _converter():
    import opencc  # imported lazily: loading the dictionaries costs ~0.1 s

    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    """Traditional -> Simplified (OpenCC t2s). Length is preserved for the texts we see."""
    return _converter().convert(text) if text else text


_ENTITY_RE = re.compile(
    r"[&?](ldquo|rdquo|lsquo|rsquo|quot|amp|nbsp|mdash|ndash|hellip|middot|lt|gt|#\d+|#x[0-9a-fA-F]+);"
)
_INVISIBLE_RE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")


def fix_entities(text: str) -> str:
    """Unescape HTML entities, including the scraped form where '&' became '?'."""
    text = _ENTITY_RE.sub(lambda m: "&" + m.group(1) + ";", text)
    return html.unescape(text)


def fold_width(text: str) -> str:
    """Full-width ASCII letters/digits -> half-width; keep CJK punctuation full-width."""
    out = []
    for ch in text:
        code = ord(ch)
        if 0xFF10 <= code <= 0xFF19 or 0xFF21 <= code <= 0xFF3A or 0xFF41 <= code <= 0xFF5A:
            out.append(chr(code - 0xFEE0))
        elif ch == "\u3000" or ch == "\u00a0" or unicodedata.category(ch) == "Zs":
            out.append(" ")
        elif ch in "・･•":
            out.append("·")
        else:
            out.append(ch)
    return "".join(out)


_HALF_TO_FULL = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！"}
# Half-width punctuation touching a CJK character is Chinese punctuation typed on an ASCII keyboard.
_HALF_PUNCT_RE = re.compile(f"(?<=[{CJK}”“）])\\s*([,;:?!])\\s*|\\s*([,;:?!])\\s*(?=[{CJK}“])")
_PAREN_RE = re.compile(f"\\(([^()]*[{CJK}][^()]*)\\)")
_SPACE_RUN_RE = re.compile(r"[ \t]+")
# Spaces next to full-width punctuation carry no meaning (they are layout debris).
_SPACE_NEAR_PUNCT_RE = re.compile(r"\s*([，。！？；：、“”‘’（）《》「」])\s*")


def normalise_punctuation(line: str) -> str:
    line = _HALF_PUNCT_RE.sub(lambda m: _HALF_TO_FULL[m.group(1) or m.group(2)], line)
    line = _PAREN_RE.sub(lambda m: "（" + m.group(1) + "）", line)
    line = _SPACE_NEAR_PUNCT_RE.sub(r"\1", line)
    return line


def normalise_line(line: str) -> str:
    line = fold_width(_INVISIBLE_RE.sub("", line))
    line = _SPACE_RUN_RE.sub(" ", line).strip()
    return normalise_punctuation(line)


def normalise_newlines(text: str) -> str:
    return (
        text.replace("\r\n", "\n")
        .replace("\r", "\n")
        .replace("\u2028", "\n")
        .replace("\u2029", "\n")
    )


def ends_sentence(line: str) -> bool:
    """True when the line ends like prose (full stop etc., possibly inside a closing quote)."""
    s = line.rstrip()
    while s and s[-1] in CLOSERS:
        s = s[:-1]
    return bool(s) and s[-1] in SENTENCE_END + ".!?"


def quotes_balanced(line: str) -> bool:
    depth = 0
    for ch in line:
        if ch == "“":
            depth += 1
        elif ch == "”":
            depth -= 1
    return depth == 0


def cjk_ratio(text: str) -> float:
    chars = [c for c in text if not c.isspace()]
    return sum(1 for c in chars if CJK_RE.match(c)) / len(chars) if chars else 0.0


def content_key(text: str) -> str:
    """Form used for hashing: Simplified, no whitespace, so layout-only changes hash the same."""
    return re.sub(r"\s+", "", to_simplified(text))
