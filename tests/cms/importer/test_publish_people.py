"""Publishing an imported story offers its draft people; after the editor confirms, the story and
its people are live and a search for a person's name finds the profile."""

from pathlib import Path

import pytest
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.db import SessionStore
from django.core.exceptions import ValidationError
from django.test import RequestFactory
from django.urls import reverse
from wagtail import hooks

from cms.importer.publishing import draft_people, story_people_publish
from cms.importer.services import CREATED, default_indexes, import_article
from cms.models import ProfilePage, StoryPage

CORPUS = Path(__file__).resolve().parents[2] / "corpus" / "articles"


@pytest.fixture
def admin_user(demo_site, django_user_model):
    return django_user_model.objects.get(username="admin")


@pytest.fixture
def imported(admin_user):
    """c01 of the corpus imported (a draft story with draft people), then the story published
    the way the editor's publish button does: its latest revision."""
    stories, profiles = default_indexes()
    result = import_article(
        (CORPUS / "c01_xikou_paotui.txt").read_bytes(),
        "c01_xikou_paotui.txt",
        story_index=stories,
        profile_index=profiles,
        user=admin_user,
    )
    assert result.status == CREATED
    story = result.story
    story.get_latest_revision().publish(user=admin_user)
    return StoryPage.objects.get(pk=story.pk)


def after_publish(story, user):
    """Run the admin's after_publish_page hooks as Wagtail's edit view does."""
    request = RequestFactory().post("/admin/pages/edit/")
    request.user = user
    request.session = SessionStore()
    request._messages = FallbackStorage(request)
    responses = [fn(request, story) for fn in hooks.get_hooks("after_publish_page")]
    return [r for r in responses if r is not None]


def test_confirming_publishes_the_people_and_search_finds_them(client, admin_user, imported):
    from search.backends.base import SearchQuery
    from search.backends.database import DatabaseBackend
    from search.services import drain_outbox

    people = draft_people(imported)
    names = {p.title for p in people}
    assert "范立群" in names and not any(p.live for p in people)

    # Publishing the story leads the editor to the offer of its draft people.
    (response,) = after_publish(imported, admin_user)
    url = reverse("cms_importer_publish_people", args=(imported.pk,))
    assert response.status_code == 302 and response["Location"] == url
    client.force_login(admin_user)
    page = client.get(url)
    html = page.content.decode()
    assert page.status_code == 200 and all(name in html for name in names)

    # The editor confirms (everyone stays ticked).
    response = client.post(url, {"profile": [p.pk for p in people]})
    assert response.status_code == 302
    assert StoryPage.objects.get(pk=imported.pk).live
    assert all(ProfilePage.objects.get(pk=p.pk).live for p in people)
    assert draft_people(imported) == []
    # Nothing left to offer: publishing the story again goes on as usual.
    assert after_publish(StoryPage.objects.get(pk=imported.pk), admin_user) == []

    backend = DatabaseBackend()
    drain_outbox(backend, ignore_schedule=True)
    hits = backend.search(SearchQuery(q="范立群")).hits
    assert hits and hits[0].type == "profile" and hits[0].title == "范立群"
    assert imported.pk in [h.page_id for h in hits]


def test_the_editor_may_leave_people_unticked(client, admin_user, imported):
    people = draft_people(imported)
    keep, leave = people[0], people[1:]
    client.force_login(admin_user)
    url = reverse("cms_importer_publish_people", args=(imported.pk,))
    client.post(url, {"profile": [keep.pk]})
    assert ProfilePage.objects.get(pk=keep.pk).live
    assert leave and not any(ProfilePage.objects.get(pk=p.pk).live for p in leave)


def test_refusals(client, admin_user, imported):
    other = ProfilePage.objects.live().exclude(story_links__page=imported).first()
    with pytest.raises(ValidationError):
        story_people_publish(story=imported, profile_ids=[other.pk], user=admin_user)
    with pytest.raises(ValidationError):
        story_people_publish(story=imported, profile_ids=[], user=admin_user)
    client.force_login(admin_user)
    url = reverse("cms_importer_publish_people", args=(imported.pk,))
    response = client.post(url, {"profile": ["x"]})  # nonsense is a message, never a 500
    assert response.status_code == 200 and "请选择要发布的人物" in response.content.decode()
    assert client.get(reverse("cms_importer_publish_people", args=(10**9,))).status_code == 404


def test_a_draft_story_or_a_hand_made_story_offers_nothing(admin_user, imported):
    hand_made = StoryPage.objects.live().exclude(imports__isnull=False).first()
    assert after_publish(hand_made, admin_user) == []
    imported.get_latest_revision()  # still there
    imported.unpublish(user=admin_user)
    with pytest.raises(ValidationError):
        story_people_publish(
            story=StoryPage.objects.get(pk=imported.pk),
            profile_ids=[p.pk for p in draft_people(imported)],
            user=admin_user,
        )


def test_a_user_who_may_not_edit_the_story_is_refused(client, imported, django_user_model):
    user = django_user_model.objects.create_user("reader", password="x")
    from django.contrib.auth.models import Permission

    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    url = reverse("cms_importer_publish_people", args=(imported.pk,))
    response = client.post(url, {"profile": [p.pk for p in draft_people(imported)]})
    # Wagtail's admin answers a refusal with a redirect to its home page and a message.
    assert response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")
    people = draft_people(imported)
    assert people and not any(ProfilePage.objects.get(pk=p.pk).live for p in people)
