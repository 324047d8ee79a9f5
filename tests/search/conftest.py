"""Fixtures of the search tests: each backend, and the demo site indexed into it."""

import datetime
import uuid

import pytest
from wagtail.rich_text import RichText

BACKENDS = ["database", pytest.param("elasticsearch", marks=pytest.mark.elasticsearch)]


def make_backend(name, request):
    if name == "database":
        from search.backends.database import DatabaseBackend

        return DatabaseBackend()
    from search.backends.elasticsearch import ElasticsearchBackend

    url = request.getfixturevalue("elasticsearch_url")
    backend = ElasticsearchBackend(url=url, alias=f"xf-test-{uuid.uuid4().hex[:10]}")

    def drop_indices():
        names = list(backend.client.indices.get(index=f"{backend.alias}-*"))
        if names:
            backend.client.indices.delete(index=",".join(names))

    request.addfinalizer(drop_indices)
    return backend


@pytest.fixture(params=BACKENDS)
def backend(request, settings):
    """Each backend, made the site's backend for this test."""
    made = make_backend(request.param, request)
    if request.param == "elasticsearch":
        settings.ELASTICSEARCH_URL = made.url
        settings.SEARCH_INDEX = made.alias
    else:
        settings.ELASTICSEARCH_URL = ""
    settings.SEARCH_BACKEND = request.param
    return made


def add_traditional_story(home_stories, organisation=None):
    """A story written in Traditional script, as some seed articles are."""
    from cms.models import StoryPage
    from cms.services import ensure_child_page

    page, _ = ensure_child_page(
        home_stories,
        StoryPage,
        "traditional-story",
        title="密雲先鋒在行動",
        date=datetime.date(2021, 7, 5),
        organisation=organisation,
        summary="密雲區黨員亮身份、當先鋒。",
        body=[
            (
                "paragraph",
                RichText("<p>保水前沿忠肝鐵膽，疫情防控堅守一線，“密雲先鋒”行動隨之展開。</p>"),
            )
        ],
    )
    return page


@pytest.fixture
def indexed(backend, demo_site):
    """The demo site plus a Traditional-script story, fully indexed into `backend`."""
    from cms.models import Organisation, StoryIndexPage
    from search.services import rebuild_index

    stories = StoryIndexPage.objects.get()
    miyun = Organisation.objects.get(name="中共北京市密云区委员会")
    add_traditional_story(stories, miyun)
    rebuild_index(backend)
    refresh(backend)
    return backend


def refresh(backend):
    if backend.name == "elasticsearch":
        backend.refresh()


def titles(results):
    return [hit.title for hit in results.hits]
