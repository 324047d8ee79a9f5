"""A publish, unpublish or delete retires the page and what would list it (its listing page,
the home page, the pages linking to it or linked from it), never the whole site; a menu page
or a slug change still clears everything (cms.content_cache, "Dependencies")."""

import datetime

import pytest
from django.utils import timezone

from cms.models import BrandPage, PledgeWallPage, ProfilePage, StoryIndexPage, StoryPage
from cms.page_cache import HEADER

pytestmark = pytest.mark.django_db


def warm(client, *urls):
    for url in urls:
        client.get(url)
        assert client.get(url)[HEADER] == "hit", url


def others():
    """Pages a story publish must leave cached (a brand that links no story used here)."""
    return [
        BrandPage.objects.get(slug="qijiang-qibi").url,
        "/brands/",
        PledgeWallPage.objects.live().first().url,
    ]


def test_publishing_a_new_story_retires_its_listing_the_home_page_and_itself_only(
    client, demo_site, django_capture_on_commit_callbacks, django_assert_num_queries, monkeypatch
):
    from cms import page_cache, signals

    clears = []
    monkeypatch.setattr(page_cache, "clear_page_cache", lambda: clears.append(1))
    monkeypatch.setattr(signals, "clear_page_cache", lambda: clears.append(1))
    index = StoryIndexPage.objects.get()
    story = index.add_child(
        instance=StoryPage(
            title="新发布的先锋故事",
            slug="xin-gushi",
            date=timezone.localdate() + datetime.timedelta(days=1),  # newest: on the home page
            body=[("paragraph", "<p>正文。</p>")],
            live=False,
        )
    )
    warm(client, "/stories/", "/", *others())

    with django_capture_on_commit_callbacks(execute=True):
        story.save_revision().publish()
    assert clears == []

    untouched = others()
    with django_assert_num_queries(0):  # served from the cache
        for url in untouched:
            assert client.get(url)[HEADER] == "hit", url
    for url in ("/stories/", "/"):
        fresh = client.get(url)
        assert fresh[HEADER] == "miss", url
        assert "新发布的先锋故事" in fresh.content.decode(), url
    assert client.get(story.url).status_code == 200


def test_unpublishing_a_story_takes_it_off_its_listing_and_the_home_page_at_once(
    client, demo_site, django_capture_on_commit_callbacks
):
    story = StoryPage.objects.live().order_by("-date", "-pk").first()  # on the home page
    warm(client, "/stories/", "/", story.url, *others())
    assert story.title in client.get("/").content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        story.unpublish()

    for url in ("/stories/", "/"):
        assert story.title not in client.get(url).content.decode(), url
    assert client.get(story.url).status_code == 404
    for url in others():
        assert client.get(url)[HEADER] == "hit", url


def test_a_republished_title_shows_on_the_home_page_its_listing_and_a_linked_profile(
    client, demo_site, django_capture_on_commit_callbacks
):
    story = StoryPage.objects.get(slug="miyun-xianfeng")
    profile = ProfilePage.objects.get(pk=story.profile_links.first().profile_id)
    warm(client, "/", "/stories/", profile.url)
    assert story.title in client.get(profile.url).content.decode()

    story.title = "改过标题的先锋故事"
    with django_capture_on_commit_callbacks(execute=True):
        story.save_revision().publish()

    for url in ("/", "/stories/", profile.url, story.url):
        assert "改过标题的先锋故事" in client.get(url).content.decode(), url


def test_a_newly_linked_profile_shows_the_story_at_once(
    client, demo_site, django_capture_on_commit_callbacks
):
    """The pages a published story links to show it among their cards, although the
    reference index of its new links may not be brought up to date yet."""
    from cms.models.links import StoryProfileLink

    story = StoryPage.objects.get(slug="miyun-xianfeng")
    people = ProfilePage.objects.live().first().get_parent()
    profile = people.add_child(
        instance=ProfilePage(title="新的先锋人物", slug="xin-renwu", role="村党支部书记")
    )
    with django_capture_on_commit_callbacks(execute=True):
        profile.save_revision().publish()
    warm(client, profile.url)
    assert story.title not in client.get(profile.url).content.decode()

    story.profile_links.add(StoryProfileLink(profile=profile))
    with django_capture_on_commit_callbacks(execute=True):
        story.save_revision().publish()

    fresh = client.get(profile.url)
    assert fresh[HEADER] == "miss"
    assert story.title in fresh.content.decode()


def test_deleting_a_story_retires_its_listing_and_leaves_other_pages_cached(
    client, demo_site, django_capture_on_commit_callbacks
):
    story = StoryPage.objects.live().order_by("-date", "-pk").first()
    warm(client, "/stories/", "/", *others())
    with django_capture_on_commit_callbacks(execute=True):
        story.delete()
    for url in ("/stories/", "/"):
        assert story.title not in client.get(url).content.decode(), url
    for url in others():
        assert client.get(url)[HEADER] == "hit", url


def test_a_menu_page_clears_everything(client, demo_site, django_capture_on_commit_callbacks):
    story = StoryPage.objects.get(slug="miyun-xianfeng")
    story.show_in_menus = True
    warm(client, *others())
    with django_capture_on_commit_callbacks(execute=True):
        story.save_revision().publish()
    for url in others():
        assert client.get(url)[HEADER] == "miss", url


def test_an_index_page_clears_everything(client, demo_site, django_capture_on_commit_callbacks):
    """A child of the site root is on the menu and the home page whatever show_in_menus
    says now (it may just have been taken off the menu)."""
    index = StoryIndexPage.objects.get()
    index.show_in_menus = False
    warm(client, *others())
    with django_capture_on_commit_callbacks(execute=True):
        index.save_revision().publish()
    for url in others():
        assert client.get(url)[HEADER] == "miss", url


def test_a_slug_change_clears_everything(client, demo_site, django_capture_on_commit_callbacks):
    story = StoryPage.objects.get(slug="miyun-xianfeng")
    story.slug = "miyun-xianfeng-2"
    warm(client, *others())
    with django_capture_on_commit_callbacks(execute=True):
        story.save_revision().publish()
    for url in others():
        assert client.get(url)[HEADER] == "miss", url
    assert client.get("/stories/miyun-xianfeng-2/").status_code == 200


def test_a_published_honour_shows_in_the_search_filter_choices_at_once(
    demo_site, django_capture_on_commit_callbacks
):
    from search.selectors import filter_choices

    assert "十佳先锋人物" not in filter_choices()["honours"]
    profile = ProfilePage.objects.live().first()
    profile.honours = [("honour", {"title": "十佳先锋人物"})]
    with django_capture_on_commit_callbacks(execute=True):
        profile.save_revision().publish()
    assert "十佳先锋人物" in filter_choices()["honours"]


def test_a_story_publish_keeps_the_search_filter_choices(
    demo_site, django_capture_on_commit_callbacks, django_assert_num_queries
):
    """Stories declare no honours: the choices do not depend on them."""
    from search.selectors import filter_choices

    filter_choices()
    story = StoryPage.objects.get(slug="miyun-xianfeng")
    story.summary = "新的摘要。"
    with django_capture_on_commit_callbacks(execute=True):
        story.save_revision().publish()
    with django_assert_num_queries(0):
        filter_choices()
