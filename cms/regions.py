"""Regions nest: 浙江省 ⊃ 浙江省嘉兴市 ⊃ 浙江省嘉兴市桐乡市. A page's region is free text written
from the top down (the organisation's, unless the editor gave one), so the levels are read
from the text: each level ends in an administrative suffix (省, 市, 县, 区, …). Filtering by a
region takes every region that starts with it (`region_q`); the filter offers each region in
use with the levels above it (`region_options`)."""

import re
from typing import NamedTuple

from django.db.models import Q

# A level ends at the first of these (a run of them: 桐乡市, 湖州市, 沙市区 are one level each).
# A run never holds 市市: a city's name ends at its 市, and a district named 市中区 (济南,
# 枣庄, 乐山 …), 市北区 or 市南区 (青岛) begins the next level, not 济南市市.
LEVEL = re.compile(r".+?(?:特别行政区|街道|(?:[省市区县州盟旗镇乡](?<!市市))+)|.+$")


class RegionOption(NamedTuple):
    value: str  # the whole region, as pages store it
    label: str  # the last level, indented under the one above it
    depth: int  # 0 for a top level

    def __str__(self):
        return self.value


def region_levels(region: str) -> list[str]:
    """The regions from the top down to `region`: 浙江省嘉兴市桐乡市 → [浙江省,
    浙江省嘉兴市, 浙江省嘉兴市桐乡市]."""
    region = (region or "").strip()
    ends = [match.end() for match in LEVEL.finditer(region)]
    return [region[:end] for end in ends]


def region_options(regions) -> list[RegionOption]:
    """Each region in `regions` and every level above it, once, in tree order."""
    values = {level for region in regions if region for level in region_levels(region)}
    options = []
    for value in sorted(values, key=region_levels):
        levels = region_levels(value)
        parent = levels[-2] if len(levels) > 1 else ""
        depth = len(levels) - 1
        # "\u3000" (an ideographic space) indents: a <select> shows no other markup.
        options.append(RegionOption(value, "\u3000" * depth + value[len(parent) :], depth))
    return options


def region_q(region: str, field: str = "region") -> Q:
    """Pages of `region` or of any region under it."""
    return Q(**{f"{field}__startswith": region})
