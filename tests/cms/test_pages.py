"""Every page type renders, lists with working filters and pagination, and is in the API."""

import datetime

import pytest
from wagtail.rich_text import RichText

from cms.models import (
    BrandIndexPage,
    BrandPage,
    OrganisationKind,
    PledgeWallPage,
    ProfileIndexPage,
    ProfilePage,
    StoryIndexPage,
    StoryPage,
)
from cms.services import ensure_child_page, ensure_organisation
from learning.models import LecturePage

pytestmark = pytest.mark.django_db

PAGE_TYPES = [
    ("cms.HomePage", "/"),
    ("cms.StoryIndexPage", "/stories/"),
    ("cms.StoryPage", "/stories/miyun-xianfeng/"),
    ("cms.ProfileIndexPage", "/people/"),
    ("cms.ProfilePage", "/people/he-xiuling/"),
    ("cms.BrandIndexPage", "/brands/"),
    ("cms.BrandPage", "/brands/miyun-xianfeng/"),
    ("learning.LectureIndexPage", "/lectures/"),
    ("learning.LectureSeriesPage", "/lectures/nanhu-chuxin/"),
    ("learning.LecturePage", "/lectures/nanhu-chuxin/red-boat-spirit/"),
    ("cms.PledgeWallIndexPage", "/pledges/"),
    ("cms.PledgeWallPage", "/pledges/qijiang-qibi/"),
]


@pytest.mark.parametrize("page_type, url", PAGE_TYPES)
def test_every_page_type_renders_in_chinese(client, demo_site, page_type, url):
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="zh-Hans">' in html
    assert "<main" in html and 'role="banner"' in html
    # Site chrome is translated, not left in English.
    assert "跳到正文" in html and "Skip to content" not in html


def test_story_page_links_people_and_brands(client, demo_site):
    html = client.get("/stories/miyun-xianfeng/").content.decode()
    assert "故事中的人物" in html and "/people/he-xiuling/" in html
    assert "/brands/miyun-xianfeng/" in html
    assert "4.2万" in html  # the highlighted figure block


def test_profile_page_links_back_to_story_and_brand(client, demo_site):
    html = client.get("/people/he-xiuling/").content.decode()
    assert "/stories/miyun-xianfeng/" in html
    assert "/brands/miyun-xianfeng/" in html
    assert "优秀共产党员" in html


def test_images_have_alternative_text(client, demo_site):
    html = client.get("/stories/miyun-xianfeng/").content.decode()
    for tag in html.split("<img")[1:]:
        assert " alt=" in tag.split(">")[0]


@pytest.fixture
def two_regions(demo_site):
    stories = StoryIndexPage.objects.get()
    jiaxing = ensure_organisation("中共嘉兴市委员会", OrganisationKind.COMMITTEE, "浙江省嘉兴市")
    branch = ensure_organisation("某村党支部", OrganisationKind.BRANCH, "浙江省嘉兴市", jiaxing)
    story, _ = ensure_child_page(
        stories,
        StoryPage,
        "jiaxing-story",
        title="嘉兴七讲七比",
        organisation=branch,
        date=datetime.date(2021, 9, 1),
        body=[("paragraph", RichText("<p>正文</p>"))],
    )
    return jiaxing, branch, story


def listed_titles(response):
    return [p.title for p in response.context["page_obj"]]


def test_listing_filters_by_region(client, two_regions):
    response = client.get("/stories/", {"region": "浙江省嘉兴市"})
    assert listed_titles(response) == ["嘉兴七讲七比"]
    response = client.get("/stories/", {"region": "北京市密云区"})
    assert listed_titles(response) == ["北京密云打造“密云先锋”特色党建品牌"]
    assert len(listed_titles(client.get("/stories/"))) == 2


def test_listing_filter_by_organisation_covers_its_subtree(client, two_regions):
    jiaxing, branch, _ = two_regions
    # The committee filters everything under it, including its branch's story.
    assert listed_titles(client.get("/stories/", {"org": jiaxing.pk})) == ["嘉兴七讲七比"]
    assert listed_titles(client.get("/stories/", {"org": branch.pk})) == ["嘉兴七讲七比"]
    # Both organisations are offered as filters.
    offered = client.get("/stories/").context["filters"].organisations
    assert jiaxing in offered and branch in offered


