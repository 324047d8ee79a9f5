"""A person's role and place from the spans the name finder marked (see people.py).

Roles are read on the Simplified text from jieba tokens: the noun phrase before a title
('密云区委组织部副部长'), the phrase after 是/还是/被…培养为, all roles of a person joined with 、.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from .names import APPOINTED_RE, IS_ADVERBS, IS_VERBS, ORG_SUFFIXES, ROLE_TITLES
from .places import chain_at, expand
from .text import CJK_RE, to_simplified

ROLE_MAX = 30
# Words that start with 市 without abbreviating the city: 市民 is a citizen, not 嘉兴市民.
_NOT_CITY_ABBREVIATION = ("市民", "市场", "市区", "市里", "市面", "市容", "市井")
_ROLE_STOP_WORDS = {
    # '是全县乡村教师的代表': the scope is not part of the role.
    "全县",
    "全市",
    "全区",
    "全省",
    "全国",
    "全镇",
    "全乡",
    "全村",
    "全体",
    "的",
    "是",
    "在",
    "了",
    "和",
    "与",
    "及",
    "说",
    "为",
    "对",
    "把",
    "被",
    "将",
    "由",
    "从",
    "等",
    "也",
    "都",
}
_ROLE_OK_TAGS = {
    "n",
    "nr",
    "ns",
    "nt",
    "nz",
    "j",
    "b",
    "ng",
    "nrt",
    "nrfg",
    "l",
    "vn",
    "an",
    "i",
}


@dataclass
class Hit:
    para: int
    start: int
    strong: bool
    role: tuple[int, int] | None = None  # span of the role phrase in the paragraph


def role_before(text: str, toks: list[tuple[int, str, str]], end: int, floor: int = 0) -> int:
    """Start of the role phrase that ends at `end`, walking back over noun-like tokens."""
    idx = max((i for i, t in enumerate(toks) if t[0] < end), default=-1)
    start = end
    while idx >= 0:
        pos, word, flag = toks[idx]
        if pos < floor or end - pos > ROLE_MAX or word in _ROLE_STOP_WORDS:
            break
        if word.startswith("驻") and idx > 0 and toks[idx - 1][1].endswith(ORG_SUFFIXES):
            start, idx = pos, idx - 1  # 市农业农村局驻黄泥村第一书记: 驻 links two parts
            continue
        if word == "、":
            if idx == 0 or not toks[idx - 1][1].endswith(ROLE_TITLES):
                break
        elif (
            not (
                flag in _ROLE_OK_TAGS
                or (len(word) == 1 and word in "村镇乡县区市省委局部处科所站厂院")
                or (flag in ("x", "a", "f", "q") and len(word) == 1 and CJK_RE.match(word))
                or (flag == "v" and len(word) >= 4)  # set phrases used as attributes: 建档立卡
                # An adjective inside an organisation's name (卫生|健康|委), not before a title
                # (年轻|党员).
                or (
                    flag == "a"
                    and idx + 1 < len(toks)
                    and toks[idx + 1][1].endswith(ORG_SUFFIXES)
                    and not toks[idx + 1][1].endswith(ROLE_TITLES)
                )
                or (flag == "m" and CJK_RE.match(word) and not word.isdigit())
            )
            or word in "名个位户次"
        ):
            break
        start = pos
        idx -= 1
    return start


def org_of(role: str) -> str:
    s = role
    while True:
        t = s.rstrip("、")
        for title in ROLE_TITLES:
            if t.endswith(title) and len(t) > len(title):
                t = t[: -len(title)]
                break
        t = t[:-1] if t.endswith("副") else t
        if t == s:
            break
        s = t
    s = s.split("、")[-1]
    return s if s.endswith(ORG_SUFFIXES) and s != role else ""


def role_after(text: str, toks, after: int) -> tuple[int, int] | None:
    """'何秀玲是套里村党支部书记' -> span of 套里村党支部书记; also '…还是县人大代表' and
    '…被镇党委培养为村党支部副书记'."""
    starts = {pos for pos, _, _ in toks} | {len(text)}
    v_start = after + 1 if text.startswith("家", after) else after  # 戴杏洁家被认定为…
    if m := re.compile(APPOINTED_RE).match(text, v_start):
        return _role_in_clause(text, toks, m.end())
    for adverb in IS_ADVERBS:
        if text.startswith(adverb, v_start) and text.startswith(
            ("是", "担任", "现任"), v_start + len(adverb)
        ):
            v_start += len(adverb)
            starts.add(v_start)  # jieba reads 还是 as one word
            break
    for verb in sorted(IS_VERBS, key=len, reverse=True):
        # The verb must be whole words: 林草|系统 does not contain the verb 系.
        if text.startswith(verb, v_start) and v_start in starts and v_start + len(verb) in starts:
            return _role_in_clause(text, toks, v_start + len(verb))
    return None


def _role_in_clause(text: str, toks, v_end: int) -> tuple[int, int] | None:
    clause = re.split(r"[，。；！？：]", text[v_end:])[0]
    title = re.search("|".join(ROLE_TITLES), clause)
    if not title:
        return None
    end = v_end + title.end()
    while end < v_end + len(clause) and text.startswith(ROLE_TITLES, end):
        end += len(next(t for t in ROLE_TITLES if text.startswith(t, end)))
    # Walk back from the title's start: jieba may cut the title itself oddly (网格|员).
    return role_before(text, toks, v_end + title.start(), floor=v_end), end


@dataclass
class Context:
    paragraphs: list[str]
    simp: list[str]
    chains: list[list[tuple[int, str]]]  # per paragraph: (position, place chain)
    city: str  # the city the article names first, for '市…' roles
    token_ends: Callable[[str], set[int]]


def roles_of(ctx: Context, roled: list[Hit]) -> str:
    """Every distinct role the article gives the person, in order, joined with 、; a role that
    starts with the abbreviation 市 gets the article's city (市农业农村局 -> 宁川市农业农村局)."""
    roles: list[str] = []
    for h in roled:
        s, e = h.role
        role = orig_span(ctx.paragraphs[h.para], ctx.simp[h.para], s, e)
        text = ctx.simp[h.para]
        if (
            text.startswith("市", s)
            and not text.startswith(_NOT_CITY_ABBREVIATION, s)
            and ctx.city
            and not role.startswith(ctx.city)
        ):
            role = ctx.city[:-1] + role
        key = to_simplified(role)
        if any(key in to_simplified(r) for r in roles):
            continue
        roles = [r for r in roles if to_simplified(r) not in key] + [role]
    return "、".join(roles)


