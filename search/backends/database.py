"""Search on the site's own database (SQLite or PostgreSQL) when no Elasticsearch is set.

Analysed token strings live in SearchEntry's text columns as ' token token '; a word is a
contains(' word ') lookup. The database's own full-text indexes (database_fulltext.py;
migrations 0005 and 0006) first narrow the rows to those that can match, so no query scans
every row; the contains() conditions then decide exactly as before. The candidates are
ranked in Python with BM25 over the same fields and weights the Elasticsearch backend uses.
A query matching more rows than TOP_K ranks a cut of them that the indexes choose in order of
evidence (database_fulltext.candidate_ids), with the BM25 statistics taken from the index.
"""

from __future__ import annotations

import math
from functools import lru_cache, reduce
from operator import or_

from django.db import transaction
from django.db.models import Q

from search import analysis
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
    private_pages,
)
from search.backends.database_fulltext import (  # noqa: F401 - index_terms: migration 0005
    average_lengths,
    bigrams_of,
    candidate_ids,
    counts_capped,
    full_text_filter,
    id_filter,
    index_groups,
    index_terms,
    pieces,
    usable,
)
from search.highlight import mark_title, snippet
from search.models import SearchEntry
from xianfeng import memory

FIELDS = {
    "title": "title_words",
    "meta": "meta_words",
    "body": "body_words",
    "context": "context_words",
}
MAX_WORDS = 12
# Today's cap on the rows one query ranks, and on the totals it reports.
MAX_CANDIDATES = 5000
# Rows ranked in Python when a query matches more: the first pages come from the best of
# them (database_fulltext.candidate_ids); a deeper page ranks the next multiple it reaches.
TOP_K = 300
K1, B = 1.2, 0.75

# Each ranked row's title, normalised for the phrase and exact-title bonuses: the same rows
# come back query after query, and normalising (NFKC, Traditional to Simplified) is pure.
_title_plain = lru_cache(maxsize=20_000)(analysis.normalise)
memory.remember(_title_plain, name="normalised titles", forget=_title_plain.cache_clear)
# From this many rows on PostgreSQL, BM25's document count is the one ANALYZE took (the
# snapshot the document frequency estimates come from) instead of a count(*) visiting every
# row (7-12 ms at 100,000 profiles); a smaller table is counted exactly.
ANALYSED_TOTAL_FROM = 20_000


def padded(tokens: str) -> str:
    return f" {tokens} " if tokens else ""


def entry_from_doc(doc) -> SearchEntry:
    forms = doc.analysed()
    entry = SearchEntry(
        page_id=doc.page_id,
        type=doc.type,
        title=doc.title[:255],
        url=doc.url[:500],
        region=doc.region[:80],
        organisation=doc.organisation[:120],
        org_path=doc.org_path,
        honours=("|" + "|".join(doc.honours) + "|")[:500] if doc.honours else "",
        date=doc.date,
        title_words=padded(forms["title_words"]),
        meta_words=padded(forms["meta_words"]),
        context_words=padded(forms["context_words"]),
        body_words=padded(forms["body_words"]),
        name_pinyin=padded(forms["name_pinyin"])[:255],
        suggest=padded(" ".join(doc.suggest_inputs()))[:500],
        plain=forms["plain"],
        body=doc.body[:20000],
    )
    entry.terms = index_terms(entry)
    return entry


