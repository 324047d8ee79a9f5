"""Prepared statements for the few hot, fixed statements.

Django runs PostgreSQL queries with client-side binding and never prepares them, so that
transaction-mode connection poolers keep working. A statement sent on every progress report
is worth preparing: PostgreSQL then skips parsing and planning, and psycopg sends binary
parameters instead of quoting them into the text (about half the statement's cost).

`prepared_cursor()` gives a Django cursor (execute wrappers and error wrapping included)
whose statements psycopg prepares on the connection. Django's ordinary cursor is used
instead on other databases, while Django logs queries (DEBUG, test captures: psycopg keeps
no SQL text for a prepared statement, so the log would show none), and with
DB_PREPARED_STATEMENTS=off, for a pooler that does not track prepared statements
(PgBouncer before 1.21 in transaction mode).
"""

import psycopg
from django.conf import settings
from django.db import connection


class PreparingCursor(psycopg.Cursor):
    """Server-side binding, and every statement prepared (kept per connection)."""

    def execute(self, query, params=None, *, prepare=None, binary=None):
        return super().execute(query, params, prepare=True, binary=binary)


def prepared_cursor():
    if (
        connection.vendor != "postgresql"
        or connection.queries_logged
        or not settings.DB_PREPARED_STATEMENTS
    ):
        return connection.cursor()
    connection.close_if_health_check_failed()  # as Django's cursor() does
    connection.ensure_connection()
    connection.validate_thread_sharing()
    raw = connection.connection
    if raw.prepare_threshold is None:
        # Django turns preparing off for the whole connection (threshold None). A threshold
        # nothing reaches keeps other statements unprepared (Django's client-side cursors
        # never prepare anyway) and lets this cursor's explicit prepare=True work.
        raw.prepare_threshold = 2**31 - 1
    return connection.make_cursor(PreparingCursor(raw))
