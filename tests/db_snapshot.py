"""Copies of the whole test database, taken and put back in about a second, so that a test
needing committed data that takes long to make (the demo, a database migrated back) makes it
once and each test starts from the copy: SQLite through its online backup API (into memory),
PostgreSQL as a database made from the test database as its template.

Only for tests that commit (transactional_db) and leave no other connection to the database
open while a copy is taken or put back (no live server, no worker process).
"""

import itertools
import os
import sqlite3

_names = itertools.count(1)


def _quote(name):
    return '"' + name.replace('"', '""') + '"'


class Snapshot:
    """The test database as it is now; restore() makes it so again, drop() frees the copy."""

    def __init__(self):
        from django.db import connection

        if connection.in_atomic_block:
            raise RuntimeError("a snapshot sees committed data only: take it outside a transaction")
        self.vendor = connection.vendor
        if self.vendor == "sqlite":
            connection.ensure_connection()
            self._copy = sqlite3.connect(":memory:", check_same_thread=False)
            connection.connection.backup(self._copy)
        elif self.vendor == "postgresql":
            self._database = connection.settings_dict["NAME"]
            self._copy = f"{self._database}_snapshot_{os.getpid()}_{next(_names)}"
            self._recreate(self._copy, template=self._database)
        else:
            raise NotImplementedError(connection.vendor)

    def restore(self):
        from django.contrib.contenttypes.models import ContentType
        from django.db import connection

        if self.vendor == "sqlite":
            connection.ensure_connection()
            self._copy.backup(connection.connection)
        else:
            self._recreate(self._database, template=self._copy)
        # Cached rows of the database left behind.
        ContentType.objects.clear_cache()

    def drop(self):
        if self.vendor == "sqlite":
            self._copy.close()
        else:
            from django.db import connection

            with connection._nodb_cursor() as cursor:
                cursor.execute(f"DROP DATABASE IF EXISTS {_quote(self._copy)} WITH (FORCE)")

    @staticmethod
    def _recreate(name, *, template):
        from django.db import connection

        # A template must have no connection open; ours is made again on the next query.
        connection.close()
        with connection._nodb_cursor() as cursor:
            cursor.execute(f"DROP DATABASE IF EXISTS {_quote(name)} WITH (FORCE)")
            # FILE_COPY: a copy of the files, much faster than WAL_LOG for a whole database.
            cursor.execute(
                f"CREATE DATABASE {_quote(name)} TEMPLATE {_quote(template)} STRATEGY FILE_COPY"
            )
