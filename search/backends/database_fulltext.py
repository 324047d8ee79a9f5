"""The database backend's full-text indexes: what they hold, and the questions it asks them.

Two indexes, each in the database's own way (migrations 0005 and 0006): one over
SearchEntry.terms (every token of the word columns and of name_pinyin, every character bigram
of `plain`) that says which rows can match at all, and one per strong field (title, pinyin,
meta) that says where a term stands. Both only narrow: the contains() conditions of the search
still decide which rows match, and search.backends.database ranks them.

The cut (candidate_ids): a query matching more rows than the page needs does not fetch and
rank them all. The database hands over a bounded set in order of evidence: rows matching in
the fields weighted highest (WEIGHTS, title and pinyin before meta), rows holding every word
(ALL_WORDS_BOOST), then any match, each in the index's own row order (insertion order, which
is also how equal scores are broken) and each stopped by a LIMIT, so no step visits every
match. BM25 with column weights in the database (FTS5 bm25(), ts_rank) was measured first:
it scores every match, 0.9 s at p95 for 100,000 profiles where a LIMITed step takes
milliseconds.
"""

from __future__ import annotations

import json
import re
from typing import NamedTuple

from django.core.exceptions import EmptyResultSet, FullResultSet
from django.db import connection
from django.db.models import BooleanField, Q
from django.db.models.expressions import RawSQL

from search.backends.base import ALL_WORDS_BOOST, WEIGHTS
from search.models import SearchEntry

WORD_COLUMNS = ("title_words", "meta_words", "body_words", "context_words")
# Index terms are cut where both indexes cut: the FTS5 ascii tokenizer (punctuation made
# token characters, migration 0005) splits on ASCII whitespace and control characters only.
TERM_SPLIT = re.compile(r"[\x00-\x20\x7f]+")
# Longer terms are left out of the index (PostgreSQL refuses lexemes over 2,046 bytes); a
# query needing one is answered by the plain scan instead.
MAX_TERM_CHARS = 200
# The strong fields' own indexes (migration 0006): field → SQLite FTS5 column, PostgreSQL
# tsvector column.
FIELD_INDEX = {
    "title": ("title_words", "search_title"),
    "pinyin": ("name_pinyin", "search_pinyin"),
    "meta": ("meta_words", "search_meta"),
}
TABLE = SearchEntry._meta.db_table


def pieces(text: str) -> list[str]:
    return [p for p in TERM_SPLIT.split(text) if p]


def bigrams_of(text: str) -> set[str]:
    """Character bigrams of each piece: a substring of `text` of two or more characters
    without whitespace lies inside one piece, so it contains only these bigrams."""
    return {p[i : i + 2] for p in pieces(text) for i in range(len(p) - 1)}


def index_terms(entry: SearchEntry) -> str:
    """SearchEntry.terms: every row a word, pinyin or phrase condition can match holds all
    the terms that condition asks the index for (see index_groups), so the index only
    narrows, never decides."""
    terms = set()
    for column in (*WORD_COLUMNS, "name_pinyin"):
        terms.update(pieces(getattr(entry, column)))
    terms.update(bigrams_of(entry.plain))
    return " ".join(sorted(t for t in terms if len(t) <= MAX_TERM_CHARS))


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


def usable() -> bool:
    return connection.vendor in ("sqlite", "postgresql")


def _quote(term: str) -> str:
    if connection.vendor == "sqlite":
        return '"' + term.replace('"', '""') + '"'
    return "'" + term.replace("\\", "\\\\").replace("'", "''") + "'"


def match_text(groups, every=False) -> str:
    """The index query for `groups`: any of them (or, with `every`, all of them) with all
    its terms. Terms are quoted, so FTS5 or tsquery syntax typed by a visitor (quotes, *,
    NEAR, -, :, &, |, !) is matched literally."""
    sqlite = connection.vendor == "sqlite"
    both, either = (" AND ", " OR ") if sqlite else (" & ", " | ")
    joined = [both.join(map(_quote, group)) for group in groups]
    return (both if every else either).join(f"({g})" for g in joined)


