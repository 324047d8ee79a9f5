"""Search on Elasticsearch 8 through elasticsearch-dsl.

Text is analysed in Python (search.analysis) and indexed as whitespace-separated tokens, so
the index needs only a custom analyzer made of the core `whitespace` tokenizer and
`lowercase` filter: it works on any managed cluster, with no analysis plugin. Every searchable
page type shares one index (one document shape) behind an alias; a rebuild fills a fresh index and switches the alias
atomically, so queries never meet an empty index.
"""

from __future__ import annotations

import time
from functools import cached_property, lru_cache

from elasticsearch import Elasticsearch, NotFoundError, helpers
from elasticsearch_dsl import (
    Boolean,
    Completion,
    Date,
    Document,
    Index,
    Integer,
    Keyword,
    Text,
    analyzer,
)

from search import analysis, conf
from search.backends.base import (
    ALL_WORDS_BOOST,
    BODY_B,
    EXACT_TITLE_BOOST,
    PHRASE_BOOST,
    SOURCE_FIRST,
    WEIGHTS,
    SearchBackend,
    SearchHit,
    SearchQuery,
    SearchResults,
    Suggestion,
    private_page_ids,
)
from search.highlight import mark_title, snippet

words_analyzer = analyzer("xf_words", tokenizer="whitespace", filter=["lowercase"])
SOURCE_FIELDS = ["page_id", "type", "title", "url", "region", "organisation", "body"]
# Suggestions are mostly for people: a document with person names outweighs other titles.
SUGGEST_WEIGHT_NAMES, SUGGEST_WEIGHT = 10, 5


def words_field(similarity=None):
    return Text(analyzer=words_analyzer, **({"similarity": similarity} if similarity else {}))


class PageDocument(Document):
    """Every searchable page, whatever its type; display fields are stored, not indexed."""

    page_id = Integer()
    type = Keyword()
    title = Keyword(index=False, doc_values=False)
    url = Keyword(index=False, doc_values=False)
    region = Keyword()
    organisation = Keyword(index=False, doc_values=False)
    org_path = Keyword()
    honours = Keyword()
    person = Boolean()  # a page about people: after its sources on equal evidence
    date = Date()
    body = Text(index=False)
    title_exact = Keyword()
    title_words = words_field()
    title_bigrams = words_field()
    meta_words = words_field()
    context_words = words_field()
    body_words = words_field("xf_body")
    body_bigrams = words_field("xf_body")
    name_pinyin = words_field()
    suggest = Completion(analyzer=words_analyzer, preserve_separators=False)


TOKEN_FIELDS = [
    "title_exact",
    "title_words",
    "title_bigrams",
    "meta_words",
    "context_words",
    "body_words",
    "body_bigrams",
    "name_pinyin",
]
TOTAL_HITS_UP_TO = 1000  # counting beyond this costs time and helps no reader
RESCORE_WINDOW = 100  # candidates that get the phrase and all-words signals
RESPONSE_FIELDS = ["took", "hits.total.value", "hits.hits._score", "hits.hits._source"]
RECALL_BOOST = 0.5
WORD_FIELDS = ["title_words", "meta_words", "body_words", "context_words"]
TYPICAL_IDF = 3.0
MAX_HIDDEN_SKIPPED = 200  # suggestions asked for on top of the limit, to drop private pages  # the bigram conjunction only rescues substrings; words rank first
BULK_LOAD_SETTINGS = {"refresh_interval": "-1", "translog.durability": "async"}
LIVE_SETTINGS = {"refresh_interval": "1s", "translog.durability": "request"}


def index_definition(name: str) -> Index:
    index = Index(name)
    index.settings(
        number_of_shards=1,
        number_of_replicas=0,
        refresh_interval="1s",
        similarity={"xf_body": {"type": "BM25", "k1": 1.2, "b": BODY_B}},
    )
    index.analyzer(words_analyzer)
    index.document(PageDocument)
    return index


