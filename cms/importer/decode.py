"""Bytes -> text with clear, user-facing errors."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

MAX_BYTES = 2 * 1024 * 1024

# Why an article cannot be imported, by code; shown to editors in their language.
MESSAGES = {
    "empty": _("The file is empty."),
    "too_large": _("The file is too large (at most 2 MB)."),
    "binary": _("This is not a text file."),
    "encoding": _("Unrecognised encoding (only UTF-8 and GB18030 are supported)."),
    "no_content": _("The file has no article text to import."),
}


class ArticleError(ValueError):
    """An uploaded article cannot be imported; `message` is shown to the editor."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code

    @property
    def message(self) -> str:
        return str(MESSAGES[self.code])

    def __str__(self) -> str:
        return self.message


def _looks_binary(raw: bytes) -> bool:
    # NUL bytes never occur in UTF-8/GB18030 text; many C0 controls mean a binary format.
    sample = raw[:8192]
    if b"\x00" in sample:
        return True
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13, 27))
    return controls > max(2, len(sample) // 100)


def _plausible(text: str) -> bool:
    """Reject decodings full of private-use or control characters (a wrong guess, or binary)."""
    if not text.strip():
        return True
    bad = sum(
        1
        for c in text
        if 0xE000 <= ord(c) <= 0xF8FF or (ord(c) < 32 and c not in "\t\n\r\f") or c == "\ufffd"
    )
    return bad <= len(text) // 200


def decode_article(raw: bytes) -> str:
    if raw is None or len(raw) == 0:
        raise ArticleError("empty")
    if len(raw) > MAX_BYTES:
        raise ArticleError("too_large")
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")) or _looks_binary(raw):
        raise ArticleError("binary")
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = raw.decode(encoding)
        except UnicodeDecodeError:
            continue
        if _plausible(text):
            if not text.strip():
                raise ArticleError("empty")
            return text
    raise ArticleError("encoding")
