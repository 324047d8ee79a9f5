"""The invalidation policy (docs/cache-policy.md): a change retires exactly what shows it.

A pledge event on one wall retires that wall's pages and the pages listing it (the wall index,
the home page's walls), never another wall or a story; an image save retires the pages using
the image, including an image inside a page's body; each fragment is cached by one owner."""

import datetime
import re
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.utils import timezone

from cms.models import BrandPage, Organisation, Pledge, PledgeWallPage, StoryPage
from cms.models.pledges import ModerationMode
from cms.page_cache import HEADER
from cms.pledges import services

pytestmark = pytest.mark.django_db


@pytest.fixture
def walls(demo_site):
    Pledge.objects.all().delete()
    first = PledgeWallPage.objects.get(slug="qijiang-qibi")
    second = first.get_parent().add_child(
        instance=PledgeWallPage(
            title="岗位建功承诺墙",
            slug="gangwei-jiangong",
            organisation=first.organisation,
            intro="<p>第二面墙。</p>",
            opens_on=datetime.date(2020, 1, 1),  # older: listed after the first on the home page
            categories="岗位建功",
        )
    )
    second.save_revision().publish()
    return first, second


@pytest.fixture
def author(walls):
    from cms.models import Member

    user = get_user_model().objects.create_user("zhang", password="pw-zhang")
    Member.objects.create(
        user=user, name="张三", organisation=Organisation.objects.get(name="雪水港村党总支")
    )
    return user


@pytest.fixture
def editor(walls):
    user = get_user_model().objects.create_user("editor", password="pw-editor")
    user.user_permissions.add(Permission.objects.get(codename="change_pledge"))
    return get_user_model().objects.get(pk=user.pk)


def warm(client, *urls):
    for url in urls:
        client.get(url)
        assert client.get(url)[HEADER] == "hit", url


def post(wall, author):
    return services.post_pledge(
        wall=wall,
        user=author,
        text="我承诺每周为村里老人义务理发一次。",
        category=wall.categories.splitlines()[0],
        due_on=timezone.localdate() + datetime.timedelta(days=30),
    )


EVENTS = {
    # On a wall that publishes first and reviews afterwards (a post held for review shows
    # nowhere and retires nothing).
    "post": lambda pledge, author, editor: post(pledge.wall, author),
    "approve": lambda pledge, author, editor: services.moderate(
        pledge=pledge, editor=editor, approve=True
    ),
    "progress": lambda pledge, author, editor: services.add_progress(
        pledge=pledge, user=author, text="本周已为六位老人理发。"
    ),
    "fulfil": lambda pledge, author, editor: services.report_outcome(
        pledge=pledge, user=author, fulfilled=True, note="已完成。"
    ),
}


@pytest.mark.parametrize("event", list(EVENTS))
def test_a_pledge_event_retires_its_wall_and_what_lists_it_and_nothing_else(
    client, walls, author, editor, event, django_capture_on_commit_callbacks
):
    first, second = walls
    if event == "post":
        PledgeWallPage.objects.filter(pk=first.pk).update(moderation_mode=ModerationMode.AFTER)
        first.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        pledge = post(first, author)
        if event in ("progress", "fulfil"):
            services.moderate(pledge=pledge, editor=editor, approve=True)
    story = StoryPage.objects.get(slug="miyun-xianfeng").url
    index = first.get_parent().url
    assert first.url in client.get("/").content.decode()  # the home page lists the walls
    warm(client, first.url, second.url, story, index, "/", "/stories/")

    with django_capture_on_commit_callbacks(execute=True):
        EVENTS[event](pledge, author, editor)

    for url in (first.url, index, "/"):
        assert client.get(url)[HEADER] == "miss", url
    for url in (second.url, story, "/stories/"):
        assert client.get(url)[HEADER] == "hit", url


def test_a_post_held_for_review_retires_nothing(
    client, walls, author, django_capture_on_commit_callbacks
):
    first, _second = walls
    warm(client, first.url, "/")
    with django_capture_on_commit_callbacks(execute=True):
        post(first, author)
    assert client.get(first.url)[HEADER] == "hit"
    assert client.get("/")[HEADER] == "hit"


