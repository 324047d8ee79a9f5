"""The database backend's full-text index (SQLite FTS5, PostgreSQL tsvector + GIN): kept in
step with SearchEntry by every write path, only narrowing (results equal to the plain scan),
never showing private pages, and taking anything a visitor types literally. Run on both
databases (XF_TEST_DB=sqlite / postgres)."""

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from wagtail.models import PageViewRestriction

from bench.search_corpus import make_profiles, queries_for
from search.backends.base import SearchQuery
from search.backends.database import DatabaseBackend, full_text_filter, index_groups
from search.documents import SearchDoc
from search.models import SearchEntry, SearchOutbox
from search.services import drain_outbox, rebuild_index

pytestmark = pytest.mark.django_db

CRAFTED = ['"', "*", "NEAR", "-", ":", 'a"b', "x*", "near", "-y", "k:v", "it's", "back\\slash"]
CRAFTED += ["a:*", "&", "|", "!", "(", ")", "^", "{c}", "台风*", "NEAR(台风", "-台风", "title:台风"]


def index_ids(term) -> set[int]:
    """Page ids of the entries the full-text index finds for one term."""
    found = SearchEntry.objects.filter(full_text_filter([[term]]))
    return set(found.values_list("page_id", flat=True))


def assert_in_step():
    """Every entry found by its own terms, nothing else found by them; on SQLite also FTS5's
    own check of the index against the SearchEntry table."""
    entries = list(SearchEntry.objects.values("page_id", "terms"))
    every = {e["page_id"] for e in entries}
    for entry in entries:
        for term in entry["terms"].split()[:3]:
            found = index_ids(term)
            assert entry["page_id"] in found
            assert found <= every
            assert found == {e["page_id"] for e in entries if term in e["terms"].split()}
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute(
                "INSERT INTO xfsearch_searchentry_fts(xfsearch_searchentry_fts, rank) "
                "VALUES ('integrity-check', 1)"
            )


def doc(page_id, title, body):
    return SearchDoc(page_id=page_id, type="story", title=title, url=f"/s/{page_id}/", body=body)


def same_as_scan(q, **filters):
    """The indexed search answers exactly as the plain scan: same pages, order, scores."""
    query = SearchQuery(q=q, per_page=50, **filters)
    fast = DatabaseBackend().search(query)
    scan = DatabaseBackend(full_text=False).search(SearchQuery(q=q, per_page=50, **filters))
    shape = [(h.page_id, h.score) for h in fast.hits]
    assert (fast.total, shape) == (scan.total, [(h.page_id, h.score) for h in scan.hits]), q
    return fast


def test_index_delete_and_rebuild_keep_the_index_in_step():
    backend = DatabaseBackend()
    backend.index(
        [doc(9001, "荔枝种植", "带领村民发展荔枝种植。"), doc(9002, "台风", "转移群众。")]
    )
    assert index_ids("荔枝") == {9001} and index_ids("台风") == {9002}
    assert_in_step()

    backend.index([doc(9001, "蔬菜大棚", "建设蔬菜大棚。")])  # the page's new text
    assert index_ids("荔枝") == set() and index_ids("蔬菜") == {9001}
    assert_in_step()

    backend.delete([9002])
    assert index_ids("台风") == set() and index_ids("群众") == set()
    assert_in_step()

    backend.rebuild(iter([doc(9003, "乡村旅游", "接待游客。")]), total=1)
    assert index_ids("蔬菜") == set() and index_ids("旅游") == {9003}
    assert [h.page_id for h in backend.search(SearchQuery(q="乡村旅游")).hits] == [9003]
    assert_in_step()

    SearchEntry.objects.filter(page_id=9003).update(terms="改过")  # any update path
    assert index_ids("旅游") == set() and index_ids("改过") == {9003}
    assert_in_step()


@pytest.fixture
def indexed(demo_site, settings):
    settings.ELASTICSEARCH_URL = ""
    settings.SEARCH_BACKEND = "database"
    backend = DatabaseBackend()
    rebuild_index(backend)
    return backend


