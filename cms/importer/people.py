"""People a story is about: names with role, organisation and place, found on the Simplified text.

A name is accepted on strong evidence (a role title right before it, an age '58岁的', a speech verb
or '是…书记' after it) or when jieba tags it as a person name in at least two person-like contexts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .names import (
    APPOINTED_RE,
    COMPOUND_SURNAMES,
    HONORIFICS,
    IS_VERBS,
    PERSON_NEXT,
    PLACE_ORG_SUFFIX,
    RARE_SURNAMES,
    ROLE_NOUN_ENDINGS,
    ROLE_TITLES,
    SPEECH_VERBS,
    SURNAMES,
    TIBETAN_ELEMENTS,
)
from .places import anchored_chains, city_named
from .roles import (
    Context,
    Hit,
    org_of,
    orig_span,
    person_place,
    role_after,
    role_before,
    roles_of,
    to_orig,
)
from .text import CJK, CJK_RE, to_simplified

_STRONG_AFTER_RE = re.compile(
    "|".join(sorted(SPEECH_VERBS, key=len, reverse=True)) + "|" + APPOINTED_RE
)
_AGE_RE = re.compile(r"(?:\d{1,3}|[一二三四五六七八九十]{1,3})岁(?:高龄)?的")
_FOLLOW_WORDS = (
    PERSON_NEXT
    + SPEECH_VERBS
    + IS_VERBS
    + ("在", "对", "把", "将", "从", "等", "的", "们", "被", "给", "向")
)
_BAD_GIVEN_TAGS = {
    "r",
    "d",
    "p",
    "c",
    "u",
    "uj",
    "ul",
    "uz",
    "ug",
    "uv",
    "ud",
    "m",
    "q",
    "f",
    "t",
    "y",
    "e",
    "o",
}
# Characters that begin clauses, never given names (居民|都说, 党员|也是).
# Pronouns never begin a given name either (村民|管她叫).
_FUNCTION_CHARS = set("的了着过是在与都也就还又把被将对这那其他她它你我咱您")
# Given names that are also ordinary words, accepted only right after a role title (覃|立新).
_LENIENT_GIVEN_TAGS = {None, "nr", "nrt", "nrfg", "d", "a", "ad", "t", "v", "vn"}


@dataclass
class Person:
    name: str  # as written (original script)
    name_simplified: str
    role: str = ""  # role and organisation as the text gives them, e.g. 密云区委组织部副部长
    organisation: str = ""  # e.g. 密云区委组织部
    place: str = ""  # e.g. 密云区


@lru_cache(maxsize=1)
def _jieba():
    import jieba
    import jieba.posseg as pseg

    jieba.setLogLevel(60)
    jieba.initialize()
    return jieba.dt.FREQ, pseg.dt.word_tag_tab, pseg


def _tokens(text: str) -> list[tuple[int, str, str]]:
    """(start, word, flag) for each jieba posseg token."""
    _, _, pseg = _jieba()
    out, pos = [], 0
    for w in pseg.cut(text):
        out.append((pos, w.word, w.flag))
        pos += len(w.word)
    return out


def _is_word(s: str) -> bool:
    freq, _, _ = _jieba()
    return freq.get(s, 0) >= 3


def _boundary_after(text: str, q: int) -> bool:
    if q >= len(text) or not CJK_RE.match(text[q]):
        return True
    if text.startswith(_FOLLOW_WORDS, q):
        return True
    return any(_is_word(text[q : q + k]) for k in (2, 3, 4))


def _suffix_follows(text: str, q: int) -> bool:
    """A place/organisation suffix right after the candidate (王寨|村), not a word that merely
    starts with one (韩祝君|庄重)."""
    for suf in PLACE_ORG_SUFFIX:
        if text.startswith(suf, q):
            return len(suf) > 1 or not _is_word(text[q : q + 2])
    return False


def _crosses_token(toks: list[tuple[int, str, str]] | None, end: int) -> bool:
    """True if a multi-character jieba token straddles `end` (党员|管自|家 -> 自家)."""
    return bool(toks) and any(pos < end < pos + len(w) and len(w) > 1 for pos, w, _ in toks)


def name_ok(cand: str, lenient: bool = False) -> bool:
    """Shape checks for a candidate name (surname + given name). lenient: accept a given name
    that is also an ordinary word (覃|立新), for candidates with strong context on both sides."""
    _, tags, _ = _jieba()
    if not all(CJK_RE.match(c) for c in cand) or len(cand) < 2:
        return False
    if cand in TIBETAN_ELEMENTS or cand[:2] in TIBETAN_ELEMENTS:
        return True
    if tags.get(cand, "nr")[:2] != "nr" and tags.get(cand) is not None:
        return False  # an ordinary word: 成为, 周全, 陆家
    given = cand[2:] if cand[:2] in COMPOUND_SURNAMES else cand[1:]
    if given.startswith(tuple(h for h in HONORIFICS if len(h) > 1)) or (
        len(given) == 1 and given in HONORIFICS
    ):
        return False  # 何书记, 李先生, 褚大姐, 李总
    if len(given) >= 2 and tags.get(given) in _BAD_GIVEN_TAGS and not lenient:
        return False  # 管自家
    if len(cand) == 3 and tags.get(cand[:2]) in _BAD_GIVEN_TAGS:
        return False  # 全都竖
    if given[0] in _FUNCTION_CHARS or len(given) == 2 and given[1] in "了着过地得":
        return False  # 居民|都说, 谈妥了, 高兴地
    if cand.endswith(PLACE_ORG_SUFFIX[:9]):  # 岑溪市, 余新镇
        return False
    return True


def _strong_follow(text: str, q: int) -> bool:
    return q >= len(text) or text[q] in "，。、；：！？" or text.startswith(_FOLLOW_WORDS, q)


def read_name(
    text: str, p: int, nr_len: int | None = None, toks=None, titled: bool = False
) -> str | None:
    """The name starting at p, if one plausibly does. nr_len: length of a jieba nr token at p;
    titled: a role title stands right before p, which is strong evidence for a name."""
    name = _read_name(text, p, nr_len, toks)
    if name or not titled or p >= len(text):
        return name
    cand = text[p : p + 3]
    if len(cand) < 3 or _is_word(cand[:2]) or not name_ok(cand, lenient=True):
        return None  # 高兴|地, 谈妥|了
    _, tags, _ = _jieba()
    if tags.get(cand[1:]) not in _LENIENT_GIVEN_TAGS:
        return None  # 管|自家, 来|服务
    starts = {pos for pos, _, _ in toks or ()}
    if text[p] in SURNAMES and _strong_follow(text, p + 3):
        return cand  # 党工委书记覃立新表示
    if (
        text[p] in RARE_SURNAMES
        and tags.get(cand[1:]) in (None, "nr", "nrt", "nrfg")  # not 来|服务, 来|敲门
        and p + 3 in starts
        and not _suffix_follows(text, p + 3)
    ):
        return cand  # 副书记时雪梅带着…
    return None


def _read_name(text: str, p: int, nr_len: int | None = None, toks=None) -> str | None:
    if "·" in text[p : p + 12] and (m := re.match(f"[{CJK}]{{2,5}}·[{CJK}]{{2,5}}", text[p:])):
        return m.group(0)
    if text[p : p + 2] in TIBETAN_ELEMENTS:
        return text[p : p + 4] if text[p + 2 : p + 4] in TIBETAN_ELEMENTS else text[p : p + 2]
    if text[p : p + 2] in COMPOUND_SURNAMES:
        lengths = (3, 4)
    elif p < len(text) and text[p] in SURNAMES:
        lengths = (2, 3)
    else:
        return None
    if (
        nr_len in lengths
        and name_ok(text[p : p + nr_len])
        and not _suffix_follows(text, p + nr_len)
    ):
        longer = nr_len + 1
        # jieba may cut a name short (欧阳明|华介绍): prefer one more character if only that ends cleanly.
        if (
            not _boundary_after(text, p + nr_len)
            and longer in lengths
            and name_ok(text[p : p + longer])
            and _boundary_after(text, p + longer)
        ):
            return text[p : p + longer]
        return text[p : p + nr_len]
    _, tags, _ = _jieba()
    for n in lengths:
        cand = text[p : p + n]
        if n == 3 and tags.get(cand[1:]) == "v":
            continue  # 里长|成独居: a verb as the given name, without jieba reading a name
        if (
            len(cand) == n
            and name_ok(cand)
            and _boundary_after(text, p + n)
            and not _crosses_token(toks, p + n)
        ):
            return None if _suffix_follows(text, p + n) else cand
    return None


def _collect(simp: list[str]) -> dict[str, list[Hit]]:
    hits: dict[str, list[Hit]] = {}

    def add(name: str | None, hit: Hit) -> None:
        if name:
            hits.setdefault(name, []).append(hit)

    title_re = re.compile("(" + "|".join(ROLE_TITLES) + ")”?")
    for pi, text in enumerate(simp):
        toks = _tokens(text)
        nr_at = {pos: len(w) for pos, w, f in toks if f.startswith("nr")}
        # 1. Role title right before a name: 党支部书记何秀玲, 市民朱玲, “业务攻坚之星”吕晓辉.
        for m in title_re.finditer(text):
            name = read_name(text, m.end(), nr_at.get(m.end()), toks, titled=True)
            if name:
                rstart = role_before(text, toks, m.start(1))
                add(name, Hit(pi, m.end(), True, (rstart, m.end(1))))
        # 1b. A role noun not in the list right before a name: 消防员庞志刚, 茶农饶春生.
        for pos, word, flag in toks:
            end = pos + len(word)
            if (
                len(word) >= 2
                and flag.startswith("n")
                and word[-1] in ROLE_NOUN_ENDINGS
                and not word.endswith(ROLE_TITLES)
                and (name := read_name(text, end, nr_at.get(end), toks, titled=True))
            ):
                add(name, Hit(pi, end, True, (role_before(text, toks, pos), end)))
        # 1c. Named as: 一位快递员，叫易浩然，… / 名叫….
        for m in re.finditer("(?:名叫|叫做|叫)", text):
            name = read_name(text, m.end(), nr_at.get(m.end()), toks)
            if name and _strong_follow(text, m.end() + len(name)):
                add(name, Hit(pi, m.end(), True))
        # 1d. A name right before a speech verb or an appointment: 瞿晓东被…培养为….
        for m in _STRONG_AFTER_RE.finditer(text):
            for n in (3, 2, 4):
                p = m.start() - n
                if p < 0 or _crosses_token(toks, p):
                    continue
                name = read_name(text, p, nr_at.get(p), toks)
                if name and p + len(name) == m.start():
                    add(name, Hit(pi, p, True, role_after(text, toks, m.start())))
                    break
        # 2. Age before a name: 58岁的任连东.
        for m in _AGE_RE.finditer(text):
            add(read_name(text, m.end(), nr_at.get(m.end()), toks), Hit(pi, m.end(), True))
        # 3. jieba person tokens (a lone surname token is joined to the next token: 胡/向阳).
        joined = -1
        for i, (pos, word, flag) in enumerate(toks):
            if i == joined:
                continue  # already read as the given name of the previous surname token
            if word in COMPOUND_SURNAMES and i + 1 < len(toks):  # 欧阳/静
                joined = i + 1
                name = read_name(text, pos, None, toks)
            elif (
                len(word) == 1
                and word in SURNAMES
                and i + 1 < len(toks)
                and toks[i + 1][2].startswith("nr")
            ):
                joined = i + 1
                name = read_name(text, pos, 1 + len(toks[i + 1][1]), toks)
            elif flag.startswith("nr"):
                name = read_name(text, pos, len(word), toks)
            else:
                continue
            if (
                not name
                or name in hits
                and any(h.para == pi and h.start == pos for h in hits[name])
            ):
                continue
            after = pos + len(name)
            rest = text[after : after + 8]
            strong = (
                bool(re.match(f"[{CJK}]{{0,4}}?({'|'.join(SPEECH_VERBS)})", rest))
                and "，" not in rest[:3]
            )
            role = role_after(text, toks, after)
            if role or strong or rest[:1] in "，。、；：！？" or rest.startswith(PERSON_NEXT):
                add(name, Hit(pi, pos, strong or bool(role), role))
    return hits


def find_people(paragraphs: list[str], exclude: set[str] = frozenset()) -> list[Person]:
    """People in `paragraphs` (original script), minus names in `exclude` (bylines, Simplified)."""
    simp = [to_simplified(p) for p in paragraphs]
    hits = _collect(simp)
    full = "\n".join(simp)
    accepted = {}
    for name, hs in hits.items():
        if name in exclude or to_simplified(name) in exclude:
            continue
        if any(h.strong for h in hs) or len({(h.para, h.start) for h in hs}) >= 2:
            accepted[name] = hs
    # Drop a candidate that only ever occurs inside a longer accepted one (胡向 inside 胡向阳).
    for a in list(accepted):
        if any(
            b != a and (b.startswith(a) or b.endswith(a)) and full.count(a) == full.count(b)
            for b in accepted
        ):
            del accepted[a]
    _roles_stated_later(simp, accepted)
    chains = [anchored_chains(t, _token_ends(t)) for t in simp]
    context = Context(paragraphs, simp, chains, city_named(full), _token_ends)
    people = []
    for name, hs in sorted(accepted.items(), key=lambda kv: min((h.para, h.start) for h in kv[1])):
        first = min(hs, key=lambda h: (h.para, h.start))
        roled = [h for h in sorted(hs, key=lambda h: (h.para, h.start)) if h.role]
        role = roles_of(context, roled)
        org = to_orig(role, org_of(to_simplified(role).split("、")[0])) if role else ""
        place = person_place(context, role, roled[0] if roled else first)
        original = orig_span(
            paragraphs[first.para], simp[first.para], first.start, first.start + len(name)
        )
        people.append(Person(original, name, role, org, place))
    return people


def _roles_stated_later(simp: list[str], accepted: dict[str, list[Hit]]) -> None:
    """Every mention of an accepted name followed by 是/还是/被…培养为 a role adds that role
    (葛春林还是县人大代表), also where the mention alone was too weak to propose the name."""
    toks: dict[int, list] = {}
    for name, hs in accepted.items():
        for pi, text in enumerate(simp):
            for m in re.finditer(re.escape(name), text):
                if not text.startswith(
                    ("是", "还", "也", "被", "现", "曾", "原", "后来", "担任"), m.end()
                ):
                    continue
                tk = toks.setdefault(pi, _tokens(text))
                role = role_after(text, tk, m.end())
                if role and not any(h.para == pi and h.role == role for h in hs):
                    hs.append(Hit(pi, m.start(), True, role))


def _token_ends(text: str) -> set[int]:
    return {pos + len(w) for pos, w, _ in _tokens(text)} | {0}