def test_a_pledge_event_keeps_the_other_walls_content_for_members(
    client, walls, author, editor, django_capture_on_commit_callbacks
):
    """Members are never served from the page cache: the content cache (rendered fragments,
    routed pages) must keep the other wall and the story too."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    first, second = walls
    story = StoryPage.objects.get(slug="miyun-xianfeng").url
    client.force_login(editor)
    with django_capture_on_commit_callbacks(execute=True):
        pledge = post(first, author)
        services.moderate(pledge=pledge, editor=editor, approve=True)

    def queries(url):
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    for url in (first.url, second.url, story):
        queries(url)
    warm_counts = {url: queries(url) for url in (first.url, second.url, story)}
    with django_capture_on_commit_callbacks(execute=True):
        services.add_progress(pledge=pledge, user=author, text="本周已为六位老人理发。")
    after = {url: queries(url) for url in (first.url, second.url, story)}
    assert after[first.url] > warm_counts[first.url]  # rebuilt
    assert after[second.url] == warm_counts[second.url]
    assert after[story] == warm_counts[story]


def test_an_image_in_a_story_body_retires_that_story_and_shows_the_new_picture(
    client, demo_site, django_capture_on_commit_callbacks
):
    """The body is cached once, inside the page's own fragment: a body image's new file shows
    as soon as the image is saved (a timed cache nested inside kept the old one)."""
    from wagtail.images import get_image_model
    from wagtail.images.tests.utils import get_test_image_file

    image = get_image_model().objects.create(title="正文插图", file=get_test_image_file())
    story = StoryPage.objects.get(slug="miyun-xianfeng")
    story.body.append(("image", {"image": image, "caption": "正文插图", "alt_text": ""}))
    with django_capture_on_commit_callbacks(execute=True):
        story.save_revision().publish()
    other = BrandPage.objects.get(slug="qijiang-qibi").url
    warm(client, story.url, other, "/people/")
    assert 'height="480"' in client.get(story.url).content.decode()

    # What the image edit view does on a new file: the old renditions go, the image is saved.
    image.renditions.all().delete()
    image.file = get_test_image_file(filename="new.png", size=(640, 200))
    image.height, image.width = 200, 640
    with django_capture_on_commit_callbacks(execute=True):
        image.save()

    fresh = client.get(story.url)
    assert fresh[HEADER] == "miss" and 'height="200"' in fresh.content.decode()
    assert client.get(other)[HEADER] == "hit"
    assert client.get("/people/")[HEADER] == "hit"


def test_no_template_caches_a_fragment_twice():
    """{% contentcache %} is the one fragment cache: a timed cache inside it (Wagtail's
    {% wagtailpagecache %}, Django's {% cache %}) would outlive the retirements around it."""
    timed = re.compile(r"{%\s*(wagtailpagecache|wagtailcache|cache)\s")
    found = [
        str(path.relative_to(django_settings.BASE_DIR))
        for directory in Path(django_settings.BASE_DIR).glob("**/templates")
        if ".venv" not in directory.parts
        for path in directory.glob("**/*.html")
        if timed.search(path.read_text())
    ]
    assert not found


def test_pledge_events_and_image_saves_never_clear_the_whole_site(
    walls, author, editor, monkeypatch, django_capture_on_commit_callbacks
):
    from cms import page_cache, signals

    clears = []
    monkeypatch.setattr(page_cache, "clear_page_cache", lambda: clears.append(1))
    monkeypatch.setattr(signals, "clear_page_cache", lambda: clears.append(1))
    first, _second = walls
    story = StoryPage.objects.get(slug="miyun-xianfeng")
    with django_capture_on_commit_callbacks(execute=True):
        pledge = post(first, author)
        services.moderate(pledge=pledge, editor=editor, approve=True)
        services.add_progress(pledge=pledge, user=author, text="本周已为六位老人理发。")
        services.report_outcome(pledge=pledge, user=author, fulfilled=True)
        story.cover_image.save()
    assert clears == []
