"""Region levels whose names begin with a level's own suffix: 市中区 is a district of 济南市
(and of 枣庄市, 乐山市 …), read as one level under the city, not cut after 济南市市."""

import pytest

from cms.regions import region_levels, region_options


@pytest.mark.parametrize(
    "region, levels",
    [
        ("山东省济南市市中区", ["山东省", "山东省济南市", "山东省济南市市中区"]),
        ("山东省枣庄市市中区", ["山东省", "山东省枣庄市", "山东省枣庄市市中区"]),
        ("四川省乐山市市中区", ["四川省", "四川省乐山市", "四川省乐山市市中区"]),
        ("山东省青岛市市北区", ["山东省", "山东省青岛市", "山东省青岛市市北区"]),
        ("山东省青岛市市南区", ["山东省", "山东省青岛市", "山东省青岛市市南区"]),
        # Runs of suffixes that are one level stay one.
        ("湖北省荆州市沙市区", ["湖北省", "湖北省荆州市", "湖北省荆州市沙市区"]),
        ("广东省广州市天河区", ["广东省", "广东省广州市", "广东省广州市天河区"]),
        ("浙江省嘉兴市桐乡市", ["浙江省", "浙江省嘉兴市", "浙江省嘉兴市桐乡市"]),
    ],
)
def test_a_district_named_with_a_suffix_is_one_level(region, levels):
    assert region_levels(region) == levels


def test_the_filter_offers_shi_zhong_qu_under_its_city():
    options = region_options(["山东省济南市市中区", "山东省枣庄市市中区"])
    assert [(o.value, o.label) for o in options] == [
        ("山东省", "山东省"),
        ("山东省枣庄市", "\u3000枣庄市"),
        ("山东省枣庄市市中区", "\u3000\u3000市中区"),
        ("山东省济南市", "\u3000济南市"),
        ("山东省济南市市中区", "\u3000\u3000市中区"),
    ]
