"""The page types' declarations drive the search documents: a field added to a page type's
`search_fields` is found on /search/, and a page type that names a `search_type` becomes
searchable, with no change in the search app."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from wagtail.search import index

from search.backends.base import SearchQuery
from search.documents import build_doc, forget_declarations, searchable_models
from search.services import rebuild_index
from tests.search.conftest import BACKENDS, refresh

pytestmark = pytest.mark.django_db


@pytest.fixture
def declarations():
    """Changes made to page types' declarations are read now and forgotten afterwards."""
    forget_declarations()
    yield forget_declarations
    forget_declarations()


def reindex(backend):
    rebuild_index(backend)
    refresh(backend)


def found(client, q):
    html = client.get("/search/", {"q": q}).content.decode()
    return "北京密云打造" in html


def test_the_three_searchable_types_are_discovered_from_their_declarations():
    assert sorted(searchable_models()) == ["brand", "profile", "story"]


@pytest.mark.parametrize("backend", BACKENDS, indirect=True)
def test_a_field_added_to_search_fields_is_found_on_the_search_page(
    indexed, client, declarations, monkeypatch
):
    """A story's byline is declared for Wagtail's index only (slot=()); the reporter's name
    finds nothing until the story type puts the byline into its document."""
    from cms.models import StoryPage

    assert not found(client, "王可心")
    monkeypatch.setattr(
        StoryPage,
        "search_fields",
        StoryPage.search_fields + [index.SearchField("byline", slot="meta")],
    )
    declarations()
    reindex(indexed)
    assert found(client, "王可心")
    story = StoryPage.objects.get(slug="miyun-xianfeng")
    assert "王可心" in build_doc(story).meta


@pytest.mark.parametrize("backend", BACKENDS, indirect=True)
def test_a_page_type_naming_a_search_type_becomes_searchable(indexed, declarations, monkeypatch):
    """Lectures are not searched today; naming a type is all it takes (their sections come
    in through the RelatedFields they already declare)."""
    from learning.models import LecturePage

    lecture = LecturePage.objects.get(slug="red-boat-spirit")
    assert build_doc(lecture) is None
    monkeypatch.setattr(LecturePage, "search_type", "lecture", raising=False)
    declarations()
    doc = build_doc(lecture)
    assert doc.type == "lecture" and "导学：红船起航" in doc.body
    assert doc.organisation == lecture.organisation.name and doc.suggest == []
    reindex(indexed)
    hits = indexed.search(SearchQuery(q="红船起航", types=("lecture",))).hits
    assert [(h.type, h.page_id) for h in hits] == [("lecture", lecture.pk)]


def test_an_unknown_slot_is_refused(declarations, monkeypatch):
    from cms.models import StoryPage
    from search.documents import declared_fields

    monkeypatch.setattr(
        StoryPage, "search_fields", StoryPage.search_fields + [index.SearchField("x", slot="y")]
    )
    declarations()
    with pytest.raises(ImproperlyConfigured, match="unknown search document slot"):
        declared_fields(StoryPage)