def test_listing_ignores_malformed_filters_and_pages(client, two_regions):
    for params in (
        {"org": "abc"},
        {"org": "999999"},
        {"page": "x"},
        {"page": "-3"},
        {"region": "<script>"},
    ):
        response = client.get("/stories/", params)
        assert response.status_code == 200
    assert b"<script>" not in client.get("/stories/", {"region": "<script>"}).content


def test_listing_paginates(client, demo_site):
    profiles = ProfileIndexPage.objects.get()
    for i in range(30):
        ensure_child_page(profiles, ProfilePage, f"p{i}", title=f"党员{i:02d}", role="党员")
    first = client.get("/people/")
    assert len(first.context["page_obj"]) == ProfileIndexPage.per_page
    last = client.get("/people/", {"page": 2})
    assert len(last.context["page_obj"]) == 31 - ProfileIndexPage.per_page
    assert "第 2 页，共 2 页" in last.content.decode()


def test_draft_pages_are_not_listed(client, demo_site):
    brands = BrandIndexPage.objects.get()
    draft = BrandPage(
        title="草稿品牌",
        slug="draft",
        meaning="<p>x</p>",
        vehicle=[("action", {"title": "a", "description": ""})],
    )
    brands.add_child(instance=draft)
    draft.unpublish()
    assert "草稿品牌" not in client.get("/brands/").content.decode()


@pytest.mark.parametrize(
    "page_type, fields",
    [
        (
            "cms.StoryPage",
            ["date", "source", "byline", "body", "profiles", "region", "cover_image_listing"],
        ),
        ("cms.ProfilePage", ["role", "honours", "stories", "photo_thumbnail", "region"]),
        (
            "cms.BrandPage",
            ["slogan", "meaning", "vehicle", "impact", "profiles", "stories", "logo_thumbnail"],
        ),
        ("learning.LecturePage", ["sections", "summary", "points", "total_seconds"]),
        ("learning.LectureSeriesPage", ["intro"]),
        ("cms.PledgeWallPage", ["category_list", "is_open", "moderation_mode", "opens_on"]),
        ("cms.HomePage", ["intro", "figures"]),
        ("cms.StoryIndexPage", ["intro"]),
    ],
)
def test_api_serves_each_page_type_with_its_fields(client, demo_site, page_type, fields):
    response = client.get("/api/v2/pages/", {"type": page_type, "fields": ",".join(fields)})
    assert response.status_code == 200, response.content
    items = response.json()["items"]
    assert items, f"no {page_type} in the API"
    for name in fields:
        assert name in items[0], f"{page_type} lacks {name}"


def test_api_related_items_and_renditions(client, demo_site):
    story = client.get(
        "/api/v2/pages/", {"type": "cms.StoryPage", "fields": "profiles,cover_image_listing"}
    ).json()
    item = story["items"][0]
    assert [p["title"] for p in item["profiles"]] == ["何秀玲"]
    assert item["cover_image_listing"]["width"] == 480
    assert item["cover_image_listing"]["url"].endswith(".png")
    lecture = client.get(
        "/api/v2/pages/", {"type": "learning.LecturePage", "fields": "sections"}
    ).json()["items"][0]
    assert [s["kind"] for s in lecture["sections"]] == ["reading", "audio", "reading"]
    assert lecture["sections"][1]["media_source"].endswith(".wav")


def test_api_images_and_documents_endpoints(client, demo_site):
    assert client.get("/api/v2/images/").json()["meta"]["total_count"] >= 3
    assert client.get("/api/v2/documents/").json()["meta"]["total_count"] >= 1


def test_pledge_wall_validates_dates_and_categories(demo_site):
    from django.core.exceptions import ValidationError

    wall = PledgeWallPage.objects.get()
    wall.closes_on = wall.opens_on - datetime.timedelta(days=1)
    wall.categories = "  \n "
    with pytest.raises(ValidationError) as error:
        wall.full_clean()
    assert set(error.value.message_dict) >= {"closes_on", "categories"}


def test_lecture_total_seconds(demo_site):
    lecture = LecturePage.objects.get()
    assert lecture.total_seconds == 60 + 30 + 90
