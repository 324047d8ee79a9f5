"""Regions nest: filtering a listing by a region includes the regions under it, and the filter
offers each region in use with the levels above it."""

import pytest

from cms.models import BrandIndexPage, BrandPage
from cms.regions import region_levels, region_options
from cms.services import ensure_child_page


@pytest.mark.parametrize(
    "region, levels",
    [
        ("浙江省嘉兴市桐乡市", ["浙江省", "浙江省嘉兴市", "浙江省嘉兴市桐乡市"]),
        ("浙江省湖州市南太湖新区", ["浙江省", "浙江省湖州市", "浙江省湖州市南太湖新区"]),
        ("北京市密云区", ["北京市", "北京市密云区"]),
        ("内蒙古自治区呼和浩特市", ["内蒙古自治区", "内蒙古自治区呼和浩特市"]),
        ("香港特别行政区", ["香港特别行政区"]),
        ("湖南省", ["湖南省"]),
        ("", []),
    ],
)
def test_levels_are_read_from_the_text(region, levels):
    assert region_levels(region) == levels


def test_options_are_a_tree_with_the_levels_above():
    options = region_options(["浙江省嘉兴市桐乡市", "浙江省嘉兴市嘉善县", "北京市密云区"])
    assert [(o.value, o.label, o.depth) for o in options] == [
        ("北京市", "北京市", 0),
        ("北京市密云区", "\u3000密云区", 1),
        ("浙江省", "浙江省", 0),
        ("浙江省嘉兴市", "\u3000嘉兴市", 1),
        ("浙江省嘉兴市嘉善县", "\u3000\u3000嘉善县", 2),
        ("浙江省嘉兴市桐乡市", "\u3000\u3000桐乡市", 2),
    ]


def brand_titles(client, query):
    page_obj = client.get(f"/brands/?{query}").context["page_obj"]
    return {brand.title for brand in page_obj.object_list}


@pytest.mark.django_db
def test_a_city_lists_the_brands_of_its_counties(client, demo_site, settings):
    settings.PAGE_CACHE_ENABLED = False
    city = brand_titles(client, "region=浙江省嘉兴市")
    # 善城大爱 is 嘉善县's, 红色一刻钟 桐乡市's (桐昆集团), the others the city's own.
    assert {"善城大爱", "红色一刻钟", "七讲七比·争先攀高", "泥腿子"} <= city
    assert "密云先锋" not in city
    assert brand_titles(client, "region=浙江省嘉兴市嘉善县") == {"善城大爱"}
    assert brand_titles(client, "region=浙江省") >= city
    # A level nobody's page names exactly is offered all the same.
    offered = [o.value for o in client.get("/brands/").context["filters"].regions]
    assert "浙江省" in offered and "浙江省嘉兴市桐乡市" in offered


@pytest.mark.django_db
def test_a_new_brand_is_found_under_its_province_only(client, demo_site, settings):
    settings.PAGE_CACHE_ENABLED = False
    ensure_child_page(
        BrandIndexPage.objects.get(),
        BrandPage,
        "test-hunan-brand",
        title="湖南测试品牌",
        region="湖南省长沙市",
        meaning="<p>测试</p>",
        vehicle=[],
    )
    assert "湖南测试品牌" in brand_titles(client, "region=湖南省")
    assert "湖南测试品牌" not in brand_titles(client, "region=浙江省嘉兴市")
