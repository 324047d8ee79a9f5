# ruff: noqa: S608 - constant table and column names, nothing typed by a visitor
"""Full-text indexes over the database backend's strongest fields (title, pinyin, meta), so
the search can take the rows matching there first when a query matches too many rows to rank
them all (search.backends.database_fulltext.candidate_ids).

SQLite: an external-content FTS5 table with one column per field, kept by triggers in the
statement that writes the entry (as 0005's table); detail=column: the search asks only which
rows hold a term in which column. PostgreSQL: a generated tsvector per field, each with a GIN
index (the tokens go in as they are, as in 0005; terms over 200 characters are left out, as
SearchEntry.terms leaves them out).
"""

from importlib import import_module

from django.db import migrations

# The same tokenizer and vendor switch as the terms index of 0005.
sql = import_module("search.migrations.0005_full_text_index")

TABLE = "xfsearch_searchentry"
FIELDS_FTS = f"{TABLE}_fields"
COLUMNS = ("title_words", "name_pinyin", "meta_words")
VECTORS = {
    "title_words": "search_title",
    "name_pinyin": "search_pinyin",
    "meta_words": "search_meta",
}

names = ", ".join(COLUMNS)
new_values = ", ".join(f"new.{c}" for c in COLUMNS)
old_values = ", ".join(f"old.{c}" for c in COLUMNS)
SQLITE_CREATE = [
    f"CREATE VIRTUAL TABLE {FIELDS_FTS} USING fts5({names}, content='{TABLE}', "
    f"content_rowid='id', detail=column, tokenize={sql.TOKENIZE})",
    f"CREATE TRIGGER {FIELDS_FTS}_insert AFTER INSERT ON {TABLE} BEGIN "
    f"INSERT INTO {FIELDS_FTS}(rowid, {names}) VALUES (new.id, {new_values}); END",
    f"CREATE TRIGGER {FIELDS_FTS}_delete AFTER DELETE ON {TABLE} BEGIN "
    f"INSERT INTO {FIELDS_FTS}({FIELDS_FTS}, rowid, {names}) "
    f"VALUES ('delete', old.id, {old_values}); END",
    f"CREATE TRIGGER {FIELDS_FTS}_update AFTER UPDATE OF id, {names} ON {TABLE} BEGIN "
    f"INSERT INTO {FIELDS_FTS}({FIELDS_FTS}, rowid, {names}) "
    f"VALUES ('delete', old.id, {old_values}); "
    f"INSERT INTO {FIELDS_FTS}(rowid, {names}) VALUES (new.id, {new_values}); END",
    f"INSERT INTO {FIELDS_FTS}({FIELDS_FTS}) VALUES ('rebuild')",  # entries written before
]
SQLITE_DROP = [
    f"DROP TRIGGER IF EXISTS {FIELDS_FTS}_insert",
    f"DROP TRIGGER IF EXISTS {FIELDS_FTS}_delete",
    f"DROP TRIGGER IF EXISTS {FIELDS_FTS}_update",
    f"DROP TABLE IF EXISTS {FIELDS_FTS}",
]
POSTGRES_CREATE = [
    # Immutable, so a generated column may use it: the tokens of a token column as lexemes.
    "CREATE FUNCTION xfsearch_token_vector(tokens text) RETURNS tsvector "
    "LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ "
    "SELECT array_to_tsvector(coalesce(array_agg(t), '{}')) "
    "FROM unnest(string_to_array(tokens, ' ')) AS t WHERE t <> '' AND length(t) <= 200 $$",
    *(
        f"ALTER TABLE {TABLE} ADD COLUMN {vector} tsvector "
        f"GENERATED ALWAYS AS (xfsearch_token_vector({column})) STORED"
        for column, vector in VECTORS.items()
    ),
    *(
        f"CREATE INDEX {TABLE}_{vector} ON {TABLE} USING gin ({vector})"
        for vector in VECTORS.values()
    ),
]
POSTGRES_DROP = [
    *(f"DROP INDEX IF EXISTS {TABLE}_{vector}" for vector in VECTORS.values()),
    *(f"ALTER TABLE {TABLE} DROP COLUMN IF EXISTS {vector}" for vector in VECTORS.values()),
    "DROP FUNCTION IF EXISTS xfsearch_token_vector(text)",
]


class Migration(migrations.Migration):
    dependencies = [
        ("xfsearch", "0005_full_text_index"),
    ]

    operations = [
        migrations.RunPython(
            sql.run({"sqlite": SQLITE_CREATE, "postgresql": POSTGRES_CREATE}),
            sql.run({"sqlite": SQLITE_DROP, "postgresql": POSTGRES_DROP}),
        ),
    ]