def id_filter(ids):
    """A condition keeping the entries `ids`: on PostgreSQL one array parameter instead of an
    IN list of up to TOP_K parameters, which the driver splices into the statement text and
    the server parses again on each query."""
    if connection.vendor != "postgresql":
        return Q(pk__in=ids)
    sql = f"{TABLE}.id = ANY(%s)"
    return RawSQL(sql, [list(ids)], output_field=BooleanField())  # noqa: S611 - parameterised


def full_text_filter(groups):
    """A condition narrowing SearchEntry rows through the terms index (None when there is
    none to use)."""
    if groups is None or not usable():
        return None
    if connection.vendor == "sqlite":
        sql = f"{TABLE}.id IN (SELECT rowid FROM {TABLE}_fts WHERE {TABLE}_fts MATCH %s)"  # noqa: S608 - our table name; the match is a parameter
    else:
        sql = f"{TABLE}.search_terms @@ %s::tsquery"
    return RawSQL(sql, [match_text(groups)], output_field=BooleanField())  # noqa: S611 - parameterised


def _where(entries):
    """The WHERE of the filtered entries queryset (types, region, organisation, honour,
    private pages) as SQL over the entry table, so each index step applies the filters
    before its LIMIT. None when the filters exclude everything."""
    query = entries.query
    try:
        sql, params = query.get_compiler(connection=connection).compile(query.where)
    except EmptyResultSet:
        return None
    except FullResultSet:  # no filter
        return "", []
    return sql, list(params)


def _step_sql(where, match, field=None, every=False, limit=1):
    """SQL and parameters of one index step: entry ids matching `match` in the terms index
    (or in `field`'s own index), filtered by `where`, in the index's row order, at most
    `limit`."""
    sql_where, params = where
    text = match_text(match, every)
    if connection.vendor == "sqlite":
        fts = f"{TABLE}_fields" if field else f"{TABLE}_fts"
        if field:
            text = "{" + FIELD_INDEX[field][0] + "} : (" + text + ")"
        join = f" JOIN {TABLE} ON {TABLE}.id = {fts}.rowid" if sql_where else ""
        sql = f"SELECT {fts}.rowid FROM {fts}{join} WHERE {fts} MATCH %s"  # noqa: S608 - our names
    else:
        column = FIELD_INDEX[field][1] if field else "search_terms"
        sql = f"SELECT {TABLE}.id FROM {TABLE} WHERE {TABLE}.{column} @@ %s::tsquery"  # noqa: S608 - our names
    if sql_where:
        sql += f" AND ({sql_where})"
    return sql + " LIMIT %s", [text, *params, limit]


def _ids(where, match, field=None, every=False, limit=1, count=False):
    """The ids of one step (_step_sql), or with `count` how many."""
    sql, params = _step_sql(where, match, field, every, limit)
    if count:
        sql = f"SELECT count(*) FROM ({sql}) AS found"  # noqa: S608 - ours
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    return rows[0][0] if count else [row[0] for row in rows]


def counts_capped(entries, asked, cap: int, statistics: bool | None = None) -> list[int]:
    """For each group list of `asked`: the rows matching any of its groups (filtered as
    `entries`), counted up to `cap`, where the count stops instead of visiting every match.

    On PostgreSQL a count visits the table row of each match (the GIN index says only which
    rows may match), about 30 ms for 5,000 at 100,000 profiles; once the table has
    statistics (ANALYZE, as autovacuum runs it) the planner's estimate of the matches, from
    the lexeme frequencies ANALYZE keeps for the tsvector, stands in for the count, all of
    them from one EXPLAIN. `statistics`: has_statistics(), when the caller already asked."""
    where = _where(entries)
    if where is None:
        return [0] * len(asked)
    if statistics is None:
        statistics = has_statistics()
    if statistics:
        return [min(cap, found) for found in _estimates(where, asked)]
    return [_ids(where, groups, limit=cap, count=True) for groups in asked]


def has_statistics() -> bool:
    """Whether the planner's estimates stand in for counts (PostgreSQL after ANALYZE)."""
    return connection.vendor == "postgresql" and _has_statistics()


