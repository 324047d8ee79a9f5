"""Listings, home sections and related cards are kept between publishes; every publish shows
at once, also to signed-in users (whom the page cache never serves), and previews never leak."""

import pytest
from django.test import RequestFactory

from cms.models import StoryIndexPage, StoryPage

pytestmark = pytest.mark.django_db


@pytest.fixture
def member_client(client, django_user_model):
    client.force_login(django_user_model.objects.create_user("reader", password="pw"))
    return client


def publish_new_story(title, capture):
    index = StoryIndexPage.objects.get()
    template = StoryPage.objects.live().first()
    story = StoryPage(
        title=title,
        slug="fresh-story",
        date=template.date,
        summary="摘要",
        organisation=template.organisation,
        live=False,
    )
    index.add_child(instance=story)
    with capture(execute=True):
        story.save_revision().publish()
    return story


def test_a_publish_reaches_listings_and_home_at_once(
    member_client, demo_site, django_capture_on_commit_callbacks
):
    for url in ("/", "/stories/"):
        assert "刚发布的故事" not in member_client.get(url).content.decode()
    publish_new_story("刚发布的故事", django_capture_on_commit_callbacks)
    for url in ("/", "/stories/"):
        assert "刚发布的故事" in member_client.get(url).content.decode(), url


def test_repeat_views_need_no_listing_queries(
    member_client, demo_site, django_assert_max_num_queries
):
    from wagtail.images import get_image_model

    from cms.selectors import RENDITION_SPECS

    for image in get_image_model().objects.all():  # made ahead in production (cms.signals)
        image.get_renditions(*RENDITION_SPECS)
    member_client.get("/stories/")
    member_client.get("/")
    # Session and user, then routing; the listing and the home sections come from the cache.
    with django_assert_max_num_queries(4):
        assert member_client.get("/stories/").status_code == 200
    # The home page also looks up the signed-in user's member row, for their own 今日学习 panel
    # (outside the content cache: it is personal).
    with django_assert_max_num_queries(3):
        assert member_client.get("/").status_code == 200


def test_filters_and_pages_are_kept_apart(client, demo_site, settings):
    settings.PAGE_CACHE_ENABLED = False
    everything = client.get("/brands/").context["page_obj"].paginator.count
    region = client.get("/brands/?region=北京市密云区").context["page_obj"]
    assert 0 < region.paginator.count < everything
    assert all(brand.region == "北京市密云区" for brand in region.object_list)
    assert client.get("/brands/").context["page_obj"].paginator.count == everything


def test_a_preview_never_fills_the_cache(client, demo_site):
    story = StoryPage.objects.get(slug="miyun-xianfeng")
    assert story.profile_links.exists()
    story.profile_links = []  # an editor's unsaved change, as a preview renders it
    request = RequestFactory().get(story.url)
    request.is_preview = True
    assert story.get_context(request)["profiles"] == []
    assert "何秀玲" in client.get(story.url).content.decode()


def test_each_region_is_offered_once(client, demo_site, settings):
    settings.PAGE_CACHE_ENABLED = False
    regions = client.get("/brands/").context["filters"].regions
    assert regions and len(regions) == len(set(regions))
