"""Search on the site's own database (SQLite or PostgreSQL) when no Elasticsearch is set.

Analysed token strings live in SearchEntry's text columns as ' token token '; a word is a
contains(' word ') lookup. The database's own full-text index over SearchEntry.terms (SQLite
FTS5, PostgreSQL tsvector + GIN; migration 0005) first narrows the rows to those that can
match, so no query scans every row; the contains() conditions then decide exactly as before.
The candidates are ranked in Python with BM25 over the same fields and weights the
Elasticsearch backend uses.
"""

from __future__ import annotations

import math
import re
from functools import reduce
from operator import or_

from django.db import connection, transaction
from django.db.models import BooleanField, Q
from django.db.models.expressions import RawSQL

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
# Index terms are cut where both indexes cut: the FTS5 ascii tokenizer (punctuation made
# token characters, migration 0005) splits on ASCII whitespace and control characters only.
TERM_SPLIT = re.compile(r"[\x00-\x20\x7f]+")
# Longer terms are left out of the index (PostgreSQL refuses lexemes over 2,046 bytes); a
# query needing one is answered by the plain scan instead.
MAX_TERM_CHARS = 200


def padded(tokens: str) -> str:
    return f" {tokens} " if tokens else ""


def pieces(text: str) -> list[str]:
    return [p for p in TERM_SPLIT.split(text) if p]


def bigrams_of(text: str) -> set[str]:
    """Character bigrams of each piece: a substring of `text` of two or more characters
    without whitespace lies inside one piece, so it contains only these bigrams."""
    return {p[i : i + 2] for p in pieces(text) for i in range(len(p) - 1)}


def index_terms(entry: SearchEntry) -> str:
    """SearchEntry.terms: every row a word, pinyin or phrase condition can match holds all
    the terms that condition asks the index for (see _index_groups), so the index only
    narrows, never decides."""
    terms = set()
    for column in (*FIELDS.values(), "name_pinyin"):
        terms.update(pieces(getattr(entry, column)))
    terms.update(bigrams_of(entry.plain))
    return " ".join(sorted(t for t in terms if len(t) <= MAX_TERM_CHARS))


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


def index_groups(words, phrases, pinyin) -> list[list[str]] | None:
    """What to ask the full-text index for: any group whose terms are all present (OR of
    ANDs), one group per search condition. None when some condition has no usable term (the
    plain scan then answers, as it always did)."""
    groups = []
    for text in (*words, *([pinyin] if pinyin else [])):
        groups.append(pieces(text))  # a word found as ' word ' holds each of its pieces
    for phrase in phrases:
        groups.append(sorted(bigrams_of(phrase)))
    if not groups or any(
        not group or any(len(t) > MAX_TERM_CHARS for t in group) for group in groups
    ):
        return None
    return groups


def full_text_filter(groups):
    """A condition narrowing SearchEntry rows through the database's full-text index (None
    when there is none to use). Terms are quoted, so FTS5 or tsquery syntax typed by a
    visitor (quotes, *, NEAR, -, :, &, |, !) is matched literally."""
    if groups is None:
        return None
    table = SearchEntry._meta.db_table
    if connection.vendor == "sqlite":

        def quote(term):
            return '"' + term.replace('"', '""') + '"'

        sql = f"{table}.id IN (SELECT rowid FROM {table}_fts WHERE {table}_fts MATCH %s)"  # noqa: S608 - our table name; the match is a parameter
        match = " OR ".join("(" + " AND ".join(map(quote, g)) + ")" for g in groups)
    elif connection.vendor == "postgresql":

        def quote(term):
            return "'" + term.replace("\\", "\\\\").replace("'", "''") + "'"

        sql = f"{table}.search_terms @@ %s::tsquery"
        match = " | ".join("(" + " & ".join(map(quote, g)) + ")" for g in groups)
    else:
        return None
    return RawSQL(sql, [match], output_field=BooleanField())  # noqa: S611 - parameterised


class DatabaseBackend(SearchBackend):
    name = "database"

    def __init__(self, *, full_text: bool = True):
        # full_text=False: the plain scan, for the benches' "before" and the tests' oracle.
        self.full_text = full_text

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
        groups = index_groups(words, phrases, aq.pinyin) if self.full_text else None
        narrowed = full_text_filter(groups)
        if narrowed is not None:
            entries = entries.filter(narrowed)
        rows = list(
            entries.filter(reduce(or_, conditions)).values(
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
        word_idf = {w: idf(df[w]) for w in words}
        phrases = [p for p in aq.phrases if len(p) > 1]
        exact = aq.text.replace(" ", "")
        phrase_idf = {
            p: idf(sum(1 for r in rows if p in r["plain"])) * (len(p) - 1) for p in phrases
        }
        scored = []
        for i, row in enumerate(rows):
            score, matched = 0.0, set()
            for w, f, tf in row_tfs[i]:
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
