"""The members short of the pro-rated yearly study quota, listed (members away from home
hosted in the subtree included, each member once: learning.branch.hosted)."""

import datetime
from functools import cached_property

from django.db import connection

from cms.models import MemberRole, Organisation
from learning.branch.counts import member_study_sql
from learning.branch.rows import SliceableRows
from learning.selectors import STUDY_HOUR_SECONDS


class ShortOfQuota(SliceableRows):
    """The answer of members_short_of_quota: members behind the pro-rated yearly quota,
    furthest behind first (then name), as dicts; members away from home hosted in the scope
    included (hosted true, with their home organisation's name), each member once. Counted
    in one query; a page or an export reads only its rows, sorted in the database. Works where a
    queryset did (learning.branch.rows)."""

    FIELDS = (
        "member_id",
        "name",
        "role",
        "organisation_id",
        "organisation_name",
        "studied_seconds",
        "quota_seconds",
        "hosted",
        "home_organisation_name",
    )

    def __init__(self, *, scope: Organisation, now: datetime.datetime):
        self.scope, self.now = scope, now

    @cached_property
    def size(self) -> int:
        sql, params = self._sql(count=True)
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchone()[0]

    def count(self) -> int:
        return self.size

    def _sql(self, tail: str = "", *, count: bool = False):
        sql, params = member_study_sql(organisation=self.scope, now=self.now, include_hosted=True)
        columns = "COUNT(*)" if count else ", ".join(self.FIELDS)
        order = "" if count else "ORDER BY studied_seconds - quota_seconds, name, member_id"
        query = f"SELECT {columns} FROM ({sql}) AS study WHERE studied_seconds < quota_seconds {order}{tail}"  # noqa: S608 (no input in the text)
        return query, params

    def rows(self, start: int, stop: int | None) -> list[dict]:
        limit = "" if stop is None else f" LIMIT {int(stop - start)}"
        sql, params = self._sql(f"{limit} OFFSET {int(start)}")
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return [_row(row) for row in cursor.fetchall()]

    def iterator(self, chunk_size: int = 2000):
        sql, params = self._sql()
        # A server-side cursor where the database has them: constant memory.
        with connection.chunked_cursor() as cursor:
            cursor.execute(sql, params)
            while rows := cursor.fetchmany(chunk_size):
                for row in rows:
                    yield _row(row)


def _row(values) -> dict:
    row = dict(zip(ShortOfQuota.FIELDS, values, strict=True))
    row["hosted"] = bool(row["hosted"])  # SQLite answers 0/1
    return row


def hours_row(row: dict, *, roles: dict | None = None) -> dict:
    """A members_short_of_quota row in hours, as shown and exported (`roles`: role labels
    made once, for an export of many rows)."""
    studied = row["studied_seconds"] / STUDY_HOUR_SECONDS
    due = row["quota_seconds"] / STUDY_HOUR_SECONDS
    return {
        "member_id": row["member_id"],
        "name": row["name"],
        "role": roles[row["role"]] if roles else str(MemberRole(row["role"]).label),
        "organisation_id": row["organisation_id"],
        "organisation_name": row["organisation_name"],
        "study_hours": round(studied, 1),
        "quota_hours_to_date": round(due, 1),
        "shortfall_hours": round(due - studied, 1),
        "hosted": row["hosted"],
        "home_organisation_name": row["home_organisation_name"],
    }
