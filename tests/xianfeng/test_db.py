"""prepared_cursor(): a Django cursor, error-wrapped like any other, and in the query log
whenever Django keeps one."""

import uuid

import pytest
from django.db import DatabaseError
from django.utils import timezone

from xianfeng.db import prepared_cursor

pytestmark = pytest.mark.django_db


def test_while_queries_are_logged_the_statement_shows_in_the_log(django_assert_num_queries):
    with django_assert_num_queries(1) as captured, prepared_cursor() as cursor:
        cursor.execute("SELECT %s", [str(uuid.uuid4())])
        assert len(cursor.fetchall()) == 1
    assert captured.captured_queries[0]["sql"].startswith("SELECT '")  # values shown too


def test_errors_come_out_as_django_errors():
    with pytest.raises(DatabaseError), prepared_cursor() as cursor:
        cursor.execute("SELECT * FROM no_such_table_here WHERE %s", [timezone.now()])


@pytest.mark.postgres_only
def test_on_postgresql_values_are_bound_on_the_server_and_prepared(settings):
    import psycopg

    settings.DB_PREPARED_STATEMENTS = True
    with prepared_cursor() as cursor:
        assert not isinstance(cursor.cursor, psycopg.ClientCursor)
        cursor.execute("SELECT %s::text AS xf_prepared_probe", ["探针"])
        assert cursor.fetchone() == ("探针",)
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        assert any("xf_prepared_probe" in s for (s,) in cursor.fetchall())
