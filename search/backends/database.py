"""Search on the site's own database (SQLite or PostgreSQL) when no Elasticsearch is set.

Analysed token strings live in SearchEntry's text columns as ' token token '; a word is a
contains(' word ') lookup, which both databases answer without any full-text extension. The
candidates are then ranked in Python with BM25 over the same fields and weights the
Elasticsearch backend uses.
"""

from __future__ import annotations

import math
from functools import reduce
from operator import or_

from django.db import transaction
from django.db.models import Q

from search import analysis
from search.backends.base import (
    ALL_WORDS_BOOST,
    BODY_B,
    EXACT_TITLE_BOOST,
    PHRASE_BOOST,
    WEIGHTS,
    SearchBackend,
    SearchHit,
    SearchQuery,
    SearchResults,
    Suggestion,
    private_pages,
)
from search.highlight import mark_title, snippet
from search.models import SearchEntry

FIELDS = {
    "title": "title_words",
    "meta": "meta_words",
    "body": "body_words",
    "context": "context_words",
}
MAX_WORDS = 12
MAX_CANDIDATES = 5000
K1, B = 1.2, 0.75


def padded(tokens: str) -> str:
    return f" {tokens} " if tokens else ""


def entry_from_doc(doc) -> SearchEntry:
    forms = doc.analysed()
    return SearchEntry(
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


class DatabaseBackend(SearchBackend):
    name = "database"

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
        conditions += [Q(plain__contains=p) for p in aq.phrases if len(p) > 1]
        if aq.pinyin:
            conditions.append(Q(name_pinyin__contains=f" {aq.pinyin} "))
        rows = list(
            self._filtered(query)
            .filter(reduce(or_, conditions))
            .values(
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
        scored = self._rank(rows, words, aq)
        results.total = len(scored)
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

    def _rank(self, rows, words, aq):
        """BM25 per field (weights and body length normalisation as in Elasticsearch),
        plus exact-phrase and all-words bonuses."""
        total_docs = max(SearchEntry.objects.count(), len(rows))
        lengths = {f: [len(r[c].split()) for r in rows] for f, c in FIELDS.items()}
        # Average field lengths over the candidates stand in for the corpus averages.
        avg = {f: (sum(v) / len(v) or 1.0) for f, v in lengths.items()}

        def idf(df):
            return math.log(1 + (total_docs - df + 0.5) / (df + 0.5))

        word_idf = {
            w: idf(sum(1 for r in rows if any(f" {w} " in r[c] for c in FIELDS.values())))
            for w in words
        }
        phrases = [p for p in aq.phrases if len(p) > 1]
        exact = aq.text.replace(" ", "")
        phrase_idf = {
            p: idf(sum(1 for r in rows if p in r["plain"])) * (len(p) - 1) for p in phrases
        }
        scored = []
        for i, row in enumerate(rows):
            score, matched = 0.0, set()
            for w in words:
                needle = f" {w} "
                for f, column in FIELDS.items():
                    tf = row[column].count(needle)
                    if tf:
                        matched.add(w)
                        b = BODY_B if f == "body" else B
                        norm = K1 * (1 - b + b * lengths[f][i] / avg[f])
                        score += WEIGHTS[f] * word_idf[w] * tf * (K1 + 1) / (tf + norm)
            title_plain = analysis.normalise(row["title"])
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