class DatabaseBackend(SearchBackend):
    name = "database"

    def __init__(self, *, full_text: bool = True, cut: bool = True):
        # full_text=False: the plain scan, for the benches' "before" and the tests' oracle;
        # cut=False: every match ranked (up to MAX_CANDIDATES), the bench's figures before
        # the cut.
        self.full_text = full_text
        self.cut = cut

    # --- writing -------------------------------------------------------------------------
    def index(self, docs):
        entries = [entry_from_doc(d) for d in docs]
        with transaction.atomic():
            SearchEntry.objects.filter(page_id__in=[e.page_id for e in entries]).delete()
            SearchEntry.objects.bulk_create(entries, batch_size=500)

    def delete(self, page_ids):
        SearchEntry.objects.filter(page_id__in=list(page_ids)).delete()

    def rebuild(self, docs, total, progress=None):
        # One transaction: readers keep seeing the old entries until the new ones commit.
        count, batch = 0, []
        with transaction.atomic():
            SearchEntry.objects.all().delete()
            for doc in docs:
                batch.append(entry_from_doc(doc))
                if len(batch) >= 500:
                    SearchEntry.objects.bulk_create(batch)
                    count += len(batch)
                    progress and progress(len(batch))
                    batch = []
            SearchEntry.objects.bulk_create(batch)
            count += len(batch)
            progress and progress(len(batch))
        return count

    # --- reading -------------------------------------------------------------------------
    @staticmethod
    def _visible():
        """Entries of pages visitors may see (a page made private leaves the results at
        once, before the outbox removed its entry)."""
        private = private_pages()
        entries = SearchEntry.objects.all()
        return entries if private is None else entries.exclude(page_id__in=private)

    def _filtered(self, query: SearchQuery):
        entries = self._visible()
        if query.types:
            entries = entries.filter(type__in=query.types)
        if query.region:
            entries = entries.filter(region__startswith=query.region)
        if query.org_path:
            entries = entries.filter(org_path__startswith=query.org_path)
        if query.honour:
            entries = entries.filter(honours__contains=f"|{query.honour}|")
        return entries

    def search(self, query: SearchQuery) -> SearchResults:
        results = SearchResults(query=query, backend=self.name)
        aq = query.analysed
        if aq.is_empty:
            return results
        words = aq.words[:MAX_WORDS]
        conditions = [
            Q(**{f"{column}__contains": f" {w} "}) for w in words for column in FIELDS.values()
        ]
        phrases = [p for p in aq.phrases if len(p) > 1]
        conditions += [Q(plain__contains=p) for p in phrases]
        if aq.pinyin:
            conditions.append(Q(name_pinyin__contains=f" {aq.pinyin} "))
        entries = self._filtered(query)
        groups = index_groups(words, phrases, aq.pinyin) if self.full_text and usable() else None
        complete, stats, candidates, cut = True, None, entries, None
        if groups is not None:
            # Whole multiples of TOP_K: the pages within one cut come from the same rows.
            reach = -(-(query.offset + query.per_page) // TOP_K) * TOP_K
            limit = min(MAX_CANDIDATES, reach) if self.cut else MAX_CANDIDATES
            pinyin_group = groups[len(words)] if aq.pinyin else None
            cut = candidate_ids(
                entries,
                groups,
                groups[: len(words)],
                pinyin_group,
                limit,
                first=TOP_K,
                columns=list(FIELDS.values()),
            )
            candidates, complete = entries.filter(id_filter(cut.ids)), cut.complete
            if not complete:
                stats = self._cut_stats(entries, words, phrases, groups, cut)
        rows = list(
            candidates.filter(reduce(or_, conditions)).values(
                "pk",
                "page_id",
                "type",
                "title",
                "url",
                "region",
                "organisation",
                "plain",
                "name_pinyin",
                *FIELDS.values(),
            )[:MAX_CANDIDATES]
        )
        if not rows:
            return results
        scored = self._rank(rows, words, aq, stats, self._documents(cut))
        # Cut: the total is the index's count of matches, stopped at MAX_CANDIDATES (as the
        # plain scan's total always was), not a COUNT over every match.
        results.total = len(scored) if complete else stats["total"]
        chosen = scored[query.offset : query.offset + query.per_page]
        bodies = dict(
            SearchEntry.objects.filter(pk__in=[r["pk"] for _s, r in chosen]).values_list(
                "pk", "body"
            )
        )
        for score, row in chosen:
            body = bodies.get(row["pk"], "")
            results.hits.append(
                SearchHit(
                    page_id=row["page_id"],
                    type=row["type"],
                    title=row["title"],
                    url=row["url"],
                    score=round(score, 4),
                    region=row["region"],
                    organisation=row["organisation"],
                    body=body,
                    snippet=snippet(body, aq),
                    title_html=mark_title(row["title"], aq),
                )
            )
        return results

    @staticmethod
    def _documents(cut) -> int:
        """The document count of BM25's idf (see ANALYSED_TOTAL_FROM)."""
        if cut is not None and cut.statistics and (cut.analysed_rows or 0) >= ANALYSED_TOTAL_FROM:
            return int(cut.analysed_rows)
        return SearchEntry.objects.count()

    @staticmethod
    def _cut_stats(entries, words, phrases, groups, cut):
        """What BM25 counts over the candidates, when the ranked rows are a cut: document
        frequencies through the index over the filtered entries (up to MAX_CANDIDATES, the
        most the candidates held before) and average field lengths over the first TOP_K
        matches in the index's row order, as the first candidates were before. Neither
        depends on the cut, so a row scores the same on every page. Also the total: the
        matches of any group, counted the same way."""
        asked = [[pieces(w)] for w in words] + [[sorted(bigrams_of(p))] for p in phrases]
        *counts, total = counts_capped(entries, [*asked, groups], MAX_CANDIDATES, cut.statistics)
        found = {("word", w): n for w, n in zip(words, counts[: len(words)], strict=True)}
        found |= {("phrase", p): n for p, n in zip(phrases, counts[len(words) :], strict=True)}
        found["total"] = total
        lengths = cut.lengths or average_lengths(cut.first[:TOP_K], list(FIELDS.values()))
        found["avg"] = {f: lengths[c] for f, c in FIELDS.items()}
        return found

    def _rank(self, rows, words, aq, stats, documents: int):
        """BM25 per field (weights and body length normalisation as in Elasticsearch),
        plus exact-phrase and all-words bonuses. Document frequencies and average field
        lengths are counted over `rows`, unless `stats` gives them (_cut_stats);
        `documents`: the document count (_documents)."""
        total_docs = max(documents, len(rows))
        # Token counts of ' a b ' (padded(): one space between tokens), as average_lengths
        # counts them in the database; counting spaces makes no list of the tokens.
        lengths = {f: [max(r[c].count(" ") - 1, 0) for r in rows] for f, c in FIELDS.items()}
        # Average field lengths over the candidates stand in for the corpus averages.
        avg = {f: sum(v) / len(v) for f, v in lengths.items()} if stats is None else stats["avg"]
        avg = {f: a or 1.0 for f, a in avg.items()}

        def idf(df):
            return math.log(1 + (total_docs - df + 0.5) / (df + 0.5))

        # Term frequencies counted once per row, as (word, field, tf) in the order the score
        # adds them up; a word's document frequency is the rows where any field has it.
        needles = [(w, f" {w} ") for w in words]
        fields = list(FIELDS.items())
        row_tfs, df = [], dict.fromkeys(words, 0)
        for row in rows:
            found = []
            for w, needle in needles:
                counts = [(w, f, row[column].count(needle)) for f, column in fields]
                counts = [c for c in counts if c[2]]
                if counts:
                    df[w] += 1
                    found += counts
            row_tfs.append(found)
        if stats is not None:
            df = {w: stats["word", w] for w in words}
        word_idf = {w: idf(df[w]) for w in words}
        phrases = [p for p in aq.phrases if len(p) > 1]
        exact = aq.text.replace(" ", "")
        phrase_df = (
            {p: sum(1 for r in rows if p in r["plain"]) for p in phrases}
            if stats is None
            else {p: stats["phrase", p] for p in phrases}
        )
        phrase_idf = {p: idf(phrase_df[p]) * (len(p) - 1) for p in phrases}
        scored = []
        for i, row in enumerate(rows):
            score, matched = 0.0, set()
            for w, f, tf in row_tfs[i]:
                matched.add(w)
                b = BODY_B if f == "body" else B
                norm = K1 * (1 - b + b * lengths[f][i] / avg[f])
                score += WEIGHTS[f] * word_idf[w] * tf * (K1 + 1) / (tf + norm)
            title_plain = _title_plain(row["title"])
            for phrase in phrases:
                if phrase in title_plain:
                    score += PHRASE_BOOST["title"] * phrase_idf[phrase]
                elif phrase in row["plain"]:
                    tf = row["plain"].count(phrase)
                    score += PHRASE_BOOST["body"] * phrase_idf[phrase] * tf * (K1 + 1) / (tf + K1)
            if title_plain.replace(" ", "") == exact:
                score += EXACT_TITLE_BOOST * idf(1)
            if words and len(matched) == len(words):
                score += ALL_WORDS_BOOST * sum(word_idf.values())
            if aq.pinyin and f" {aq.pinyin} " in row["name_pinyin"]:
                score += WEIGHTS["pinyin"] * idf(1)
            if score > 0 and not row["name_pinyin"].strip():
                score += SOURCE_FIRST  # on equal evidence, before the pages about people
            if score > 0:
                scored.append((score, row))
        scored.sort(key=lambda item: (-item[0], item[1]["page_id"]))
        return scored

    def suggest(self, prefix, limit=8):
        key = analysis.suggest_key(prefix)
        if not key or len(key) > 50:
            return []
        entries = (
            self._visible()
            .filter(suggest__contains=f" {key}")
            .values("page_id", "type", "title", "url", "name_pinyin")[:200]
        )
        # People first (documents with names), then the shorter titles.
        ranked = sorted(
            entries, key=lambda e: (not e.pop("name_pinyin").strip(), len(e["title"]), e["title"])
        )
        return [Suggestion(**e) for e in ranked[:limit]]
