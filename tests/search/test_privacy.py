"""Private pages (a view restriction on the page or an ancestor) never reach search: not the
index, results, suggestions or snippets; a restriction added or removed re-indexes the page,
its subtree and the pages that show its text, through the outbox. Both backends."""

import pytest
from django.contrib.auth.models import Group
from wagtail.models import PageViewRestriction

from cms.routing import clear_routing_cache
from search.backends.base import SearchQuery
from search.models import SearchEntry, SearchOutbox
from search.services import drain_outbox
from tests.search.conftest import refresh, titles

pytestmark = pytest.mark.django_db

KINDS = [PageViewRestriction.PASSWORD, PageViewRestriction.LOGIN, PageViewRestriction.GROUPS]


def restrict(page, kind):
    restriction = PageViewRestriction.objects.create(
        page=page,
        restriction_type=kind,
        password="secret" if kind == PageViewRestriction.PASSWORD else "",
    )
    if kind == PageViewRestriction.GROUPS:
        restriction.groups.set([Group.objects.get_or_create(name="Moderators")[0]])
    return restriction


def in_index(backend, page_id) -> bool:
    if backend.name == "database":
        return SearchEntry.objects.filter(page_id=page_id).exists()
    backend.refresh()
    return bool(backend.client.exists(index=backend.alias, id=str(page_id)))


def found(backend, q):
    return titles(backend.search(SearchQuery(q=q)))


def suggested(backend, typed):
    return [s.title for s in backend.suggest(typed)]


@pytest.fixture
def profile():
    from cms.models import ProfilePage

    return ProfilePage.objects.get(title="何秀玲")


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("on", ["page", "ancestor"])
def test_a_restriction_takes_the_page_and_its_subtree_out_and_back(
    indexed, profile, client, kind, on, django_capture_on_commit_callbacks
):
    target = profile if on == "page" else profile.get_parent()
    assert "何秀玲" in found(indexed, "何秀玲") and in_index(indexed, profile.pk)
    assert "种植经验" in client.get("/search/", {"q": "育苗大棚"}).content.decode()

    SearchOutbox.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):  # what the commit clears
        restriction = restrict(target, kind)
    drain_outbox(indexed)
    refresh(indexed)
    assert not in_index(indexed, profile.pk)
    assert "何秀玲" not in found(indexed, "何秀玲")
    assert "何秀玲" not in found(indexed, "育苗")  # words of the page's text
    assert "何秀玲" not in suggested(indexed, "何秀") + suggested(indexed, "hxl")
    api = client.get("/api/search/", {"q": "何秀玲 育苗"}).json()
    assert "何秀玲" not in [hit["title"] for hit in api["results"]]
    assert "种植经验" not in str(api["results"])  # no snippet of its text either
    assert client.get("/api/search/suggest/", {"q": "何秀"}).json() == []
    html = client.get("/search/", {"q": "育苗大棚"}).content.decode()
    assert "hit-profile" not in html and "种植经验" not in html
    assert not SearchOutbox.objects.exists()

    with django_capture_on_commit_callbacks(execute=True):
        restriction.delete()
    drain_outbox(indexed)
    refresh(indexed)
    assert in_index(indexed, profile.pk)
    assert found(indexed, "何秀玲")[:1] == ["何秀玲"]
    assert suggested(indexed, "何秀")[:1] == ["何秀玲"]


def test_results_leave_out_a_private_page_before_the_outbox_drains(
    indexed, profile, django_capture_on_commit_callbacks
):
    """Between the commit and the drain (or while Elasticsearch is down) the entry is still
    in the index; the results already leave it out."""
    with django_capture_on_commit_callbacks(execute=False):
        restrict(profile.get_parent(), PageViewRestriction.LOGIN)
    clear_routing_cache()  # what the commit does for routing
    assert SearchOutbox.objects.filter(page_id=profile.pk).exists()
    assert in_index(indexed, profile.pk)
    assert "何秀玲" not in found(indexed, "何秀玲")
    assert "何秀玲" not in suggested(indexed, "何秀") + suggested(indexed, "hexiuling")
    assert "密云先锋" in found(indexed, "密云先锋")  # the rest of the site is still found


def test_a_private_story_lends_no_text_to_the_public_pages_it_links(
    indexed, profile, django_capture_on_commit_callbacks
):
    """A story's paragraphs naming a person are part of the person's profile text, and its
    title is context of linked pages: once the story is private, neither is searchable."""
    from wagtail.rich_text import RichText

    from cms.models import StoryIndexPage, StoryPage, StoryProfileLink
    from cms.services import ensure_child_page
    from search.services import rebuild_index

    story, _ = ensure_child_page(
        StoryIndexPage.objects.get(),
        StoryPage,
        "closed-meeting",
        title="支部闭门会议纪要",
        date=profile.first_published_at.date(),
        summary="内部材料。",
        body=[("paragraph", RichText("<p>何秀玲在会上谈到了蘑菇合作社的账目问题。</p>"))],
        profile_links=[StoryProfileLink(profile=profile)],
    )
    rebuild_index(indexed)
    refresh(indexed)
    assert set(found(indexed, "蘑菇合作社")) == {"何秀玲", "支部闭门会议纪要"}

    with django_capture_on_commit_callbacks(execute=True):
        restrict(story, PageViewRestriction.PASSWORD)
    drain_outbox(indexed)
    refresh(indexed)
    assert found(indexed, "蘑菇合作社") == []
    assert found(indexed, "闭门会议") == []
    assert found(indexed, "何秀玲")[:1] == ["何秀玲"]  # the profile itself stays


def test_a_rebuild_leaves_private_pages_out(indexed, profile):
    from search.services import rebuild_index

    restrict(profile, PageViewRestriction.GROUPS)
    rebuild_index(indexed)
    refresh(indexed)
    assert not in_index(indexed, profile.pk)
