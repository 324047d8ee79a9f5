"""Text normalisation shared by the sensitive-word screen (cms) and search analysis (search).

Two forms of a text:

- `strip_invisible(text)` is what we store: the member's own characters, script and case,
  minus what nobody can see but which changes how text matches or displays — zero-width
  characters, soft hyphens, bidi embeddings/overrides/isolates/marks and every other Unicode
  format character (category Cf), control characters other than line breaks and tabs, and
  blank "filler" letters.
- `normal_form(text)` is what we match on: NFKC (full-width letters and digits, compatibility
  forms), invisibles removed, Traditional → Simplified (OpenCC t2s), case-folded. Search
  indexes and queries this form; the screen compares sensitive words in it.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_CJK_RE = re.compile(f"[{CJK}]")

# Blank characters that are letters or marks, not Cf, yet draw nothing: the combining grapheme
# joiner, Hangul fillers, Khmer inherent vowels, the Braille blank.
_BLANK_LETTERS = "\u034f\u115f\u1160\u17b4\u17b5\u2800\u3164\uffa0"
_KEEP_CONTROLS = "\n\r\t"
# Variation selectors only choose a glyph's look: gone in the matching form, kept when stored.
_VARIATION_RE = re.compile("[\ufe00-\ufe0f\U000e0100-\U000e01ef]")


# A zero-width joiner between two emoji makes one picture of them (👩‍🌾 a farmer): kept there,
# removed anywhere else.
_ZWJ = "\u200d"
_EMOJI = "\u2600-\u27bf\U0001f000-\U0001faff"
_LONE_ZWJ_RE = re.compile(f"(?<![{_EMOJI}\ufe0f]){_ZWJ}|{_ZWJ}(?![{_EMOJI}])")


def _invisible(char: str) -> bool:
    category = unicodedata.category(char)
    if category == "Cc":
        return char not in _KEEP_CONTROLS
    return category == "Cf" or char in _BLANK_LETTERS


@lru_cache(maxsize=1)
def _invisible_table() -> dict[int, None]:
    """str.translate table deleting every invisible character but the zero-width joiner
    (built once, ~0.1 s)."""
    return {code: None for code in range(0x110000) if _invisible(chr(code)) and chr(code) != _ZWJ}


def strip_invisible(text: str) -> str:
    """text minus invisible, format and control characters (line breaks and tabs stay, and
    zero-width joiners inside an emoji sequence)."""
    if not text:
        return ""
    text = text.translate(_invisible_table())
    return _LONE_ZWJ_RE.sub("", text) if _ZWJ in text else text


@lru_cache(maxsize=1)
def _opencc():
    import opencc  # imported lazily: loading the dictionaries costs ~0.1 s

    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    """Traditional → Simplified, one output character per input character."""
    converted = _opencc().convert(text)
    if len(converted) != len(text):
        # Phrase conversions may change length; per character keeps offsets aligned.
        converted = "".join(_opencc().convert(ch) for ch in text)
    return converted


def normal_form(text: str) -> str:
    """The form text is matched in: NFKC, invisibles removed, Simplified, case-folded."""
    if not text:
        return ""
    text = strip_invisible(unicodedata.normalize("NFKC", text))
    text = _VARIATION_RE.sub("", text)
    if _CJK_RE.search(text):
        text = to_simplified(text)
    return text.casefold()


def squeeze(text: str) -> str:
    """Only the letters, digits and marks of text: what is left when someone puts spaces,
    punctuation or symbols (emoji) between the characters of a word."""
    return "".join(ch for ch in text if unicodedata.category(ch)[0] in "LNM")
