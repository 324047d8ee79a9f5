"""Article structure: title, date, byline, source site and body blocks from cleaned lines."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from functools import lru_cache

from .meta import (
    META_LABEL_RE,
    SOURCE_RE,
    byline_names_in_meta,
    extract_source,
    inline_bylines,
    is_date_line,
    parse_byline,
    parse_date,
    span,
    trailing_byline,
)
from .text import CJK, ends_sentence, quotes_balanced, to_simplified

__all__ = ["Block", "Meta", "build", "merge_broken", "parse_byline", "parse_date", "split_title"]

HEADLINE_MAX = 60  # a headline or section heading is a short line...
HEADING_MAX = 50  # ...without a sentence end; longer unfinished lines are broken paragraphs
CAPTION_MAX = 40

_SECTION_LABELS = (
    "核心提示",
    "编者按",
    "导读",
    "内容提要",
    "摘要",
    "引言",
    "结语",
    "延伸阅读",
    "相关链接",
)
_ENUM_HEADING_RE = re.compile(
    r"^(?:\d{1,2}[\s、.．]|0\d|[一二三四五六七八九十]{1,3}[、是]|[（(][一二三四五六七八九十\d]{1,3}[）)]|第[一二三四五六七八九十]+[部分章节篇])"
)
_LABEL_HEADING_RE = re.compile(f"^[{CJK}]{{2,6}}[：:][^。！？]{{2,40}}$")
_FIGURE_RE = re.compile(
    r"^(\d+(?:\.\d+)?(?:万|萬|亿|億|千|百)?)(余|餘|多)?(万元|萬元|亿元|億元|名|个|支|家|户|人|条|項|项|场|場|座|次|元|亩|畝|公里|所|件|份|位|批|处|處|间|間|套|個|條|%|％)"
    f"([{CJK}“”]{{2,20}})"
)
_CONTINUATION_START = "的地得了着过、，。；：！？”）"


@dataclass
class Block:
    """kind: 'heading' | 'paragraph' | 'figure'. A figure block is a paragraph that leads with a
    highlighted figure; `text` is the whole paragraph and value/unit/label split out the figure."""

    kind: str
    text: str
    value: str | None = None
    unit: str | None = None
    label: str | None = None


@dataclass
class Meta:
    title: str = ""
    subtitle: str = ""
    date: dt.date | None = None
    bylines: list[str] = field(default_factory=list)
    source_site: str = ""


def _is_meta_line(line: str) -> bool:
    s = to_simplified(line)
    if len(s) > 80:
        return False
    return bool(META_LABEL_RE.search(s)) or is_date_line(s)


def is_headline_like(line: str) -> bool:
    return (
        len(line) <= HEADLINE_MAX
        and not ends_sentence(line)
        and quotes_balanced(line)
        and "。" not in line
        and line not in _SECTION_LABELS
        and not _ENUM_HEADING_RE.match(line)
    )


def split_title(lines: list[str]) -> tuple[str, str, list[str]]:
    """(title, subtitle-or-kicker, remaining lines). Only leading headline-like lines count."""
    head = []
    for line in lines[:2]:
        if not is_headline_like(line):
            break
        head.append(line)
    rest = lines[len(head) :]
    if not head:
        return "", "", rest
    if len(head) == 2:
        if head[1].startswith("—"):
            return head[0], head[1].lstrip("—- "), rest
        return head[1], head[0], rest
    # One line: 'kicker sentence，… main title' — the kicker is the part with clause commas.
    parts = head[0].rsplit(" ", 1)
    if len(parts) == 2 and "，" in parts[0] and len(head[0]) > 30:
        return parts[1], parts[0], rest
    return head[0], "", rest


@lru_cache(maxsize=1)
def _dict():
    import jieba

    jieba.setLogLevel(60)
    jieba.initialize()
    return jieba.dt.FREQ


def word_spans_boundary(left: str, right: str) -> bool:
    """True when a dictionary word straddles the join ('…党支部书' + '记、…' -> 书记)."""
    if not left or not right:
        return False
    freq = _dict()
    tail, head = to_simplified(left[-3:]), to_simplified(right[:3])
    for i in range(len(tail)):
        for j in range(1, len(head) + 1):
            w = tail[i:] + head[:j]
            if len(w) >= 2 and freq.get(w):
                return True
    return False


def continues(a: str, b: str) -> bool:
    """Would line `b` continue the unfinished line `a`?"""
    return b[0] in _CONTINUATION_START or word_spans_boundary(a, b) or not quotes_balanced(a)


def merge_broken(lines: list[str]) -> list[str]:
    """Re-join paragraphs split by layout, dropping a short caption that landed in the gap."""
    out: list[str] = []
    i = 0
    while i < len(lines):
        cur = lines[i]
        i += 1
        while i < len(lines) and not ends_sentence(cur):
            nxt = lines[i]
            if len(cur) > HEADING_MAX or continues(cur, nxt):
                cur, i = cur + nxt, i + 1
            elif (
                i + 1 < len(lines)
                and len(nxt) <= CAPTION_MAX
                and ends_sentence(nxt)
                and continues(cur, lines[i + 1])
                and (
                    lines[i + 1][0] in _CONTINUATION_START or word_spans_boundary(cur, lines[i + 1])
                )
            ):
                cur, i = cur + lines[i + 1], i + 2  # nxt was an image caption inside the paragraph
            else:
                break
        out.append(cur)
    return out


def classify(line: str) -> Block:
    if m := _FIGURE_RE.match(line):
        label = re.split(r"[，。；！？、]", m.group(4))[0]
        return Block(
            "figure", line, value=m.group(1) + (m.group(2) or ""), unit=m.group(3), label=label
        )
    if line in _SECTION_LABELS or (
        _ENUM_HEADING_RE.match(line) and len(line) <= HEADING_MAX and "。" not in line[:-1]
    ):
        return Block("heading", line)
    if len(line) <= HEADING_MAX and not ends_sentence(line) and quotes_balanced(line):
        return Block("heading", line)
    if _LABEL_HEADING_RE.match(line) and not ends_sentence(line):
        return Block("heading", line)
    return Block("paragraph", line)


def build(lines: list[str], dropped: list[tuple[str, str]]) -> tuple[Meta, list[Block]]:
    meta = Meta(source_site=extract_source(lines, dropped))
    for kind, line in dropped:  # '发表于 2021-7-5 10:00', '原创 某公众号 2025-06-02 08:30'
        if ("发表于" in line or kind == "wechat") and not meta.date:
            meta.date = parse_date(line)
    body: list[str] = []
    seen_prose = False
    for line in lines:
        names = parse_byline(line)
        if names is not None:
            meta.bylines += [n for n in names if n not in meta.bylines]
            continue
        if _is_meta_line(line) and (not seen_prose or META_LABEL_RE.search(to_simplified(line))):
            meta.date = meta.date or parse_date(line)
            if (m := SOURCE_RE.search(to_simplified(line))) and not meta.source_site:
                meta.source_site = span(line, m, 1)
            for n in byline_names_in_meta(line):
                if n not in meta.bylines:
                    meta.bylines.append(n)
            continue
        seen_prose = seen_prose or ends_sentence(line)
        body.append(line)
    meta.title, meta.subtitle, body = split_title(body)
    for line in body[:3]:
        meta.bylines += [n for n in inline_bylines(line) if n not in meta.bylines]
    # '…二十家。（记者 岳小川）' closing the story: the byline, not part of the paragraph.
    for i in range(max(0, len(body) - 2), len(body)):
        body[i], names = trailing_byline(body[i])
        meta.bylines += [n for n in names if n not in meta.bylines]
    body = [line for line in body if line]
    if not meta.date:  # no dateline: the first full date the story's opening gives
        meta.date = next((d for line in body[:2] if (d := parse_date(line))), None)
    return meta, [classify(line) for line in merge_broken(body)]
