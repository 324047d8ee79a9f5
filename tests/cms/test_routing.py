"""Routing with fewer queries must still find, hide and protect exactly what Wagtail would."""

import pytest
from django.contrib.auth.models import Group
from wagtail.models import PageViewRestriction, Site

from cms.models import StoryIndexPage, StoryPage

pytestmark = pytest.mark.django_db


@pytest.fixture
def uncached(settings):
    """Measure the work behind a page, not the anonymous page cache in front of it."""
    settings.PAGE_CACHE_ENABLED = False


def test_deep_urls_resolve_and_unknown_ones_are_404(client, demo_site, uncached):
    story = StoryPage.objects.live().first()
    assert client.get(story.url).status_code == 200
    assert client.get(story.url + "no-such-child/").status_code == 404
    assert client.get("/no-such-section/").status_code == 404
    assert client.get("/stories/no-such-story/").status_code == 404


def test_a_draft_page_below_a_live_one_is_404(
    client, demo_site, uncached, django_capture_on_commit_callbacks
):
    story = StoryPage.objects.live().first()
    with django_capture_on_commit_callbacks(execute=True):
        story.unpublish()
    assert client.get(story.url).status_code == 404


@pytest.mark.parametrize("url", ["/", "/stories/", "/brands/", "/people/"])
def test_query_count_does_not_grow_with_content(
    client, demo_site, uncached, url, django_assert_max_num_queries
):
    client.get(url)  # first request fills the site and restriction caches
    index = StoryIndexPage.objects.get()
    template = StoryPage.objects.live().first()
    for number in range(6):
        index.add_child(
            instance=StoryPage(
                title=f"新故事{number}",
                slug=f"new-story-{number}",
                date=template.date,
                summary="摘要",
                organisation=template.organisation,
            )
        )
    with django_assert_max_num_queries(12):
        assert client.get(url).status_code == 200


def test_story_page_needs_few_queries(client, demo_site, uncached, django_assert_max_num_queries):
    story = StoryPage.objects.live().first()
    client.get(story.url)
    with django_assert_max_num_queries(12):
        assert client.get(story.url).status_code == 200


def test_making_a_section_private_takes_effect_at_once(
    client, demo_site, django_capture_on_commit_callbacks
):
    story = StoryPage.objects.live().first()
    assert client.get(story.url).status_code == 200
    assert story.title in client.get("/stories/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        restriction = PageViewRestriction.objects.create(
            page=story, restriction_type=PageViewRestriction.GROUPS
        )
        restriction.groups.set([Group.objects.get(name="Moderators")])
    # Anonymous visitors are sent to sign in, and the listing no longer shows the story.
    assert client.get(story.url).status_code == 302
    assert story.title not in client.get("/stories/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        restriction.delete()
    assert client.get(story.url).status_code == 200


def test_site_changes_reach_routing(client, demo_site, django_capture_on_commit_callbacks):
    assert client.get("/", HTTP_HOST="localhost").status_code == 200
    site = Site.objects.get(is_default_site=True)
    stories = StoryIndexPage.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        site.root_page = stories
        site.save()
    # The stories index is now the root: its own listing answers at "/".
    response = client.get("/", HTTP_HOST="localhost")
    assert response.status_code == 200
    assert response.context["page"].pk == stories.pk
