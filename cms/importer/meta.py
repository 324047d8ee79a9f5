"""Article metadata read from lines: bylines, publication date and source site.

Everything is matched on the Simplified form of a line (one rule set for both scripts) and cut
back out of the original line where a value is returned in the article's own script.
"""

from __future__ import annotations

import datetime as dt
import re

from .text import CJK, to_simplified

_NAME = f"[{CJK}·]{{2,6}}"
# People who wrote or photographed the story: their names are the byline.
REPORTER_ROLES = (
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
    "文",
    "图",
    "摄影",
    "摄",
    "文/图",
    "文图",
)
# Desk staff (duty editor, proof-reader): the line is metadata, but they are not the byline.
EDITOR_ROLES = ("编辑", "责任编辑", "责编", "审核", "校对", "编审", "主编", "监制", "初审", "终审")
BYLINE_ROLES = REPORTER_ROLES + EDITOR_ROLES
_ROLE_ALT = "|".join(sorted((re.escape(r) for r in BYLINE_ROLES), key=len, reverse=True))
_BYLINE_TOKEN_RE = re.compile(f"^(?:{_ROLE_ALT})[：:/]?$")
# '河阳日报记者', '新华社记者': an outlet glued to the reporter's role.
_OUTLET_ROLE_RE = re.compile(f"^[{CJK}]{{2,10}}?(?:记者|通讯员)[：:]?$")
_BYLINE_GLUED_RE = re.compile(f"^({_ROLE_ALT})[：:/]?({_NAME})$")
_INLINE_BYLINE_RE = re.compile(
    f"[（(]\\s*((?:(?:本报|本刊)?(?:记者|通讯员|实习生)\\s*(?:{_NAME}[\\s、，]*)+)+)[）)]"
)
_TRAILING_BRACKET_RE = re.compile(r"[（(]([^（）()]{4,60})[）)]\s*$")
# '記者柯雅婷／臺中報導': the place the report was filed from.
_FILED_FROM_RE = re.compile(f"\\s*[／/]\\s*[{CJK}]{{2,8}}(?:报导|报道|电)$")
MARKERS = "□■◇◆●○▲△★☆"

DATE_RE = re.compile(
    r"(?<!\d)((?:19|20)\d{2})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})(?!\d)\s*日?"
)
_HAN_DIGITS = {c: i for i, c in enumerate("〇一二三四五六七八九")} | {"零": 0}
_HAN_DATE_RE = re.compile(
    "([〇零一二三四五六七八九]{4})年([一二三四五六七八九十]{1,3})月([一二三四五六七八九十]{1,3})日"
)
_WEEKDAY_RE = re.compile(r"(星期|周|週|礼拜)[一二三四五六日天]")
META_LABEL_RE = re.compile(
    r"(发布时间|发布日期|发表时间|时间|日期|来源|作者|编辑|责任编辑|浏览|阅读|点击)\s*[：:|｜]"
)
SOURCE_RE = re.compile(r"来源\s*[：:|｜]\s*[「“《]?([^\s|｜：:」”》]{2,30})")
_OWNER_AFTER_RE = re.compile(
    r"版权(?:均|皆|全部)?(?:归属于|归属|归|属于|属|为)\s*([^\s，。,、；]{2,20}?)\s*(?:独家)?所有"
)
_OWNER_BEFORE_RE = re.compile(r"([^\s，。,、；：:|©]{2,20})\s*版权所有")
_OWNER_LEAD_RE = re.compile(r"^(?:均为|均系|均属|皆为|系|为|属|归|本站|本网|由)")
_COPYRIGHT_NOISE_RE = re.compile(
    r"(?:Copyright|\(c\)|©)|(?:19|20)\d{2}(?:\s*[-–]\s*(?:19|20)\d{2})?|All Rights Reserved", re.I
)
_COPYRIGHT_RE = re.compile(r"(?:Copyright|©)\s*(?:\d{4}(?:\s*-\s*\d{4})?)?\s*([^\s©|]{2,30})", re.I)
_SOFTWARE_RE = re.compile(r"Powered by\s+(\S+)", re.I)
_DOMAIN_RE = re.compile(r"^([a-z0-9-]+(?:\.[a-z0-9-]+)+)\s+发表于", re.I)


# --- dates ----------------------------------------------------------------------------------


def _han_number(s: str) -> int:
    if "十" in s:  # 十, 十二, 二十, 二十三
        tens, _, ones = s.partition("十")
        return (_HAN_DIGITS[tens] if tens else 1) * 10 + (_HAN_DIGITS[ones] if ones else 0)
    return int("".join(str(_HAN_DIGITS[c]) for c in s))


def parse_date(text: str) -> dt.date | None:
    """The first valid full date: 2021-07-05, 2021年7月5日, 2021/7/5, 2021.07.05, 二〇二一年七月五日."""
    found = [(m.start(), m.group(1), m.group(2), m.group(3)) for m in DATE_RE.finditer(text)]
    found += [
        (m.start(), _han_number(m.group(1)), _han_number(m.group(2)), _han_number(m.group(3)))
        for m in _HAN_DATE_RE.finditer(text)
    ]
    for _, y, mo, d in sorted(found):
        try:
            return dt.date(int(y), int(mo), int(d))
        except ValueError:
            continue
    return None


