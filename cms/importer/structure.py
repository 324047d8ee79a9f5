"""Article structure: title, date, byline, source site and body blocks from cleaned lines."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from functools import lru_cache

from .text import CJK, ends_sentence, quotes_balanced, to_simplified

HEADLINE_MAX = 60  # a headline or section heading is a short line...
HEADING_MAX = 50  # ...without a sentence end; longer unfinished lines are broken paragraphs
CAPTION_MAX = 40

_NAME = f"[{CJK}·]{{2,6}}"
BYLINE_ROLES = (
    "本报记者",
    "本刊记者",
    "本台记者",
    "本网记者",
    "特约记者",
    "见习记者",
    "实习记者",
    "记者",
    "本报通讯员",
    "通讯员",
    "实习生",
    "特约撰稿",
    "撰稿",
    "撰文",
    "作者",
    "编辑",
    "责任编辑",
    "责编",
    "文",
    "图",
    "摄影",
    "摄",
    "文/图",
    "文图",
    "审核",
    "校对",
    "编审",
    "主编",
)
_ROLE_ALT = "|".join(sorted((re.escape(r) for r in BYLINE_ROLES), key=len, reverse=True))
_BYLINE_TOKEN_RE = re.compile(f"^(?:{_ROLE_ALT})[：:/]?$")
_BYLINE_GLUED_RE = re.compile(f"^({_ROLE_ALT})[：:/]?({_NAME})$")
_INLINE_BYLINE_RE = re.compile(
    f"[（(]\\s*((?:(?:本报|本刊)?(?:记者|通讯员|实习生)\\s*(?:{_NAME}[\\s、，]*)+)+)[）)]"
)
_MARKERS = "□■◇◆●○▲△★☆"

_DATE_RE = re.compile(
    r"(?<!\d)((?:19|20)\d{2})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})(?!\d)\s*日?"
)
_META_LABEL_RE = re.compile(
    r"(发布时间|发布日期|发表时间|时间|日期|来源|作者|编辑|责任编辑|浏览|阅读|点击)\s*[：:]"
)
_SOURCE_RE = re.compile(r"来源\s*[：:]\s*([^\s|：:]{2,30})")
_OWNER_RE = [
    re.compile(r"^(.{2,20}?)\s*版权所有"),
    re.compile(r"版权所有\s*[：:]?\s*([^\s©|]{2,20})"),
]
_COPYRIGHT_RE = re.compile(r"(?:Copyright|©)\s*(?:\d{4}(?:\s*-\s*\d{4})?)?\s*([^\s©|]{2,30})", re.I)
_SOFTWARE_RE = re.compile(r"Powered by\s+(\S+)", re.I)
_DOMAIN_RE = re.compile(r"^([a-z0-9-]+(?:\.[a-z0-9-]+)+)\s+发表于", re.I)
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


def parse_date(text: str) -> dt.date | None:
    for m in _DATE_RE.finditer(text):
        try:
            return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        except ValueError:
            continue
    return None


def parse_byline(line: str) -> list[str] | None:
    """Names if the line is a byline ('本报记者 王可心 通讯员 钱蕾', '□ 记者 吕正子 文/图'), else None."""
    s = to_simplified(line).strip(_MARKERS + " ")
    if len(s) > 60 or not s:
        return None
    s = re.sub(r"[（(]\s*([^）)]*)\s*[）)]", r" \1 ", s)
    names, has_role = [], False
    for tok in re.split(r"[\s、，,;；]+", s):
        if not tok:
            continue
        if _BYLINE_TOKEN_RE.match(tok):
            has_role = True
        elif m := _BYLINE_GLUED_RE.match(tok):
            has_role = True
            names.append(m.group(2))
        elif re.fullmatch(_NAME, tok) and len(tok) <= 4 or "·" in tok and re.fullmatch(_NAME, tok):
            names.append(tok)
        else:
            return None
    return names if has_role and names else None


def inline_bylines(text: str) -> list[str]:
    """Names in '本报讯（记者 张三 通讯员 李四）' at the start of a paragraph."""
    out = []
    for m in _INLINE_BYLINE_RE.finditer(to_simplified(text)[:80]):
        out += [
            t
            for t in re.split(r"[\s、，]+|本报|本刊|记者|通讯员|实习生", m.group(1))
            if len(t) >= 2
        ]
    return out


def _is_meta_line(line: str) -> bool:
    s = to_simplified(line)
    if len(s) > 80:
        return False
    if _META_LABEL_RE.search(s):
        return True
    # A line that is just a date (and maybe a time).
    return bool(_DATE_RE.search(s)) and len(re.sub(r"[\d\s:：\-/.年月日时分秒]", "", s)) <= 2


def extract_source(lines: list[str], dropped: list[tuple[str, str]]) -> str:
    for line in lines:
        if (m := _SOURCE_RE.search(to_simplified(line))) and len(line) <= 80:
            return _span(line, m, 1)
    for _, line in dropped:
        for rx in _OWNER_RE:
            if (m := rx.search(line)) and not re.search(r"\d{4}", m.group(1)):
                return m.group(1).strip(" ：:")
    for _, line in dropped:
        if m := _DOMAIN_RE.search(line):
            return m.group(1)
    # '© 2001-2025 Discuz! Team.' names the forum software, not the site.
    software = {m.group(1).lower() for _, line in dropped if (m := _SOFTWARE_RE.search(line))}
    for _, line in dropped:
        if (m := _COPYRIGHT_RE.search(line)) and m.group(1).lower() not in software:
            return m.group(1)
    return ""


def _span(original: str, m: re.Match, group: int) -> str:
    """A match found on the Simplified form, cut from the original line (t2s keeps lengths)."""
    simp = to_simplified(original)
    return original[m.start(group) : m.end(group)] if len(simp) == len(original) else m.group(group)


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
    for _, line in dropped:  # a forum post time such as '发表于 2021-7-5 10:00'
        if "发表于" in line and not meta.date:
            meta.date = parse_date(line)
    body: list[str] = []
    seen_prose = False
    for line in lines:
        names = parse_byline(line)
        if names is not None:
            meta.bylines += [n for n in names if n not in meta.bylines]
            continue
        if _is_meta_line(line) and (not seen_prose or _META_LABEL_RE.search(to_simplified(line))):
            meta.date = meta.date or parse_date(line)
            if (m := _SOURCE_RE.search(to_simplified(line))) and not meta.source_site:
                meta.source_site = _span(line, m, 1)
            for n in _byline_names_in_meta(line):
                if n not in meta.bylines:
                    meta.bylines.append(n)
            continue
        seen_prose = seen_prose or ends_sentence(line)
        body.append(line)
    meta.title, meta.subtitle, body = split_title(body)
    for line in body[:3]:
        meta.bylines += [n for n in inline_bylines(line) if n not in meta.bylines]
    return meta, [classify(line) for line in merge_broken(body)]


def _byline_names_in_meta(line: str) -> list[str]:
    out = []
    for m in re.finditer(
        f"(?:作者|记者|通讯员)\\s*[：:]?\\s*((?:{_NAME}[\\s、]*)+)", to_simplified(line)
    ):
        out += [t for t in re.split(r"[\s、]+", m.group(1)) if 2 <= len(t) <= 4]
    return out
