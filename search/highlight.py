"""Readable snippets: the matched words marked in the text as it was written.

Matching runs on the analysed (Simplified, lower-case) form, but the visitor reads the stored
original, which may be Traditional script. The two are aligned character by character, so a
match found in the Simplified form marks the same characters of the original.
"""

from __future__ import annotations

import unicodedata
from html import escape  # what django.utils.html.escape runs, without its lazy-string wrapper

from django.utils.safestring import mark_safe

from search.analysis import AnalysedQuery, to_simplified

SNIPPET_CHARS = 90
# A long text is first searched in its opening this long (cut at a sentence end): when a
# window there already holds every query term, no later window can beat it (the earliest of
# the best windows is chosen), so the rest of the text is never converted and scanned.
LEAD_CHARS = 1500
_SENTENCE_ENDS = "。！？!?；;\n "


class _FoldTable(dict):
    """str.translate table: a character → its NFKC, lower-case form when that is one
    character, else its lower-case form. Filled as characters are met, so each is folded
    once per process and the per-snippet work runs in C."""

    def __missing__(self, code: int) -> str:
        ch = chr(code)
        folded = unicodedata.normalize("NFKC", ch).lower()
        folded = self[code] = folded if len(folded) == 1 else ch.lower()
        return folded


_FOLD = _FoldTable()


def aligned_form(text: str) -> str:
    """The analysed form of `text` with exactly one character per original character."""
    return to_simplified(text).translate(_FOLD)


def _matches(norm: str, terms: list[str]) -> list[tuple[int, int, str]]:
    found = []
    for term in terms:
        start = norm.find(term)
        while start != -1:
            found.append((start, start + len(term), term))
            start = norm.find(term, start + 1)
    return sorted(found)


def _merge(spans):
    merged = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return merged


def _best_start(found, length: int, last_start: int | None = None) -> tuple[int, int]:
    """The start of the window covering the most distinct terms, earliest first, and how
    many it covers; only windows starting at or before `last_start` when it is given."""
    best_start, best_score = found[0][0], -1
    for start, _end, _term in found:
        if last_start is not None and start > last_start:
            break
        covered = {t for s, e, t in found if start <= s and e <= start + length}
        if len(covered) > best_score:
            best_start, best_score = start, len(covered)
    return best_start, best_score


def _found_in_lead(text: str, terms: list[str], length: int):
    """The matches of the text's opening when a window there holds every term, else None."""
    if len(text) <= 2 * LEAD_CHARS:
        return None
    cut = max(text.rfind(ch, 0, LEAD_CHARS) for ch in _SENTENCE_ENDS) + 1
    # The window and a term straddling its end must lie inside the opening.
    last_start = cut - length - max(map(len, terms), default=0)
    if last_start <= 0:
        return None
    found = _matches(aligned_form(text[:cut]), terms)
    if found and _best_start(found, length, last_start)[1] == len(set(terms)):
        return found
    return None


def snippet(text: str, query: AnalysedQuery, length: int = SNIPPET_CHARS) -> str:
    """HTML: the window of `text` richest in query terms, terms wrapped in <mark>."""
    text = " ".join((text or "").split())
    if not text:
        return ""
    terms = query.highlight_terms()
    found = _found_in_lead(text, terms, length)
    if found is None:
        found = _matches(aligned_form(text), terms)
    if not found:
        cut = text[:length]
        return escape(cut) + ("…" if len(text) > length else "")
    best_start, _covered = _best_start(found, length)
    begin = max(0, min(best_start - length // 4, len(text) - length))
    end = min(len(text), begin + length)
    spans = _merge((max(s, begin), min(e, end)) for s, e, _t in found if s < end and e > begin)
    html, cursor = [], begin
    for start, stop in spans:
        html.append(escape(text[cursor:start]))
        html.append(f"<mark>{escape(text[start:stop])}</mark>")
        cursor = stop
    html.append(escape(text[cursor:end]))
    prefix = "…" if begin > 0 else ""
    suffix = "…" if end < len(text) else ""
    return mark_safe(prefix + "".join(html) + suffix)  # noqa: S308 - every part is escaped


def mark_title(title: str, query: AnalysedQuery) -> str:
    return snippet(title, query, length=max(len(title or ""), 1))
