"""One entry point: raw article text (bytes or str) -> ParsedArticle."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from .cleaning import clean_lines
from .decode import MAX_BYTES, ArticleError, decode_article
from .people import Person, find_people
from .structure import Block, build
from .text import content_key, to_simplified

__all__ = ["ArticleError", "Block", "ParsedArticle", "Person", "decode_article", "parse_article"]


@dataclass
class ParsedArticle:
    title: str
    subtitle: str  # kicker (引题) or subtitle (副题) when the headline has two lines
    date: dt.date | None
    byline: list[str]  # reporters/correspondents (Simplified); never among `people`
    source_site: str
    blocks: list[Block]
    people: list[Person]
    original_text: str  # cleaned text in the article's own script, for display
    simplified_text: str  # the same in Simplified, for search
    content_hash: str  # sha256 of the Simplified content without whitespace
    filename: str = ""
    removed: list[tuple[str, str]] = field(default_factory=list)  # (rule, line) dropped as debris
    warnings: list[str] = field(default_factory=list)  # for the editor (Simplified Chinese)

    @property
    def paragraphs(self) -> list[str]:
        return [b.text for b in self.blocks if b.kind != "heading"]


def parse_article(raw: bytes | str, *, filename: str = "") -> ParsedArticle:
    text = decode_article(raw) if isinstance(raw, (bytes, bytearray)) else raw
    if len(text.encode("utf-8")) > MAX_BYTES * 2:
        raise ArticleError("too_large")
    lines, removed = clean_lines(text)
    meta, blocks = build(lines, removed)
    if not blocks and not meta.title:
        raise ArticleError("no_content")
    body = [b.text for b in blocks]
    people = find_people(([meta.title] if meta.title else []) + body, exclude=set(meta.bylines))
    original = "\n\n".join(([meta.title] if meta.title else []) + body)
    simplified = to_simplified(original)
    warnings = []
    if not meta.title:
        warnings.append(_("No title found; please enter one."))
    if not meta.date:
        warnings.append(_("No publication date found."))
    return ParsedArticle(
        title=meta.title,
        subtitle=meta.subtitle,
        date=meta.date,
        byline=meta.bylines,
        source_site=meta.source_site,
        blocks=blocks,
        people=people,
        original_text=original,
        simplified_text=simplified,
        content_hash=hashlib.sha256(content_key(original).encode("utf-8")).hexdigest(),
        filename=filename,
        removed=removed,
        warnings=warnings,
    )
