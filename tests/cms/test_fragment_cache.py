"""Rendered page content and routed pages are kept under the content generation: repeat views
need no queries, yet every publish, move or unpublish shows at once, on the fresh and on the
cached page, and a preview neither reads nor fills the kept fragments."""

import pytest

from cms.models import BrandIndexPage, BrandPage, ProfilePage, StoryPage
from cms.page_cache import HEADER

pytestmark = pytest.mark.django_db


@pytest.fixture
def uncached(settings):
    settings.PAGE_CACHE_ENABLED = False


def publish(page, capture):
    with capture(execute=True):
        page.save_revision().publish()


def warm_renditions():
    from wagtail.images import get_image_model

    from cms.selectors import RENDITION_SPECS

    for image in get_image_model().objects.all():  # made ahead in production (cms.signals)
        image.get_renditions(*RENDITION_SPECS)


@pytest.mark.parametrize("url", ["/stories/miyun-xianfeng/", "/brands/", "/people/"])
def test_repeat_views_need_no_queries(client, demo_site, uncached, url, django_assert_num_queries):
    warm_renditions()
    first = client.get(url)
    with django_assert_num_queries(0):
        again = client.get(url)
    assert again.content == first.content


@pytest.mark.parametrize("cached", [False, True])
def test_a_publish_shows_on_the_story_page_at_once(
    client, demo_site, settings, cached, django_capture_on_commit_callbacks
):
    settings.PAGE_CACHE_ENABLED = cached
    story = StoryPage.objects.get(slug="miyun-xianfeng")
    person = ProfilePage.objects.get(pk=story.profile_links.first().profile_id)
    for _ in range(2):
        assert client.get(story.url).status_code == 200
    story.summary, story.byline = "新摘要", "新的署名记者"
    publish(story, django_capture_on_commit_callbacks)
    assert "新的署名记者" in client.get(story.url).content.decode()
    # A linked page's publish retires the story's kept fragment too (its card changes).
    person.title = "改名的先锋人物"
    publish(person, django_capture_on_commit_callbacks)
    response = client.get(story.url)
    assert "改名的先锋人物" in response.content.decode()
    if cached:
        assert response[HEADER] == "miss"


def test_listing_fragments_follow_filters_pages_and_publishes(
    client, demo_site, uncached, django_capture_on_commit_callbacks
):
    everything = client.get("/brands/").content.decode()
    region = client.get("/brands/?region=北京市密云区").content.decode()
    assert everything != region
    assert client.get("/brands/").content.decode() == everything
    assert client.get("/brands/?region=北京市密云区").content.decode() == region
    template = BrandPage.objects.live().first()
    brand = BrandPage(
        title="新品牌",
        slug="xin-pinpai",
        meaning="<p>释义</p>",
        vehicle=template.vehicle.raw_data,
        region="北京市密云区",
        live=False,
    )
    BrandIndexPage.objects.get().add_child(instance=brand)
    publish(brand, django_capture_on_commit_callbacks)
    assert "新品牌" in client.get("/brands/").content.decode()
    assert "新品牌" in client.get("/brands/?region=北京市密云区").content.decode()
    assert "新品牌" not in client.get("/brands/?region=湖南省").content.decode()


def test_moving_a_page_to_a_new_url_reroutes_at_once(
    client, demo_site, uncached, django_capture_on_commit_callbacks
):
    story = StoryPage.objects.get(slug="miyun-xianfeng")
    old_url = story.url
    assert client.get(old_url).status_code == 200
    story.slug = "miyun-xianfeng-new"
    publish(story, django_capture_on_commit_callbacks)
    moved = client.get(old_url)  # Wagtail's automatic redirect, not the kept page
    assert (moved.status_code, moved["Location"]) == (301, "/stories/miyun-xianfeng-new/")
    assert client.get("/stories/miyun-xianfeng-new/").status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        StoryPage.objects.get(pk=story.pk).unpublish()
    assert client.get("/stories/miyun-xianfeng-new/").status_code == 404


def test_urls_below_a_page_are_not_kept(client, demo_site, uncached):
    from django.core.cache import cache

    story = StoryPage.objects.get(slug="miyun-xianfeng")
    client.get(story.url)
    kept = len(cache._cache)
    for number in range(5):
        assert client.get(f"{story.url}made-up-{number}/").status_code == 404
    assert len(cache._cache) == kept


def test_a_preview_neither_reads_nor_fills_fragments(client, demo_site, uncached):
    story = StoryPage.objects.get(slug="miyun-xianfeng")
    assert client.get(story.url).status_code == 200  # fragments kept
    story.byline = "未保存的署名"  # an editor's unsaved change, as a preview renders it
    preview = story.make_preview_request()  # as the admin's preview panel asks for it
    assert "未保存的署名" in preview.content.decode()
    assert "未保存的署名" not in client.get(story.url).content.decode()


def test_a_repeat_view_reads_the_shared_cache_three_times(client, demo_site, uncached, monkeypatch):
    """With Redis each read is a round trip: the site, privacy, menu and generation come in
    one read, then the routed page and the kept fragment."""
    from django.core.cache import caches

    shared, reads, inside = caches["default"], [], []

    def get_many(keys, **kwargs):
        reads.append(keys)
        inside.append(True)  # local memory's get_many reads key by key: one read, not several
        try:
            return type(shared).get_many(shared, keys, **kwargs)
        finally:
            inside.pop()

    def get(key, *args, **kwargs):
        if not inside:
            reads.append(key)
        return type(shared).get(shared, key, *args, **kwargs)

    monkeypatch.setattr(shared, "get_many", get_many)
    monkeypatch.setattr(shared, "get", get)
    warm_renditions()
    for url in ("/stories/miyun-xianfeng/", "/brands/", "/"):
        client.get(url)
        reads.clear()
        assert client.get(url).status_code == 200
        assert len(reads) <= 3, (url, reads)


def test_a_clear_during_a_request_is_seen_by_its_later_reads(demo_site):
    from django.core.signals import request_finished, request_started

    from cms.content_cache import cached_content
    from cms.page_cache import clear_page_cache

    request_started.send(sender=None)
    try:
        assert cached_content("probe", lambda: "old") == "old"
        clear_page_cache()  # e.g. an editor's publish, committed within this request
        assert cached_content("probe", lambda: "new") == "new"
    finally:
        request_finished.send(sender=None)


def test_the_content_cache_can_be_switched_off_for_benchmarks(settings):
    from cms.content_cache import cached_content

    builds = []

    def build():
        builds.append(1)
        return len(builds)

    assert cached_content("switch-test", build) == cached_content("switch-test", build) == 1
    settings.CONTENT_CACHE_ENABLED = False  # CONTENT_CACHE=off in production settings
    assert cached_content("switch-test", build) == 2
    assert cached_content("switch-test", build) == 3
