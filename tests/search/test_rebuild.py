"""search_rebuild: a new index and an alias switch, with queries answered throughout."""

import threading

import pytest
from django.core.management import call_command

from search.backends.base import SearchQuery
from search.models import SearchEntry
from search.services import rebuild_index

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("backend", ["elasticsearch"], indirect=True)
@pytest.mark.elasticsearch
def test_queries_never_see_an_empty_index_during_a_rebuild(indexed):
    seen, errors, stop = [], [], threading.Event()

    def keep_searching():
        while not stop.is_set():
            try:
                seen.append([h.title for h in indexed.search(SearchQuery(q="何秀玲")).hits][:1])
            except Exception as error:
                errors.append(error)

    before = set(indexed.client.indices.get_alias(name=indexed.alias))
    thread = threading.Thread(target=keep_searching)
    thread.start()
    try:
        for _ in range(3):
            rebuild_index(indexed)
    finally:
        stop.set()
        thread.join()
    assert not errors
    assert len(seen) > 3
    assert all(first == ["何秀玲"] for first in seen)
    after = set(indexed.client.indices.get_alias(name=indexed.alias))
    assert len(after) == 1 and after != before  # switched, old index removed
    assert not indexed.client.indices.exists_alias(name=indexed.building_alias)


@pytest.mark.parametrize("backend", ["elasticsearch"], indirect=True)
@pytest.mark.elasticsearch
def test_changes_during_a_rebuild_reach_the_new_index(indexed):
    from search.documents import SearchDoc

    new = indexed._new_index(extra_alias=indexed.building_alias)  # a rebuild under way
    indexed.index(
        [SearchDoc(page_id=999999, type="profile", title="滕翠珏", url="/x/", names=["滕翠珏"])]
    )
    indexed.client.indices.refresh(index=new)
    assert indexed.client.count(index=new)["count"] == 1
    indexed.client.indices.delete(index=new)


@pytest.mark.parametrize("backend", ["database"], indirect=True)
def test_the_command_rebuilds_the_database_entries(indexed, capsys):
    SearchEntry.objects.update(title="stale")
    call_command("search_rebuild", "--no-progress")
    assert "Indexed" in capsys.readouterr().out
    assert not SearchEntry.objects.filter(title="stale").exists()
    assert SearchEntry.objects.filter(type="profile", title="何秀玲").exists()


@pytest.mark.parametrize("backend", ["elasticsearch"], indirect=True)
@pytest.mark.elasticsearch
def test_the_command_rebuilds_elasticsearch_with_a_progress_bar(indexed, capsys):
    call_command("search_rebuild")
    out, err = capsys.readouterr()
    assert "Indexed" in out and "page" in err
    indexed.refresh()
    assert indexed.search(SearchQuery(q="何秀玲")).hits[0].title == "何秀玲"


@pytest.mark.parametrize("backend", ["elasticsearch"], indirect=True)
@pytest.mark.elasticsearch
def test_before_anything_is_indexed_search_is_empty_not_an_error(backend):
    assert not backend.client.indices.exists_alias(name=backend.alias)
    assert backend.search(SearchQuery(q="何秀玲")).total == 0
    assert backend.suggest("何秀") == []