def source_of(doc) -> dict:
    forms = doc.analysed()
    document = PageDocument(
        page_id=doc.page_id,
        type=doc.type,
        title=doc.title,
        url=doc.url,
        region=doc.region,
        organisation=doc.organisation,
        org_path=doc.org_path,
        honours=doc.honours,
        person=doc.person,
        date=doc.date,
        body=doc.body[:20000],
        **{k: v for k, v in forms.items() if k != "plain"},
    )
    inputs = doc.suggest_inputs()
    if inputs:
        weight = SUGGEST_WEIGHT_NAMES if doc.names else SUGGEST_WEIGHT
        document.suggest = {"input": inputs, "weight": weight}
    return document.to_dict()


@lru_cache(maxsize=8)
def client_for(url: str, timeout: float) -> Elasticsearch:
    return Elasticsearch(url, request_timeout=timeout, max_retries=0, retry_on_timeout=False)


class ElasticsearchBackend(SearchBackend):
    name = "elasticsearch"

    def __init__(self, url=None, alias=None):
        self.url = url or conf.elasticsearch_url()
        self.alias = alias or conf.index_alias()
        self.building_alias = f"{self.alias}-building"
        self.client = client_for(self.url, conf.request_timeout())

    # A backend is made per request; copying the client with options() costs ~0.3 ms, so the
    # copies only queries never need are made on first use.
    @cached_property
    def admin(self):
        # Bulk loads, refreshes and index switches may take far longer than a query.
        return self.client.options(request_timeout=conf.admin_timeout())

    @cached_property
    def writer(self):
        # The outbox drain runs inside a django-q2 task, which has its own time limit.
        return self.client.options(request_timeout=min(60.0, conf.admin_timeout()))

    # --- index management ----------------------------------------------------------------
    def ping(self):
        try:
            return bool(self.client.ping())
        except Exception:  # noqa: BLE001 - any failure means "not reachable"
            return False

    def _new_index(self, extra_alias=None) -> str:
        name = f"{self.alias}-{time.strftime('%Y%m%d%H%M%S')}-{time.time_ns() % 1000000:06d}"
        body = index_definition(name).to_dict()
        # Token fields are derived data: indexed, not stored (a rebuild reads the database).
        body["mappings"]["_source"] = {"excludes": TOKEN_FIELDS}
        if extra_alias:
            body["aliases"] = {extra_alias: {}}
        self.admin.indices.create(index=name, body=body)
        return name

    def ensure_index(self):
        if not self.client.indices.exists_alias(name=self.alias):
            self._new_index(extra_alias=self.alias)

    def _write_targets(self) -> list[str]:
        """The live index, plus the one a running rebuild is filling (so it misses nothing)."""
        self.ensure_index()
        targets = list(self.client.indices.get_alias(name=self.alias))
        if self.client.indices.exists_alias(name=self.building_alias):
            targets += list(self.client.indices.get_alias(name=self.building_alias))
        return sorted(set(targets))

    def refresh(self):
        self.admin.indices.refresh(index=self.alias)

    # --- writing -------------------------------------------------------------------------
    def index(self, docs):
        sources = [(d.page_id, source_of(d)) for d in docs]
        actions = [
            {"_index": target, "_id": page_id, "_source": source}
            for target in self._write_targets()
            for page_id, source in sources
        ]
        helpers.bulk(self.writer, actions, chunk_size=500, raise_on_error=True)

    def delete(self, page_ids):
        actions = [
            {"_op_type": "delete", "_index": target, "_id": page_id}
            for target in self._write_targets()
            for page_id in page_ids
        ]
        helpers.bulk(self.writer, actions, raise_on_error=True, ignore_status=(404,))

    def bulk_sources(self, index_name, items, threads=2, chunk_size=1000):
        """Bulk-index (page_id, source) pairs with parallel requests; returns the count."""
        actions = ({"_index": index_name, "_id": pid, "_source": src} for pid, src in items)
        count = 0
        for ok, _info in helpers.parallel_bulk(
            self.admin, actions, thread_count=threads, chunk_size=chunk_size, raise_on_error=True
        ):
            count += ok
        return count

    def rebuild(self, docs, total, progress=None):
        old = (
            list(self.client.indices.get_alias(name=self.alias))
            if self.client.indices.exists_alias(name=self.alias)
            else []
        )
        # Drop a half-built index a crashed rebuild left behind.
        if self.client.indices.exists_alias(name=self.building_alias):
            for stale in self.client.indices.get_alias(name=self.building_alias):
                self.admin.indices.delete(index=stale)
        new = self._new_index(extra_alias=self.building_alias)
        # Fast bulk load: no refreshes until the index is complete.
        self.admin.indices.put_settings(index=new, body=BULK_LOAD_SETTINGS)

        # Documents are read from the database in this thread (a worker thread would have
        # another connection, one that may not see this transaction's rows).
        count, batch = 0, []
        for doc in docs:
            batch.append({"_index": new, "_id": doc.page_id, "_source": source_of(doc)})
            if len(batch) >= 500:
                count += helpers.bulk(self.admin, batch, raise_on_error=True)[0]
                progress and progress(len(batch))
                batch = []
        if batch:
            count += helpers.bulk(self.admin, batch, raise_on_error=True)[0]
            progress and progress(len(batch))
        self.admin.indices.put_settings(index=new, body=LIVE_SETTINGS)
        self.admin.indices.refresh(index=new)
        actions = [{"remove": {"index": name, "alias": self.alias}} for name in old]
        actions += [
            {"add": {"index": new, "alias": self.alias}},
            {"remove": {"index": new, "alias": self.building_alias}},
        ]
        self.admin.indices.update_aliases(body={"actions": actions})
        for name in old:
            self.admin.indices.delete(index=name, ignore_unavailable=True)
        return count

    # --- reading -------------------------------------------------------------------------
    # Queries are built as plain dicts, the JSON the engine reads: elasticsearch-dsl's Q and
    # Search objects cost more Python per query than the rest of the client side together.
    def _filters(self, query: SearchQuery) -> list[dict]:
        filters = []
        if query.types:
            filters.append({"terms": {"type": list(query.types)}})
        if query.region:
            filters.append({"prefix": {"region": query.region}})
        if query.org_path:
            filters.append({"prefix": {"org_path": query.org_path}})
        if query.honour:
            filters.append({"term": {"honours": query.honour}})
        return filters

    def build_query(self, query: SearchQuery) -> dict:
        """The cheap first pass: words per field, title phrases, pinyin, plus a bigram
        conjunction so a substring the segmenter split differently is still found."""
        aq = query.analysed
        should = []
        text = " ".join(aq.words)
        if text:
            for key, field in (
                ("title", "title_words"),
                ("meta", "meta_words"),
                ("body", "body_words"),
                ("context", "context_words"),
            ):
                should.append({"match": {field: {"query": text, "boost": WEIGHTS[key]}}})
        for phrase in aq.phrases:
            if len(phrase) < 2:
                continue
            grams = " ".join(analysis.bigrams(phrase))
            should.append(
                {
                    "match_phrase": {
                        "title_bigrams": {"query": grams, "boost": PHRASE_BOOST["title"]}
                    }
                }
            )
            if aq.needs_substring_match(phrase):
                should.append(
                    {
                        "match": {
                            "body_bigrams": {
                                "query": grams,
                                "operator": "and",
                                "boost": RECALL_BOOST,
                            }
                        }
                    }
                )
        if aq.pinyin:
            should.append(
                {"term": {"name_pinyin": {"value": aq.pinyin, "boost": WEIGHTS["pinyin"]}}}
            )
        if aq.text:
            should.append(
                {
                    "term": {
                        "title_exact": {
                            "value": aq.text.replace(" ", ""),
                            "boost": EXACT_TITLE_BOOST,
                        }
                    }
                }
            )
        query_bool = {"should": should, "minimum_should_match": 1}
        filters = self._filters(query)
        if filters:
            query_bool["filter"] = filters
        # A page made private leaves the results at once, before the outbox removed it.
        hidden = private_page_ids()
        if hidden:
            query_bool["must_not"] = [{"terms": {"page_id": sorted(hidden)}}]
        return {"bool": query_bool}

    def build_rescore(self, query: SearchQuery):
        """The costly signals, on the best candidates only: exact phrases in the body (with
        positions) and the bonus for having every word of the query; and, only to order ties,
        the page the words were written in before a person's page borrowing them."""
        aq = query.analysed
        should = [{"term": {"person": {"value": False, "boost": SOURCE_FIRST}}}]
        for phrase in aq.phrases:
            if len(phrase) > 1:
                should.append(
                    {
                        "match_phrase": {
                            "body_bigrams": {
                                "query": " ".join(analysis.bigrams(phrase)),
                                "boost": PHRASE_BOOST["body"],
                            }
                        }
                    }
                )
        if len(aq.words) > 1:
            # A bonus for having every word of the query somewhere, as on the database
            # backend: a constant, not the words' frequencies counted a second time (a long
            # story repeating 支部 beat the profiles whose role is 党支部书记). A typical idf
            # stands in for the words' own (the same rankings from 2 to 4).
            should.append(
                {
                    "constant_score": {
                        "filter": {
                            "bool": {
                                "must": [
                                    {"multi_match": {"query": word, "fields": WORD_FIELDS}}
                                    for word in aq.words
                                ]
                            }
                        },
                        "boost": ALL_WORDS_BOOST * TYPICAL_IDF * len(aq.words),
                    }
                }
            )
        return {
            "window_size": max(RESCORE_WINDOW, query.offset + query.per_page),
            "query": {
                "rescore_query": {"bool": {"should": should}},
                "query_weight": 1.0,
                "rescore_query_weight": 1.0,
            },
        }

    def search_body(self, query: SearchQuery) -> dict:
        body = {
            "query": self.build_query(query),
            "_source": SOURCE_FIELDS,
            "track_total_hits": TOTAL_HITS_UP_TO,
            "from": query.offset,
            "size": query.per_page,
        }
        rescore = self.build_rescore(query)
        if rescore:
            body["rescore"] = rescore
        return body

    def search(self, query: SearchQuery) -> SearchResults:
        results = SearchResults(query=query, backend=self.name)
        aq = query.analysed
        if aq.is_empty:
            return results
        try:
            # The raw client with filter_path: only what we show travels and gets parsed.
            response = self.client.search(
                index=self.alias, body=self.search_body(query), filter_path=RESPONSE_FIELDS
            )
        except NotFoundError:  # nothing indexed yet (run search_rebuild): no results
            return results
        hits = response.get("hits", {})
        results.total = hits.get("total", {}).get("value", 0)
        results.engine_ms = response.get("took")
        for hit in hits.get("hits", []):
            source = hit["_source"]
            body = source.get("body") or ""
            results.hits.append(
                SearchHit(
                    page_id=source["page_id"],
                    type=source["type"],
                    title=source["title"],
                    url=source["url"],
                    score=round(hit.get("_score") or 0.0, 4),
                    region=source.get("region", ""),
                    organisation=source.get("organisation", ""),
                    body=body,
                    snippet=snippet(body, aq),
                    title_html=mark_title(source["title"], aq),
                )
            )
        return results

    def suggest(self, prefix, limit=8):
        key = analysis.suggest_key(prefix)
        if not key or len(key) > 50:
            return []
        # The completion suggester cannot exclude documents: private pages still in the
        # index (before the outbox removed them) are asked for on top and dropped here.
        hidden = private_page_ids()
        try:
            response = self.client.search(
                index=self.alias,
                body={
                    "_source": ["page_id", "type", "title", "url"],
                    "suggest": {
                        "names": {
                            "prefix": key,
                            "completion": {
                                "field": "suggest",
                                "size": limit + min(len(hidden), MAX_HIDDEN_SKIPPED),
                                "skip_duplicates": True,
                            },
                        }
                    },
                },
            )
        except NotFoundError:
            return []
        options = [
            o
            for o in response["suggest"]["names"][0]["options"]
            if o["_source"]["page_id"] not in hidden
        ]
        return [
            Suggestion(
                page_id=o["_source"]["page_id"],
                type=o["_source"]["type"],
                title=o["_source"]["title"],
                url=o["_source"]["url"],
            )
            for o in options[:limit]
        ]