def is_date_line(s: str) -> bool:
    """A line that is just a date (maybe with a weekday and a time)."""
    if not (DATE_RE.search(s) or _HAN_DATE_RE.search(s)):
        return False
    rest = _WEEKDAY_RE.sub("", s)
    return len(re.sub(r"[\d\s:：\-/.年月日时分秒〇零一二三四五六七八九十]", "", rest)) <= 2


# --- bylines --------------------------------------------------------------------------------


def parse_byline(line: str) -> list[str] | None:
    """Reporters' names if the line is a byline ('本报记者 王可心 通讯员 钱蕾', '□ 记者 吕正子
    文/图', '作者 | 魏一鸣'), [] for a desk line ('责任编辑：莫晓岚'), None for any other line."""
    s = to_simplified(line).strip(MARKERS + " ")
    s = _FILED_FROM_RE.sub("", s)
    if len(s) > 60 or not s:
        return None
    s = re.sub(r"[（(]\s*([^）)]*)\s*[）)]", r" \1 ", s)
    names, has_role, desk = [], False, False
    for tok in re.split(r"[\s、，,;；|｜]+", s):
        if not tok:
            continue
        if _BYLINE_TOKEN_RE.match(tok) or _OUTLET_ROLE_RE.match(tok):
            has_role, desk = True, tok.rstrip("：:/") in EDITOR_ROLES
        elif m := _BYLINE_GLUED_RE.match(tok):
            has_role, desk = True, m.group(1) in EDITOR_ROLES
            names += [] if desk else [m.group(2)]
        elif re.fullmatch(_NAME, tok) and len(tok) <= 4 or "·" in tok and re.fullmatch(_NAME, tok):
            names += [] if desk else [tok]
        else:
            return None
    return names if has_role else None


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


def trailing_byline(text: str) -> tuple[str, list[str]]:
    """'…二十家。（记者 岳小川 通讯员 蒋欣然）' -> ('…二十家。', [names]); else (text, [])."""
    m = _TRAILING_BRACKET_RE.search(to_simplified(text))
    if not m or m.start() == 0:
        return text, []
    names = parse_byline(m.group(1))
    if not names or not re.search("记者|通讯员|作者|撰稿|摄", m.group(1)):
        return text, []
    return text[: m.start()].rstrip(), names


def byline_names_in_meta(line: str) -> list[str]:
    out = []
    for m in re.finditer(
        f"(?:作者|记者|通讯员)\\s*[：:|｜]?\\s*((?:{_NAME}[\\s、]*)+)", to_simplified(line)
    ):
        out += [t for t in re.split(r"[\s、]+", m.group(1)) if 2 <= len(t) <= 4]
    return out


# --- source ---------------------------------------------------------------------------------


def span(original: str, m: re.Match, group: int) -> str:
    """A match found on the Simplified form, cut from the original line (t2s keeps lengths)."""
    simp = to_simplified(original)
    return original[m.start(group) : m.end(group)] if len(simp) == len(original) else m.group(group)


def copyright_owner(line: str) -> str:
    """'…均为东江晚报版权所有', '版權均屬港灣日報所有', '中台新聞網 © 2024 版權所有' -> the owner."""
    simp = to_simplified(line)
    m = _OWNER_AFTER_RE.search(simp)
    if m:
        return span(line, m, 1).strip(" ：:")
    # Drop ©, 'Copyright' and years so '中台新闻网 © 2024 版权所有' reads as owner + 版权所有.
    blanked = _COPYRIGHT_NOISE_RE.sub(lambda x: " " * len(x.group(0)), simp)
    if m := _OWNER_BEFORE_RE.search(blanked):
        lead = _OWNER_LEAD_RE.match(m.group(1))
        start = m.start(1) + (lead.end() if lead else 0)
        owner = line[start : m.end(1)] if len(simp) == len(line) else simp[start : m.end(1)]
        owner = owner.strip(" ：:")
        return owner if len(owner) >= 2 and not re.search(r"\d{4}", owner) else ""
    return ""


def extract_source(lines: list[str], dropped: list[tuple[str, str]]) -> str:
    for line in lines:
        if (m := SOURCE_RE.search(to_simplified(line))) and len(line) <= 80:
            return span(line, m, 1)
    for _, line in dropped:  # '凡本网注明「来源：湘东日报」的作品…'
        if m := SOURCE_RE.search(to_simplified(line)):
            return span(line, m, 1)
    for _, line in dropped:
        if owner := copyright_owner(line):
            return owner
    for _, line in dropped:
        if m := _DOMAIN_RE.search(line):
            return m.group(1)
    # '© 2001-2025 Discuz! Team.' names the forum software, not the site.
    software = {m.group(1).lower() for _, line in dropped if (m := _SOFTWARE_RE.search(line))}
    for _, line in dropped:
        if (m := _COPYRIGHT_RE.search(line)) and m.group(1).lower() not in software:
            return m.group(1)
    return ""
