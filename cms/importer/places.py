"""Place names in a story: chains of administrative units (梧州市长洲区兴龙街道), found on the
Simplified text, and the place a person belongs to.
"""

from __future__ import annotations

import re

from .names import PLACE_SUFFIXES
from .text import CJK

# One unit: a name and one or more unit suffixes (梧州市: 州 and 市 both end the unit).
_UNIT_RE = re.compile(f"[{CJK}]{{1,8}}?(?:{PLACE_SUFFIXES})+")
# A unit does not start with a suffix character (市|农业农村局…) and holds no organisation word.
_NOT_UNIT_START = set("省市区县镇乡村州旗盟委副")
_ORG_CHARS = set("局委部党厅处科所站院会司组办队团")
# Where a place name begins: after these words or at the start of a clause.
_ANCHOR_RE = re.compile(
    f"(?:^|(?<=[，。；：！？、“”\\s])|在|于|到|走进|来到|位于|地处|提起|地处)(?=[{CJK}])"
)
# Not places although they end like one: 城区 (downtown), 社区 as a plain noun is kept.
_NOT_PLACE = (
    "全市",
    "全县",
    "全区",
    "全镇",
    "全乡",
    "全村",
    "我市",
    "我县",
    "本市",
    "该村",
    "各村",
)
_VERB_IN_UNIT = re.compile(
    "地处|位于|来到|走进|提起|在|到|是|有|的|和|与|了|把|被|为|让|向|去|我|你|他|她|全|各|该|这|那"
    "|个|一|两|几|多|少|每|些|老旧|新建"
)
# A lone unit at the start of a clause is a place only without a verb in it (邬建平进|村).
_VERB_IN_LONE_UNIT = re.compile("[进出回来住走搬建修办带]")
_ORG_AFTER = set("局厅部处司")


def chain_at(text: str, start: int, boundaries: set[int] | None = None) -> str:
    """The longest chain of units starting at `start`; with `boundaries` (token ends) the chain
    must end on one, so '云岭县副县长' gives 云岭县, not 云岭县副县."""
    return "".join(units_at(text, start, boundaries))


def units_at(text: str, start: int, boundaries: set[int] | None = None) -> list[str]:
    units, best, end = [], 0, start
    while m := _UNIT_RE.match(text, end):
        unit = m.group(0)
        if (
            unit[0] in _NOT_UNIT_START
            or _ORG_CHARS & set(unit)
            or _VERB_IN_UNIT.search(unit)
            or text[m.end() : m.end() + 1] in _ORG_AFTER  # 农业农村|局
        ):
            break
        units.append(unit)
        end = m.end()
        # 密云区|委组织部: 区委 is one token, but the place ends at 区.
        if boundaries is None or end in boundaries or text.startswith("委", end):
            best = len(units)
    units = units[:best]
    return [] if "".join(units) in _NOT_PLACE else units


def anchored_chains(text: str, boundaries: set[int] | None = None) -> list[tuple[int, str]]:
    """(position, chain) for every place chain after 在/走进/… or at the start of a clause when
    it has two units (临川县溪口镇溪口村) or ends on a word boundary (樟木乡|的, not 不少村|庄)."""
    out = []
    for m in _ANCHOR_RE.finditer(text):
        units = units_at(text, m.end(), boundaries)
        lone = len(units) == 1 and not m.group(0)
        if lone and (boundaries is None or _VERB_IN_LONE_UNIT.search(units[0])):
            continue
        if len(place := "".join(units)) >= 3:
            out.append((m.end(), place))
    return out


def expand(place: str, chains: list[str]) -> str:
    """The place with the higher units the article gives elsewhere: 沙湾区 -> 东江市沙湾区."""
    best = place
    for chain in chains:
        i = chain.find(place)
        while i > 0:
            if chain[i - 1] in PLACE_SUFFIXES.replace("|", "") and len(
                chain[: i + len(place)]
            ) > len(best):
                best = chain[: i + len(place)]
            i = chain.find(place, i + 1)
    return best


def city_named(text: str) -> str:
    """The first city the article names as a place (宁川市), for expanding '市农业农村局'."""
    for m in _ANCHOR_RE.finditer(text):
        for unit in units_at(text, m.end()):
            if unit.endswith("市") and len(unit) >= 3:
                return unit
    return ""