def person_place(ctx: Context, role: str, hit: Hit) -> str:
    """The place the role names (密云区委… -> 密云区), else the nearest place named before the
    person in this or an earlier paragraph; widened by the higher units named elsewhere."""
    everywhere = [c for chains in ctx.chains for _, c in chains]
    first_role = to_simplified(role).split("、")[0]
    place = chain_at(first_role, 0, ctx.token_ends(first_role)) if first_role else ""
    if not place:
        at = hit.role[0] if hit.role else hit.start
        before = [c for pos, c in ctx.chains[hit.para] if pos < at]
        for earlier in reversed(ctx.chains[: hit.para]):
            before = before or [c for _, c in earlier]
        place = before[-1] if before else ""
    return expand(place, everywhere) if place else ""


def orig_span(orig: str, simp: str, s: int, e: int) -> str:
    # OpenCC t2s keeps lengths for ordinary text; fall back to the Simplified span if it did not.
    return orig[s:e] if len(orig) == len(simp) else simp[s:e]


def to_orig(role: str, org_simp: str) -> str:
    """The organisation as written in the role (original script) when it can be located."""
    if not org_simp:
        return ""
    simp_role = to_simplified(role)
    i = simp_role.find(org_simp)
    return role[i : i + len(org_simp)] if i >= 0 and len(simp_role) == len(role) else org_simp
