"""A private page (a view restriction on it or an ancestor) is listed nowhere for visitors:
index pages, the home page's sections and links, related cards, the lecture hall."""

import pytest
from wagtail.models import PageViewRestriction

pytestmark = pytest.mark.django_db


@pytest.fixture
def uncached(settings):
    settings.PAGE_CACHE_ENABLED = False


def restrict(page, django_capture_on_commit_callbacks, kind=PageViewRestriction.PASSWORD):
    with django_capture_on_commit_callbacks(execute=True):  # the commit clears the caches
        return PageViewRestriction.objects.create(
            page=page, restriction_type=kind, password="secret"
        )


def html(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_a_private_story_leaves_listings_home_and_related_cards(
    client, demo_site, uncached, django_capture_on_commit_callbacks
):
    from cms.models import BrandPage, ProfilePage, StoryPage

    story = StoryPage.objects.get(slug="miyun-xianfeng")
    profile = ProfilePage.objects.get(title="何秀玲")
    brand = BrandPage.objects.get(title="密云先锋")
    pages = ["/", "/stories/", profile.url, brand.url]
    assert all(story.url in html(client, url) for url in pages)

    restriction = restrict(story, django_capture_on_commit_callbacks)
    for url in pages:
        assert story.url not in html(client, url), url
    with django_capture_on_commit_callbacks(execute=True):
        restriction.delete()
    assert all(story.url in html(client, url) for url in pages)


def test_a_private_section_leaves_the_home_sections_with_its_link(
    demo_site, django_capture_on_commit_callbacks
):
    from cms.models import StoryIndexPage, StoryPage
    from cms.selectors import home_sections

    index = StoryIndexPage.objects.get()
    assert "StoryIndexPage" in home_sections(demo_site)["indexes"]
    restrict(index, django_capture_on_commit_callbacks, PageViewRestriction.LOGIN)
    sections = home_sections(demo_site)
    assert "StoryIndexPage" not in sections["indexes"]  # no "All stories" link
    assert not set(StoryPage.objects.values_list("pk", flat=True)) & {
        story.pk for story in sections["stories"]
    }


def test_a_private_lecture_series_leaves_the_lecture_hall_and_home(
    client, demo_site, uncached, django_capture_on_commit_callbacks
):
    from learning.models import LecturePage, LectureSeriesPage

    series = LectureSeriesPage.objects.get(slug="nanhu-chuxin")
    lecture = LecturePage.objects.child_of(series).live().first()
    assert lecture.url in html(client, "/lectures/") and lecture.url in html(client, "/")
    restrict(series, django_capture_on_commit_callbacks)
    hall = html(client, "/lectures/")
    assert lecture.url not in hall and series.url not in hall
    assert lecture.url not in html(client, "/")


def test_a_private_section_leaves_the_main_menu(
    client, demo_site, django_capture_on_commit_callbacks
):
    from cms.models import StoryIndexPage

    stories = StoryIndexPage.objects.live().first()
    assert f'href="{stories.url}"' in html(client, "/")  # the menu is cached from here on
    restrict(stories, django_capture_on_commit_callbacks)
    assert f'href="{stories.url}"' not in html(client, "/")
