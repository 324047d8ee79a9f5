"""A pledge event or an image save retires only the kept pages that show what changed; every
other page stays in the cache (cms.content_cache, "Dependencies")."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.utils import timezone

from cms.models import BrandPage, Organisation, Pledge, PledgeWallPage, StoryPage
from cms.page_cache import HEADER
from cms.pledges import services

pytestmark = pytest.mark.django_db


@pytest.fixture
def wall(demo_site):
    Pledge.objects.all().delete()
    return PledgeWallPage.objects.get(slug="qijiang-qibi")


@pytest.fixture
def author(wall):
    from cms.models import Member

    user = get_user_model().objects.create_user("zhang", password="pw-zhang")
    Member.objects.create(
        user=user, name="张三", organisation=Organisation.objects.get(name="雪水港村党总支")
    )
    return user


@pytest.fixture
def editor(wall):
    user = get_user_model().objects.create_user("editor", password="pw-editor")
    user.user_permissions.add(Permission.objects.get(codename="change_pledge"))
    return get_user_model().objects.get(pk=user.pk)


def warm(client, *urls):
    for url in urls:
        client.get(url)
        assert client.get(url)[HEADER] == "hit", url


def test_a_progress_update_shows_on_its_wall_at_once_and_leaves_other_pages_cached(
    client, wall, author, editor, django_capture_on_commit_callbacks, django_assert_num_queries
):
    with django_capture_on_commit_callbacks(execute=True):
        pledge = services.post_pledge(
            wall=wall,
            user=author,
            text="我承诺每周为村里老人义务理发一次。",
            category="为民服务",
            due_on=timezone.localdate() + datetime.timedelta(days=30),
        )
        services.moderate(pledge=pledge, editor=editor, approve=True)
    story = StoryPage.objects.get(slug="miyun-xianfeng").url
    pledge_url = f"{wall.url}pledges/{pledge.pk}/"
    warm(client, story, "/stories/", wall.url, pledge_url)

    with django_capture_on_commit_callbacks(execute=True):
        services.add_progress(pledge=pledge, user=author, text="本周已为六位老人理发。")

    with django_assert_num_queries(0):
        assert client.get(story)[HEADER] == "hit"
        assert client.get("/stories/")[HEADER] == "hit"
    fresh = client.get(pledge_url)
    assert fresh[HEADER] == "miss" and "本周已为六位老人理发。" in fresh.content.decode()
    assert client.get(wall.url)[HEADER] == "miss"


def test_an_approval_updates_the_walls_card_on_the_wall_index_at_once(
    client, wall, author, editor, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        pledge = services.post_pledge(
            wall=wall,
            user=author,
            text="我承诺每周为村里老人义务理发一次。",
            category="为民服务",
            due_on=timezone.localdate() + datetime.timedelta(days=30),
        )
    index = wall.get_parent().url
    warm(client, index, "/")
    assert "已公示承诺：0 项" in client.get(index).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        services.moderate(pledge=pledge, editor=editor, approve=True)
    assert "已公示承诺：1 项" in client.get(index).content.decode()
    assert client.get("/")[HEADER] == "miss"  # its section of walls


def test_a_like_retires_nothing(client, wall, author, editor, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        pledge = services.post_pledge(
            wall=wall,
            user=author,
            text="我承诺每周为村里老人义务理发一次。",
            category="为民服务",
            due_on=timezone.localdate() + datetime.timedelta(days=30),
        )
        services.moderate(pledge=pledge, editor=editor, approve=True)
    warm(client, wall.url)
    with django_capture_on_commit_callbacks(execute=True):
        services.like(pledge=pledge, user=editor)
    assert client.get(wall.url)[HEADER] == "hit"


def test_an_image_save_retires_only_the_pages_that_show_it(
    client, demo_site, django_capture_on_commit_callbacks
):
    story = StoryPage.objects.get(slug="miyun-xianfeng")
    # A brand elsewhere (the people and brand of this story show it among their cards).
    other = BrandPage.objects.get(slug="qijiang-qibi")
    warm(client, story.url, "/stories/", other.url, "/people/")

    image = story.cover_image
    image.title = "新的封面标题"
    with django_capture_on_commit_callbacks(execute=True):
        image.save()

    assert client.get(story.url)[HEADER] == "miss"
    assert client.get("/stories/")[HEADER] == "miss"  # its card
    assert client.get(other.url)[HEADER] == "hit"
    assert client.get("/people/")[HEADER] == "hit"


def test_a_new_image_retires_nothing(client, demo_site, django_capture_on_commit_callbacks):
    from wagtail.images import get_image_model
    from wagtail.images.tests.utils import get_test_image_file

    story = StoryPage.objects.get(slug="miyun-xianfeng")
    warm(client, story.url, "/")
    with django_capture_on_commit_callbacks(execute=True):
        get_image_model().objects.create(title="新上传", file=get_test_image_file())
    assert client.get(story.url)[HEADER] == "hit"
    assert client.get("/")[HEADER] == "hit"


def test_members_see_a_pledge_event_on_the_wall_index_at_once(
    client, wall, author, editor, django_capture_on_commit_callbacks
):
    """Signed-in members are served from the content cache, never the page cache."""
    with django_capture_on_commit_callbacks(execute=True):
        pledge = services.post_pledge(
            wall=wall,
            user=author,
            text="我承诺每周为村里老人义务理发一次。",
            category="为民服务",
            due_on=timezone.localdate() + datetime.timedelta(days=30),
        )
    client.force_login(editor)
    index = wall.get_parent().url
    assert "已公示承诺：0 项" in client.get(index).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        services.moderate(pledge=pledge, editor=editor, approve=True)
    assert "已公示承诺：1 项" in client.get(index).content.decode()


def test_a_retirement_that_cannot_be_recorded_clears_everything(client, demo_site, monkeypatch):
    """With Redis unreachable the cache skips writes; a lost retirement must not leave stale
    pages behind, so everything is cleared (the Redis cache replays clears on its return)."""
    from django.core.cache import cache

    from cms.content_cache import retire_pages

    story = StoryPage.objects.get(slug="miyun-xianfeng")
    warm(client, story.url, "/people/")
    monkeypatch.setattr(cache, "set", lambda *args, **kwargs: None)  # a skipped write
    retire_pages([story.pk])
    monkeypatch.undo()
    assert client.get("/people/")[HEADER] == "miss"


def test_only_the_holder_of_the_retirement_lock_releases_it():
    """A writer that gave up waiting must not delete the lock another writer holds: a third
    writer would then take it and two read-modify-writes of the retired pages would overlap,
    one losing the other's pages."""
    from django.core.cache import cache

    from cms.content_cache import RETIRED_KEY, _retiring

    lock = RETIRED_KEY + ":lock"
    with _retiring():
        holder = cache.get(lock)
        assert holder is not None
        with _retiring():  # waits a second, then goes on without the lock
            pass
        assert cache.get(lock) == holder
    assert cache.get(lock) is None
