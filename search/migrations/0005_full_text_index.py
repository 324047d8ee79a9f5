"""The database backend's full-text index over SearchEntry.terms, in each database's own way.

SQLite: an external-content FTS5 table (rowid = SearchEntry.id, no copy of the text) kept
by triggers, so every insert, update and delete of an entry changes the index in the same
statement and transaction. The ascii tokenizer with every ASCII punctuation character made
a token character cuts terms only at whitespace, as SearchEntry.terms is written; non-ASCII
characters are token characters, so Chinese terms stay whole. detail=none: the search asks
only which rows hold a term.

PostgreSQL: a generated tsvector column over the same terms (array_to_tsvector takes them
as they are: they are already analysed, so no text search configuration or parser splits
them again) with a GIN index. Other databases keep the plain scan.
"""

from django.db import migrations

PUNCTUATION = "".join(chr(c) for c in range(0x21, 0x7F) if not chr(c).isalnum())


def sql_string(text):
    return "'" + text.replace("'", "''") + "'"


TOKENIZE = sql_string("ascii tokenchars " + sql_string(PUNCTUATION))

SQLITE_CREATE = [
    "CREATE VIRTUAL TABLE xfsearch_searchentry_fts USING fts5(terms, "
    "content='xfsearch_searchentry', content_rowid='id', detail=none, tokenize=" + TOKENIZE + ")",
    "CREATE TRIGGER xfsearch_searchentry_fts_insert AFTER INSERT ON xfsearch_searchentry "
    "BEGIN INSERT INTO xfsearch_searchentry_fts(rowid, terms) VALUES (new.id, new.terms); END",
    "CREATE TRIGGER xfsearch_searchentry_fts_delete AFTER DELETE ON xfsearch_searchentry "
    "BEGIN INSERT INTO xfsearch_searchentry_fts(xfsearch_searchentry_fts, rowid, terms) "
    "VALUES ('delete', old.id, old.terms); END",
    "CREATE TRIGGER xfsearch_searchentry_fts_update AFTER UPDATE OF id, terms "
    "ON xfsearch_searchentry "
    "BEGIN INSERT INTO xfsearch_searchentry_fts(xfsearch_searchentry_fts, rowid, terms) "
    "VALUES ('delete', old.id, old.terms); "
    "INSERT INTO xfsearch_searchentry_fts(rowid, terms) VALUES (new.id, new.terms); END",
    # Entries written before this migration.
    "INSERT INTO xfsearch_searchentry_fts(xfsearch_searchentry_fts) VALUES ('rebuild')",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS xfsearch_searchentry_fts_insert",
    "DROP TRIGGER IF EXISTS xfsearch_searchentry_fts_delete",
    "DROP TRIGGER IF EXISTS xfsearch_searchentry_fts_update",
    "DROP TABLE IF EXISTS xfsearch_searchentry_fts",
]
POSTGRES_CREATE = [
    "ALTER TABLE xfsearch_searchentry ADD COLUMN search_terms tsvector GENERATED ALWAYS AS "
    "(array_to_tsvector(array_remove(string_to_array(terms, ' '), ''))) STORED",
    "CREATE INDEX xfsearch_searchentry_search_terms ON xfsearch_searchentry "
    "USING gin (search_terms)",
]
POSTGRES_DROP = [
    "DROP INDEX IF EXISTS xfsearch_searchentry_search_terms",
    "ALTER TABLE xfsearch_searchentry DROP COLUMN IF EXISTS search_terms",
]


def fill_terms(apps, schema_editor):
    from search.backends.database import index_terms

    entry_model = apps.get_model("xfsearch", "SearchEntry")
    entries = entry_model.objects.using(schema_editor.connection.alias)
    batch = []
    for entry in entries.iterator(chunk_size=500):
        entry.terms = index_terms(entry)
        batch.append(entry)
        if len(batch) == 500:
            entries.bulk_update(batch, ["terms"])
            batch = []
    entries.bulk_update(batch, ["terms"])


def run(statements_by_vendor):
    def operation(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return operation


class Migration(migrations.Migration):
    dependencies = [
        ("xfsearch", "0004_entry_terms"),
    ]

    operations = [
        migrations.RunPython(fill_terms, migrations.RunPython.noop, elidable=False),
        migrations.RunPython(
            run({"sqlite": SQLITE_CREATE, "postgresql": POSTGRES_CREATE}),
            run({"sqlite": SQLITE_DROP, "postgresql": POSTGRES_DROP}),
        ),
    ]