def _has_statistics() -> bool:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT 1 FROM pg_stats WHERE tablename = %s AND attname = 'search_terms'", [TABLE]
        )
        return cursor.fetchone() is not None


def _estimate_sql(where, groups):
    sql_where, params = where
    sql = f"SELECT 1 FROM {TABLE} WHERE {TABLE}.search_terms @@ %s::tsquery"  # noqa: S608 - our names
    if sql_where:
        sql += f" AND ({sql_where})"
    return sql, [match_text(groups), *params]


def _plan(sql, params):
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
        plan = cursor.fetchone()[0]
    plan = json.loads(plan) if isinstance(plan, str) else plan
    return plan[0]["Plan"]


def _estimates(where, asked) -> list[int]:
    """The planner's row estimates of each group list of `asked`, from one EXPLAIN of their
    UNION ALL: each arm of the Append is planned as it would be alone (same rows). Should the
    plan not be one plain Append of an arm each (a parallel plan estimates rows per worker),
    each is explained on its own."""
    arms = [_estimate_sql(where, groups) for groups in asked]
    if len(arms) == 1:
        return [int(_plan(*arms[0])["Plan Rows"])]
    top = _plan(" UNION ALL ".join(sql for sql, _ in arms), [p for _, ps in arms for p in ps])
    children = top.get("Plans", [])
    if top["Node Type"] == "Append" and len(children) == len(arms):
        if not any(child.get("Parallel Aware") for child in children):
            return [int(child["Plan Rows"]) for child in children]
    return [int(_plan(*arm)["Plan Rows"]) for arm in arms]


class Cut(NamedTuple):
    """What candidate_ids found: the ids to rank, whether they are every match, the first
    matches in the index's row order and, on PostgreSQL (asked in the same statement), the
    average field lengths over the first of them (when not every match), whether the table
    has statistics (has_statistics) and the rows ANALYZE counted (pg_class.reltuples)."""

    ids: list[int]
    complete: bool
    first: list[int]
    lengths: dict[str, float] | None = None
    statistics: bool | None = None
    analysed_rows: float | None = None


def candidate_ids(entries, groups, word_groups, pinyin_group, limit, first=1, columns=()) -> Cut:
    """Ids of at most `limit` entries that may match, whether they are every match, and the
    first matches in the index's row order.

    Every match when there are no more than `limit` (the ranking then sees exactly the rows
    it always saw); otherwise the cut described in the module docstring: rows matching in
    the strong fields by weight, rows holding every word, then any match, until `limit`.
    On PostgreSQL also the average lengths of `columns` over the `first` first matches."""
    where = _where(entries)
    if where is None:
        return Cut([], True, [])
    ordered = cut_steps(word_groups, pinyin_group)
    if connection.vendor == "postgresql":
        every, found, facts = _postgres_cut(where, groups, ordered, limit, first, columns)
    else:
        every = _ids(where, groups, limit=limit + 1)
        found = (_ids(where, match, field, all_of, limit) for field, match, all_of in ordered)
        facts = {}
    if len(every) <= limit:
        return Cut(every, True, every, **facts)
    return Cut(choose(every, found, limit), False, every[:limit], **facts)


def cut_steps(word_groups, pinyin_group) -> list[tuple[str | None, list, bool]]:
    """The cut's index steps in order of evidence: (field index or None for the terms index,
    groups, whether all of them)."""
    steps = [(WEIGHTS[field], field, word_groups, False) for field in ("title", "meta")]
    if pinyin_group:
        steps.append((WEIGHTS["pinyin"], "pinyin", [pinyin_group], False))
    if len(word_groups) > 1:
        steps.append((ALL_WORDS_BOOST * len(word_groups), None, word_groups, True))
    return [(f, m, a) for _w, f, m, a in sorted(steps, key=lambda s: -s[0]) if m]