def test_unpublish_privacy_and_organisation_moves_keep_the_index_in_step(
    indexed, django_capture_on_commit_callbacks
):
    from cms.models import Organisation, ProfilePage

    profile = ProfilePage.objects.get(title="何秀玲")
    assert profile.pk in index_ids("何秀玲")
    assert_in_step()

    restriction = PageViewRestriction.objects.create(
        page=profile, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.set([Group.objects.get_or_create(name="Moderators")[0]])
    # Private at once (before the drain), found neither by the index nor the scan.
    assert "何秀玲" not in [h.title for h in same_as_scan("何秀玲").hits]
    drain_outbox(indexed)
    assert profile.pk not in index_ids("何秀玲")
    assert "何秀玲" not in [h.title for h in same_as_scan("何秀玲 育苗").hits]
    assert_in_step()
    restriction.delete()
    drain_outbox(indexed)
    assert profile.pk in index_ids("何秀玲")
    assert_in_step()

    town = Organisation.objects.get(name="河南寨镇党委")
    town.move(Organisation.objects.get(name="中共许昌市委员会"), "sorted-child")
    drain_outbox(indexed)
    assert profile.pk in index_ids("何秀玲")
    assert_in_step()

    with django_capture_on_commit_callbacks(execute=False):
        ProfilePage.objects.get(pk=profile.pk).unpublish()
    drain_outbox(indexed)
    assert profile.pk not in index_ids("何秀玲") and not SearchOutbox.objects.exists()
    assert "何秀玲" not in [h.title for h in same_as_scan("何秀玲").hits]
    assert_in_step()


def test_demo_site_results_equal_the_plain_scan(indexed):
    queries = ["何秀玲", "hexiuling", "hxl", "育苗大棚", "密雲先鋒", "先锋", "卡", "党员 先锋"]
    queries += ["胞波卡", "红色一刻钟", "保水 疫情防控", "密云", "He Xiu Ling", "书记"]
    found = 0
    for q in queries:
        found += same_as_scan(q).total
    for organisation in ("00010001", "0001"):
        same_as_scan("先锋", org_path=organisation)
    same_as_scan("先锋", types=("story",))
    assert found > 20  # the comparison is over real results, not empty lists


def test_synthetic_profiles_results_equal_the_plain_scan():
    backend = DatabaseBackend()
    docs = make_profiles(400, seed=3)
    backend.index(docs)
    for q in queries_for(docs, 60, seed=5) + ["党支部书记 台风", "台风 扶贫 乡村旅游"]:
        same_as_scan(q)
    assert same_as_scan("胞波卡").total > 0


def test_a_query_with_no_match_finds_nothing_quickly(indexed):
    results = same_as_scan("量子引力波")
    assert results.total == 0 and results.hits == []
    assert index_groups(["量子", "引力波"], ["量子引力波"], "") is not None


@pytest.mark.parametrize("typed", CRAFTED)
def test_crafted_input_never_fails_and_matches_literally(typed, client):
    SearchEntry.objects.create(page_id=9100, type="story", title="x", terms=typed)
    SearchEntry.objects.create(page_id=9101, type="story", title="y", terms="台风 near other")
    # Exactly the row holding the term; SQLite folds ASCII case, as its LIKE does.
    folds = connection.vendor == "sqlite" and typed.lower() == "near"
    assert index_ids(typed) == ({9100, 9101} if typed == "near" or folds else {9100})
    same_as_scan(typed)
    same_as_scan(f"{typed} 台风")
    assert client.get("/api/search/", {"q": typed}).status_code == 200
    assert client.get("/search/", {"q": f"台风 {typed}"}).status_code == 200


def test_words_the_index_cannot_hold_fall_back_to_the_scan():
    assert index_groups(["x" * 201], [], "") is None
    assert index_groups([], [], "") is None
    assert index_groups([" "], [], "") is None
    assert index_groups(["ab"], ["台风"], "") == [["ab"], ["台风"]]


def many_matches(monkeypatch, ranked=6):
    """Forty stories saying 台风 in their text only, then three holding it in their title,
    two in their meta and two holding both words, indexed last (the index's row order puts
    them behind the body-only rows); the ranking sees only `ranked` rows at a time."""
    import search.backends.database as database

    monkeypatch.setattr(database, "TOP_K", ranked)
    docs = [doc(9200 + i, f"报道{i}", "台风过后群众安全。") for i in range(40)]
    docs += [doc(9300 + i, f"台风预警{i}", "转移群众。") for i in range(3)]
    docs += [
        SearchDoc(page_id=9400 + i, type="profile", title=f"人物{i}", url=f"/p/{i}/",
                  meta="台风抢险队队长", body="带队巡查。", org_path="00019999")
        for i in range(2)
    ]  # fmt: skip
    docs += [doc(9500 + i, f"抢险{i}", "台风中抢险救灾。") for i in range(2)]
    DatabaseBackend().index(docs)
    return DatabaseBackend()


def test_a_query_matching_more_rows_than_are_ranked_takes_the_strongest_first(monkeypatch):
    backend = many_matches(monkeypatch)
    fast = backend.search(SearchQuery(q="台风", per_page=5))
    scan = DatabaseBackend(full_text=False).search(SearchQuery(q="台风", per_page=5))
    assert [h.page_id for h in scan.hits[:3]] == [9300, 9301, 9302]
    # The cut holds the title and meta rows although the index lists them after the others,
    # and ranks what it holds with the same function (its statistics from the index).
    assert [h.page_id for h in fast.hits[:3]] == [9300, 9301, 9302]
    assert {9400, 9401} <= {h.page_id for h in fast.hits}
    assert fast.total == scan.total == 47
    both = backend.search(SearchQuery(q="台风 抢险", per_page=6))  # titles, then both words
    assert {9500, 9501, 9400} <= {h.page_id for h in both.hits}


def test_the_cut_applies_the_filters_first_and_reaches_deeper_pages(monkeypatch):
    backend = many_matches(monkeypatch, ranked=4)
    people = backend.search(SearchQuery(q="台风", types=("profile",)))
    assert [h.page_id for h in people.hits] == [9400, 9401] and people.total == 2
    subtree = backend.search(SearchQuery(q="台风", org_path="00019999"))
    assert {h.page_id for h in subtree.hits} == {9400, 9401}
    stories = backend.search(SearchQuery(q="台风", types=("story",), per_page=4))
    assert {h.type for h in stories.hits} == {"story"} and len(stories.hits) == 4
    pages = [backend.search(SearchQuery(q="台风", page=n, per_page=2)).hits for n in (1, 2, 3)]
    seen = [h.page_id for hits in pages for h in hits]
    assert len(seen) == 6 and len(set(seen)) == 6  # each page its own rows
    deep = backend.search(SearchQuery(q="台风", page=11, per_page=4))  # rows 41-44 of 47
    assert len(deep.hits) == 4 and not {h.page_id for h in deep.hits} & set(seen[:4])


def test_totals_of_a_cut_stop_at_the_cap(monkeypatch):
    import search.backends.database as database

    backend = many_matches(monkeypatch)
    monkeypatch.setattr(database, "MAX_CANDIDATES", 20)
    assert backend.search(SearchQuery(q="台风")).total == 20
