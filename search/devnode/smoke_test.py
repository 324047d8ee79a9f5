"""Smoke test for the dev Elasticsearch node (plain script, not pytest).

Usage:
    search/devnode/devnode.sh start
    .venv/bin/python search/devnode/smoke_test.py [URL]

URL defaults to $ELASTICSEARCH_URL, then http://127.0.0.1:9400. Exercises what Xianfeng needs
through the real clients (elasticsearch + elasticsearch-dsl): ping/info (product check), health,
an index with a whitespace+lowercase custom analyzer and a completion field, bulk, refresh,
match+highlight, completion suggest, an atomic alias switch v1 -> v2, get/delete by id, count.
Leaves no indices behind. Exit status 0 only if every step passed.
"""

from __future__ import annotations

import os
import sys
import traceback

from elasticsearch import Elasticsearch, NotFoundError, helpers
from elasticsearch_dsl import Completion, Document, Index, Keyword, Search, Text, analyzer

URL = (sys.argv[1] if len(sys.argv) > 1 else None) or os.environ.get("ELASTICSEARCH_URL") or "http://127.0.0.1:9400"
ALIAS = "xf_devnode_smoke"
V1, V2 = f"{ALIAS}_v1", f"{ALIAS}_v2"

# The portable analyzer under test: "whitespace" comes from the devnode's analysis plugin,
# "lowercase" from the server jar; on a real cluster both come from analysis-common.
ws = analyzer("ws", type="custom", tokenizer="whitespace", filter=["lowercase"])


class Article(Document):
    title = Text(analyzer=ws)
    body = Text(analyzer=ws)
    tag = Keyword()
    suggest = Completion(analyzer=ws)


DOCS = [
    {"_id": "1", "title": "基层 党建 工作", "body": "Grassroots 党建 work in the Village", "tag": "a", "suggest": ["党建 工作", "基层"]},
    {"_id": "2", "title": "学习 强国", "body": "Study notes about the Party 党建", "tag": "b", "suggest": ["学习 强国"]},
    {"_id": "3", "title": "先锋 模范", "body": "Vanguard role MODEL stories", "tag": "a", "suggest": ["先锋 模范", "党员 先锋"]},
]

es = Elasticsearch(URL, request_timeout=30)
results: list[tuple[str, bool]] = []


def step(fn):
    """Run one named step; stop at the first failure since later steps build on earlier ones."""
    try:
        fn()
    except Exception:  # noqa: BLE001 - report everything, this is a smoke test
        results.append((fn.__name__, False))
        print(f"FAIL {fn.__name__}", flush=True)
        traceback.print_exc()
        finish()
    else:
        results.append((fn.__name__, True))
        print(f"ok   {fn.__name__}", flush=True)


def finish():
    for name in (V1, V2):
        es.options(ignore_status=404).indices.delete(index=name)
    passed = sum(ok for _, ok in results)
    failed = len(results) - passed
    print(f"smoke: {passed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


def create_index(name: str) -> None:
    idx = Index(name)
    idx.settings(number_of_shards=1, number_of_replicas=0)  # single node: replicas would stay unassigned
    idx.document(Article)
    idx.create(using=es)


# ----------------------------------------------------------------------------- steps


def ping_and_info():
    assert es.ping(), "ping() returned False (HEAD / not answered with 200)"
    info = es.info()  # also runs the client's X-Elastic-Product check
    assert info["version"]["number"].startswith("8.19."), info
    assert info["tagline"] == "You Know, for Search"


def cluster_health():
    h = es.cluster.health(wait_for_status="yellow", timeout="30s")
    assert h["status"] in ("green", "yellow"), h


def create_v1_with_analyzer_and_alias():
    for name in (V1, V2):  # leftovers from an aborted run
        es.options(ignore_status=404).indices.delete(index=name)
    create_index(V1)
    assert es.indices.exists(index=V1)
    es.indices.put_alias(index=V1, name=ALIAS)
    settings = es.indices.get_settings(index=V1)[V1]["settings"]["index"]["analysis"]["analyzer"]["ws"]
    assert settings["tokenizer"] == "whitespace", settings
    mapping = es.indices.get_mapping(index=V1)[V1]["mappings"]["properties"]
    assert mapping["suggest"]["type"] == "completion", mapping
    tokens = [t["token"] for t in es.indices.analyze(index=V1, analyzer="ws", text="Hello WORLD 党建-工作")["tokens"]]
    assert tokens == ["hello", "world", "党建-工作"], tokens  # split on whitespace only, lowercased


def bulk_index_and_refresh():
    ok, errors = helpers.bulk(es, ({"_index": ALIAS, **d} for d in DOCS), raise_on_error=False)
    assert ok == len(DOCS) and not errors, errors
    es.indices.refresh(index=ALIAS)
    assert es.count(index=ALIAS)["count"] == len(DOCS)


def match_with_highlight():
    s = Search(using=es, index=ALIAS).query("match", body="village").highlight("body")
    r = s.execute()
    assert r.hits.total.value == 1 and r.hits[0].meta.id == "1", r.to_dict()
    frag = r.hits[0].meta.highlight.body[0]
    assert "<em>Village</em>" in frag, frag  # lowercase filter: query "village" matched "Village"
    r2 = Search(using=es, index=ALIAS).query("match", title="党建").execute()
    assert [h.meta.id for h in r2] == ["1"], r2.to_dict()


def completion_suggest():
    s = Search(using=es, index=ALIAS).suggest("s", "党", completion={"field": "suggest", "skip_duplicates": True})
    opts = s.execute().suggest.s[0].options
    texts = sorted(o.text for o in opts)
    assert texts == ["党员 先锋", "党建 工作"], texts


def alias_switch_to_v2():
    create_index(V2)
    # No reindex module on the devnode: copy with scroll + bulk (works on a real cluster too).
    docs = ({"_index": V2, "_id": h["_id"], **h["_source"]} for h in helpers.scan(es, index=V1))
    helpers.bulk(es, docs, refresh=True)
    es.indices.update_aliases(
        actions=[{"remove": {"index": V1, "alias": ALIAS}}, {"add": {"index": V2, "alias": ALIAS}}]
    )  # one request = atomic switch
    es.indices.delete(index=V1)
    assert not es.indices.exists(index=V1)
    assert list(es.indices.get_alias(name=ALIAS).body) == [V2]
    assert es.count(index=ALIAS)["count"] == len(DOCS)


def get_and_delete_by_id():
    doc = Article.get(id="2", index=ALIAS, using=es)
    assert doc.title == "学习 强国", doc.to_dict()
    es.delete(index=V2, id="2", refresh="wait_for")
    try:
        es.get(index=V2, id="2")
        raise AssertionError("document 2 still there")
    except NotFoundError:
        pass


def count_after_delete():
    assert es.count(index=ALIAS)["count"] == len(DOCS) - 1
    assert Search(using=es, index=ALIAS).filter("term", tag="a").count() == 2


if __name__ == "__main__":
    print(f"devnode smoke test against {URL}")
    for fn in (
        ping_and_info,
        cluster_health,
        create_v1_with_analyzer_and_alias,
        bulk_index_and_refresh,
        match_with_highlight,
        completion_suggest,
        alias_switch_to_v2,
        get_and_delete_by_id,
        count_after_delete,
    ):
        step(fn)
    finish()