def choose(every, found, limit) -> list[int]:
    """The ids of each step's `found` in turn (SQLite: asked one by one, as needed), until
    `limit`, then any match in row order."""
    chosen = dict.fromkeys(())
    for ids in found:
        chosen.update(dict.fromkeys(ids))
        if len(chosen) >= limit:
            break
    chosen.update(dict.fromkeys(every))
    return list(chosen)[:limit]


def _postgres_cut(where, groups, steps, limit, first, columns):
    """candidate_ids on PostgreSQL in one statement (every round trip waits its turn on a
    busy server): the first matches (at most limit + 1); when there are more than `limit`,
    each step's ids (a LIMITed step each) and the average lengths of `columns` over the
    `first` first matches; has_statistics and pg_class.reltuples."""
    every_sql, params = _step_sql(where, groups, limit=limit + 1)
    over = f"(SELECT count(*) FROM every) > {int(limit)}"  # noqa: S608 - ours
    parts = [
        "ARRAY(SELECT id FROM every)",
        "EXISTS(SELECT 1 FROM pg_stats WHERE tablename = %s AND attname = 'search_terms')",
        "(SELECT reltuples FROM pg_class WHERE oid = %s::regclass)",
    ]
    params += [TABLE, TABLE]
    if columns:
        # Tokens are ' '-separated: the spaces counted in bytes, with no character count.
        averages = ", ".join(
            f"avg(CASE WHEN {c} = '' THEN 0 ELSE octet_length({c}) "
            f"- octet_length(replace({c}, ' ', '')) - 1 END)"
            for c in columns
        )
        parts.append(
            f"CASE WHEN {over} THEN (SELECT ARRAY[{averages}] FROM {TABLE} WHERE id IN "  # noqa: S608 - ours
            f"(SELECT id FROM every LIMIT {int(first)})) END"
        )
    for field, match, all_of in steps:
        sql, step_params = _step_sql(where, match, field, all_of, limit)
        ids = f"ARRAY(SELECT found.id FROM ({sql}) AS found)"  # noqa: S608 - ours
        parts.append(f"CASE WHEN {over} THEN {ids} END")
        params += step_params
    sql = f"WITH every AS MATERIALIZED ({every_sql}) SELECT {', '.join(parts)}"
    with connection.cursor() as cursor:
        _scans_in_row_order(cursor)
        cursor.execute(sql, params)
        row = cursor.fetchone()
    every, statistics, analysed_rows = row[0], row[1], row[2]
    lengths = None
    if columns and row[3] is not None:
        lengths = {c: float(v or 0) for c, v in zip(columns, row[3], strict=True)}
    found = row[3 + bool(columns) :]
    facts = {"lengths": lengths, "statistics": statistics, "analysed_rows": analysed_rows}
    return every, found, facts


def _scans_in_row_order(cursor):
    """Sequential scans from the table's first block on this connection. The planner reads a
    common term's first matches with a LIMITed sequential scan, and on a table larger than
    a quarter of shared_buffers such a scan starts where the last one stopped (synchronized
    scans): the first matches, so the cut and its average lengths, changed from one search
    to the next (on 100,000 profiles, the same query's first page three times: three sets
    of pages). Remembered per connection when set outside a transaction (a rollback undoes a
    SET); inside one (ATOMIC_REQUESTS, tests) set again each time."""
    raw = connection.connection
    if not getattr(raw, "_xf_scans_in_row_order", False):
        cursor.execute("SET synchronize_seqscans = off")
        raw._xf_scans_in_row_order = not connection.in_atomic_block


def average_lengths(ids, columns) -> dict[str, float]:
    """Average token counts of `columns` over the entries `ids` (' a b ' holds 2), counted
    in the database."""
    counts = ", ".join(
        f"avg(CASE WHEN {c} = '' THEN 0 ELSE length({c}) - length(replace({c}, ' ', '')) - 1 END)"
        for c in columns
    )
    marks = ", ".join(["%s"] * len(ids))
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {counts} FROM {TABLE} WHERE id IN ({marks})", list(ids))  # noqa: S608 - our names; ids are parameters
        row = cursor.fetchone()
    return {c: float(v or 0) for c, v in zip(columns, row, strict=True)}
