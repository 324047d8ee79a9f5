"""Query budgets of the benchmarked pages with every cache off: the "cold" row of
bench/pages.sh, what the first visitor after a publish gets. A page over its budget has
grown a query per card or per picture (bench/cold_profile.py shows where the time goes).

Each page is counted on its second view: the first also fills the site, menu and privacy
lookups, which stay cached in the cold row too.
"""

import pytest

from cms.models import (
    BrandIndexPage,
    BrandPage,
    ProfileIndexPage,
    ProfilePage,
    StoryPage,
    StoryProfileLink,
)
from cms.services import ensure_child_page

pytestmark = pytest.mark.django_db

# The demo's figures: routing (two queries for a page below the home page), then
#   /          the five sections, their pictures (renditions with their images); the index
#              pages come with the menu (cms.navigation)
#   story      cover picture, tags, people and brands cards, their pictures
#   /brands/   filter options (regions and organisations in use, the organisations), the page
#              of brands (short of a full page, so no COUNT), their pictures
COLD_BUDGETS = [("/", 6), ("/stories/miyun-xianfeng/", 6), ("/brands/", 6)]


@pytest.fixture
def cold(settings, demo_site):
    from wagtail.images import get_image_model

    from cms.selectors import RENDITION_SPECS

    settings.PAGE_CACHE_ENABLED = False
    settings.CONTENT_CACHE_ENABLED = False
    for image in get_image_model().objects.all():  # made ahead in production (cms.signals)
        image.get_renditions(*RENDITION_SPECS)


@pytest.mark.parametrize("url, budget", COLD_BUDGETS)
def test_cold_pages_keep_their_query_budget(
    client, cold, url, budget, django_assert_max_num_queries
):
    assert client.get(url).status_code == 200
    with django_assert_max_num_queries(budget):
        assert client.get(url).status_code == 200


def add_cards(count):
    """More brands (with the demo's logo) and people, linked from the demo story."""
    story = StoryPage.objects.get(slug="miyun-xianfeng")
    logo = BrandPage.objects.exclude(logo=None).first().logo
    brands, people = BrandIndexPage.objects.get(), ProfileIndexPage.objects.get()
    for i in range(count):
        ensure_child_page(
            brands,
            BrandPage,
            f"brand-{i}",
            title=f"品牌{i:02d}",
            logo=logo,
            meaning="<p>释义</p>",
            vehicle=[("action", {"title": "载体", "description": ""})],
        )
        profile, _ = ensure_child_page(
            people, ProfilePage, f"person-{i}", title=f"党员{i:02d}", role="党员", photo=logo
        )
        StoryProfileLink.objects.create(page=story, profile=profile)


@pytest.mark.parametrize("url, budget", COLD_BUDGETS)
def test_more_cards_need_no_more_queries(client, cold, url, budget, django_assert_max_num_queries):
    add_cards(12)
    assert client.get(url).status_code == 200
    # A full first page of brands now needs its COUNT.
    with django_assert_max_num_queries(budget + (url == "/brands/")):
        assert client.get(url).status_code == 200
