"""The database backend's cut on PostgreSQL, asked in one statement (candidate_ids) and one
EXPLAIN (counts_capped): each answer equals the question asked on its own, and the document
count taken from ANALYZE leaves the results as the exact count gives them."""

import pytest
from django.db import connection

from search.backends import database_fulltext as fulltext
from search.backends.base import SearchQuery
from search.backends.database import FIELDS, DatabaseBackend
from search.documents import SearchDoc
from search.models import SearchEntry

pytestmark = [pytest.mark.django_db, pytest.mark.postgres_only]

COLUMNS = list(FIELDS.values())


def analyse():
    with connection.cursor() as cursor:  # as autovacuum would; undone with the test's transaction
        cursor.execute("ANALYZE xfsearch_searchentry")


def stories():
    """Thirty stories saying 台风 in the body, eight with 台风 in the title, six profiles with
    it in their meta, four with both words: more than the cut of 8 the tests rank."""
    docs = [
        SearchDoc(
            page_id=9600 + i,
            type="story",
            title=f"报道{i}",
            url=f"/s/{i}/",
            body="台风过后群众安全。" * (1 + i % 4),
        )
        for i in range(30)
    ]
    docs += [
        SearchDoc(
            page_id=9700 + i, type="story", title=f"台风预警{i}", url=f"/t/{i}/", body="转移群众。"
        )
        for i in range(8)
    ]
    docs += [
        SearchDoc(
            page_id=9800 + i,
            type="profile",
            title=f"人物{i}",
            url=f"/p/{i}/",
            meta="台风抢险队队长",
            body="带队巡查。",
            org_path="00019999",
        )
        for i in range(6)
    ]
    docs += [
        SearchDoc(page_id=9900 + i, type="story", title=f"抢险{i}", url=f"/q/{i}/",
                  body="台风中抢险救灾。")
        for i in range(4)
    ]  # fmt: skip
    DatabaseBackend().index(docs)


def one_by_one(entries, groups, word_groups, limit, first):
    """What the one statement answers, asked as separate queries."""
    where = fulltext._where(entries)
    every = fulltext._ids(where, groups, limit=limit + 1)
    steps = fulltext.cut_steps(word_groups, None)
    found = [fulltext._ids(where, match, field, all_of, limit) for field, match, all_of in steps]
    ids = fulltext.choose(every, found, limit)
    lengths = fulltext.average_lengths(every[:first], COLUMNS)
    return ids, every[:limit], lengths


@pytest.mark.parametrize("filters", [{}, {"type__in": ["story"]}, {"page_id__gte": 9605}])
def test_the_cut_statement_answers_as_its_questions_asked_one_by_one(filters):
    stories()
    entries = SearchEntry.objects.filter(**filters)
    groups = [["台风"], ["抢险"]]
    for analysed in (False, True):
        if analysed:
            analyse()
        cut = fulltext.candidate_ids(entries, groups, groups, None, 8, first=5, columns=COLUMNS)
        assert not cut.complete
        assert (cut.ids, cut.first, cut.lengths) == one_by_one(entries, groups, groups, 8, 5)
        assert cut.statistics is fulltext.has_statistics()
        if analysed:
            assert cut.statistics
        assert len(set(cut.lengths.values())) > 1  # lengths of each column, not one figure
    assert cut.analysed_rows == SearchEntry.objects.count()
    # Few matches: every one, no steps, no lengths.
    few = fulltext.candidate_ids(
        entries, [["抢险"]], [["抢险"]], None, 12, first=5, columns=COLUMNS
    )
    assert few.complete and few.lengths is None
    assert sorted(few.ids) == sorted(
        SearchEntry.objects.filter(**filters, terms__contains="抢险").values_list("pk", flat=True)
    )


@pytest.mark.parametrize("filters", [{}, {"type__in": ["profile"]}])
def test_one_explain_gives_each_estimate_as_if_asked_alone(filters):
    stories()
    analyse()
    where = fulltext._where(SearchEntry.objects.filter(**filters))
    asked = [[["台风"]], [["抢险"]], [["台风"], ["抢险"]], [["台风", "抢险"]], [["群众"]]]
    alone = [int(fulltext._plan(*fulltext._estimate_sql(where, g))["Plan Rows"]) for g in asked]
    assert fulltext._estimates(where, asked) == alone
    assert len(set(alone)) > 2  # the arms are told apart
    entries = SearchEntry.objects.filter(**filters)
    assert fulltext.counts_capped(entries, asked, 10**6) == alone
    assert fulltext.counts_capped(entries, asked, 5) == [min(5, n) for n in alone]


def test_the_analysed_document_count_gives_the_results_the_exact_count_gives(monkeypatch):
    import search.backends.database as database

    stories()
    monkeypatch.setattr(database, "TOP_K", 8)
    query = SearchQuery(q="台风 抢险", per_page=20)
    analyse()
    exact = DatabaseBackend().search(query)
    monkeypatch.setattr(database, "ANALYSED_TOTAL_FROM", 1)
    analysed = DatabaseBackend().search(query)
    assert [(h.page_id, h.score) for h in analysed.hits] == [
        (h.page_id, h.score) for h in exact.hits
    ]
    assert analysed.total == exact.total and len(exact.hits) == 20  # a cut of 24 rows
    # Rows written since ANALYZE are not in its figure: the one ANALYZE took is used.
    taken = SearchEntry.objects.count()
    DatabaseBackend().index(
        [SearchDoc(page_id=9990, type="story", title="新", url="/n/", body="x")]
    )
    cut = fulltext.candidate_ids(
        SearchEntry.objects.all(), [["台风"]], [["台风"]], None, 8, columns=COLUMNS
    )
    assert DatabaseBackend._documents(cut) == taken == SearchEntry.objects.count() - 1
    monkeypatch.setattr(database, "ANALYSED_TOTAL_FROM", taken + 1)
    assert DatabaseBackend._documents(cut) == taken + 1  # a small table is counted


def test_sequential_scans_start_from_the_first_block_for_the_cut():
    stories()
    with connection.cursor() as cursor:
        cursor.execute("SET synchronize_seqscans = on")
        DatabaseBackend().search(SearchQuery(q="台风"))
        cursor.execute("SHOW synchronize_seqscans")
        assert cursor.fetchone()[0] == "off"
