"""The rows the fold (learning.services.progress) reads and writes, set-based.

A pending event is read as a FoldEvent (lighter than a model instance); a chunk of applied
events is written back with one UPDATE ... FROM and its decisions with one INSERT, whatever
the chunk's size: on PostgreSQL one array per column (unnest), so each statement's text is
the same for every chunk and is prepared (xianfeng.db); on SQLite VALUES rows.
"""

from dataclasses import dataclass

from django.db import connection

from learning.models import CreditDecision, EventOutcome, ProgressEvent
from xianfeng.db import prepared_cursor


class FoldEvent:
    """A pending event as the fold reads and writes it (lighter than a model instance)."""

    FIELDS = (
        "id",
        "member_id",
        "section_id",
        "from_seconds",
        "to_seconds",
        "position",
        "visible",
        "client_time",
        "received_at",
    )
    __slots__ = (
        "pk",
        "member_id",
        "section_id",
        "from_seconds",
        "to_seconds",
        "position",
        "visible",
        "client_time",
        "received_at",
        "outcome",
        "credited_seconds",
        "rejection",
    )

    def __init__(self, *values):
        for name, value in zip(self.__slots__, values, strict=False):
            setattr(self, name, value)
        self.outcome, self.credited_seconds, self.rejection = EventOutcome.PENDING, 0.0, ""


@dataclass(frozen=True)
class Decision:
    """A CreditDecision to insert: (part of) an event's time not credited, and why."""

    event_id: object
    member_id: int
    section_id: int
    reason: str
    seconds: float


ROWS_PER_STATEMENT = 1000  # SQLite binds every value; PostgreSQL one array per column


def update_events(events):
    """Write the outcome of applied events: one UPDATE ... FROM per chunk."""
    table = connection.ops.quote_name(ProgressEvent._meta.db_table)
    if connection.vendor == "postgresql":
        sql = (
            f"UPDATE {table} AS e SET outcome = v.outcome, credited_seconds = v.credited, "  # noqa: S608 (table from the model)
            "rejection = v.rejection FROM unnest(%s::uuid[], %s::varchar[], %s::float8[], "
            "%s::varchar[]) AS v(id, outcome, credited, rejection) WHERE e.id = v.id"
        )
        params = [
            [e.pk for e in events],
            [str(e.outcome) for e in events],
            [float(e.credited_seconds) for e in events],
            [e.rejection for e in events],
        ]
        with prepared_cursor() as cursor:
            cursor.execute(sql, params)
        return
    key = ProgressEvent._meta.pk
    for start in range(0, len(events), ROWS_PER_STATEMENT):
        part = events[start : start + ROWS_PER_STATEMENT]
        values = ", ".join(["(%s, %s, %s, %s)"] * len(part))
        sql = (
            f"WITH v(id, outcome, credited, rejection) AS (VALUES {values}) "  # noqa: S608 (table from the model)
            f"UPDATE {table} SET outcome = v.outcome, credited_seconds = v.credited, "
            f"rejection = v.rejection FROM v WHERE {table}.id = v.id"
        )
        params = [
            value
            for e in part
            for value in (
                key.get_db_prep_value(e.pk, connection),
                str(e.outcome),
                float(e.credited_seconds),
                e.rejection,
            )
        ]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)


def insert_decisions(decisions, now):
    """Insert the CreditDecisions of a chunk: one statement (per 1,000 on SQLite)."""
    if not decisions:
        return
    table = connection.ops.quote_name(CreditDecision._meta.db_table)
    columns = "event_id, member_id, section_id, reason, seconds, created_at"
    if connection.vendor == "postgresql":
        sql = (
            f"INSERT INTO {table} ({columns}) SELECT u.*, %s FROM unnest(%s::uuid[], "  # noqa: S608 (table from the model)
            "%s::bigint[], %s::bigint[], %s::varchar[], %s::float8[]) AS u"
        )
        params = [
            now,
            [d.event_id for d in decisions],
            [d.member_id for d in decisions],
            [d.section_id for d in decisions],
            [str(d.reason) for d in decisions],
            [float(d.seconds) for d in decisions],
        ]
        with prepared_cursor() as cursor:
            cursor.execute(sql, params)
        return
    key = ProgressEvent._meta.pk
    at = connection.ops.adapt_datetimefield_value(now)
    for start in range(0, len(decisions), ROWS_PER_STATEMENT):
        part = decisions[start : start + ROWS_PER_STATEMENT]
        values = ", ".join(["(%s, %s, %s, %s, %s, %s)"] * len(part))
        params = [
            value
            for d in part
            for value in (
                key.get_db_prep_value(d.event_id, connection),
                d.member_id,
                d.section_id,
                str(d.reason),
                float(d.seconds),
                at,
            )
        ]
        with connection.cursor() as cursor:
            cursor.execute(f"INSERT INTO {table} ({columns}) VALUES {values}", params)  # noqa: S608
