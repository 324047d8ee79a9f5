"""Taking in progress events: checked, stored durably and idempotently, applied shortly after.

Why events are stored first and applied later: applying an event needs the member's lock,
their coverage and clock rows, and up to five writes; storing it needs one INSERT. Players
report every 15 s from every member at once, so the request does only the cheap, durable
part, and answers 202. The event is applied (learning.services.progress.fold_pending) in
arrival order, with its arrival time as "now", by a task queued on commit, by the minute
sweep, and by any read of the member's progress, so a member always sees their own events.

What is decided on arrival: a repeat of a stored id with the same content is a no-op (200),
the same id with other content a conflict (409), and an event for an unknown section, a
closed or unpublished lecture, or with a segment outside the section is refused and not
stored. Credit (how much of the segment counts, and why not) is decided when it is applied.
"""

import hashlib
import json
import time
import uuid
from dataclasses import dataclass

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from learning.models import EventOutcome, ProgressEvent
from learning.services.errors import REFUSALS, StudyError
from learning.services.results import EventResult, decision_rows
from xianfeng import memory
from xianfeng.db import prepared_cursor

END_SLACK = 2.0  # media durations are rounded; a report this far past the end is clipped
FOLD_DEBOUNCE_SECONDS = 5  # see request_fold


@dataclass
class EventInput:
    id: object  # uuid.UUID
    section_id: int
    from_seconds: float
    to_seconds: float
    client_time: object  # aware datetime
    position: float | None = None
    visible: bool = True


def content_hash(member_id, event):
    payload = [
        member_id,
        event.section_id,
        round(event.from_seconds, 3),
        round(event.to_seconds, 3),
        None if event.position is None else round(event.position, 3),
        bool(event.visible),
        event.client_time.isoformat(),
    ]
    return hashlib.sha256(json.dumps(payload).encode()).hexdigest()


def check_event(event, rule, now):
    """Raise StudyError unless `event` may be stored for the section described by `rule`."""
    if rule is None:
        raise StudyError("unknown_section")
    if not rule.live:
        raise StudyError("unpublished")
    if rule.closes_at is not None and now >= rule.closes_at:
        raise StudyError("closed")
    if rule.length <= 0:
        raise StudyError("no_length")
    if event.from_seconds < 0 or event.to_seconds < 0:
        raise StudyError("negative")
    if event.to_seconds < event.from_seconds:
        raise StudyError("backward")
    if event.to_seconds > rule.length + END_SLACK:
        raise StudyError("beyond_end")
    if event.position is not None and not 0 <= event.position <= rule.length + END_SLACK:
        raise StudyError("bad_position")


def accept_events(member, events, *, now=None, may_study=None):
    """Check and store a member's events; returns one EventResult per event, in order.

    `may_study(lecture_id)` says whether the member may see a lecture under a view
    restriction (the views pass the request's check); it is asked only for such lectures, and
    events for one the member may not see are refused as an unknown section."""
    from learning.selectors import section_rules  # selectors read what progress writes

    now = now or timezone.now()
    rules = section_rules({event.section_id for event in events})
    private = {rule.lecture_id for rule in rules.values() if rule.private}
    if private:
        refused = {pk for pk in private if may_study is None or not may_study(pk)}
        rules = {pk: rule for pk, rule in rules.items() if rule.lecture_id not in refused}
    results, rows, first_of, again = [None] * len(events), [], {}, []
    for index, event in enumerate(events):
        digest = content_hash(member.pk, event)
        if event.id in first_of:  # the same id twice in one request: answered below
            again.append((index, first_of[event.id], digest))
            continue
        first_of[event.id] = (index, digest)
        try:
            check_event(event, rules.get(event.section_id), now)
        except StudyError as error:
            results[index] = EventResult(event.id, "rejected", error.code, str(error.message))
            continue
        rows.append((index, event, digest))
    inserted = _insert_new(member.pk, now, [(e, d) for _, e, d in rows]) if rows else set()
    repeats = {event.id for _, event, _ in rows if event.id not in inserted}
    stored = (
        {
            e.pk: e
            for e in ProgressEvent.objects.filter(pk__in=repeats).prefetch_related("decisions")
        }
        if repeats
        else {}
    )
    for index, event, digest in rows:
        results[index] = (
            EventResult(event.id, "accepted")
            if event.id in inserted
            else _repeat(stored.get(event.id), member.pk, event.id, digest)
        )
    for index, (first_index, first_digest), digest in again:
        first = results[first_index]
        results[index] = (
            _conflict(first.id)
            if digest != first_digest
            else EventResult(
                first.id,
                "duplicate" if first.status != "rejected" else "rejected",
                first.code,
                first.message,
                first.credited_seconds,
                first.decisions,
                first.section,
            )
        )
    if inserted:
        transaction.on_commit(lambda: request_fold(member.pk))
    return results


# Columns that differ per event, then those the same for the whole request.
EVENT_COLUMNS = (
    "id",
    "section_id",
    "from_seconds",
    "to_seconds",
    "position",
    "visible",
    "client_time",
    "content_hash",
)
PG_ARRAY_TYPES = ("uuid", "bigint", "float8", "float8", "float8", "bool", "timestamptz", "text")
REQUEST_COLUMNS = ("member_id", "received_at", "credited_seconds", "outcome", "rejection")


def _insert_new(member_id, now, events):
    """INSERT ... ON CONFLICT (id) DO NOTHING RETURNING id: the ids that were new.

    One statement for the whole request. A concurrent twin of the same event loses the race
    here and is answered as a repeat. On PostgreSQL the statement is prepared
    (xianfeng.db): one event goes as one VALUES row, a batch as one array per column
    (unnest), so every batch size shares one statement. SQLite (3.35+) gets VALUES rows.
    """
    quote = connection.ops.quote_name
    table = quote(ProgressEvent._meta.db_table)
    columns = ", ".join(quote(c) for c in EVENT_COLUMNS + REQUEST_COLUMNS)
    constants = [member_id, now, 0.0, EventOutcome.PENDING.value, ""]
    values = [
        (
            e.id,
            e.section_id,
            e.from_seconds,
            e.to_seconds,
            e.position,
            e.visible,
            e.client_time,
            digest,
        )
        for e, digest in events
    ]
    if connection.vendor == "postgresql" and len(values) > 1:
        arrays = ", ".join(f"%s::{kind}[]" for kind in PG_ARRAY_TYPES)
        sql = (
            # Table and columns come from the model; every value is a bound parameter.
            f"INSERT INTO {table} ({columns}) SELECT u.*, %s, %s, %s, %s, %s "  # noqa: S608
            f"FROM unnest({arrays}) AS u"
        )
        params = constants + [list(column) for column in zip(*values, strict=True)]
    elif connection.vendor == "postgresql":
        params = [*values[0], *constants]
        sql = f"INSERT INTO {table} ({columns}) VALUES ({', '.join(['%s'] * len(params))})"  # noqa: S608
    else:
        fields = [ProgressEvent._meta.get_field(c) for c in EVENT_COLUMNS + REQUEST_COLUMNS]
        one = "(" + ", ".join(["%s"] * len(fields)) + ")"
        sql = f"INSERT INTO {table} ({columns}) VALUES {', '.join([one] * len(values))}"  # noqa: S608
        params = [
            f.get_db_prep_save(v, connection)
            for row in values
            for f, v in zip(fields, (*row, *constants), strict=True)
        ]
    sql += f" ON CONFLICT ({quote('id')}) DO NOTHING RETURNING {quote('id')}"
    with prepared_cursor() as cursor:
        cursor.execute(sql, params)
        returned = cursor.fetchall()
    return {
        value if isinstance(value, uuid.UUID) else uuid.UUID(str(value)) for (value,) in returned
    }


def _repeat(previous, member_id, event_id, digest):
    if previous is None or previous.member_id != member_id or previous.content_hash != digest:
        return _conflict(event_id)
    return stored_result(previous, "duplicate")


def _conflict(event_id):
    return EventResult(
        event_id,
        "conflict",
        "conflict",
        _("This event id was already used for different progress."),
    )


def stored_result(event, status):
    """The answer for an event already stored: its credit once applied, else pending."""
    if event.outcome == EventOutcome.PENDING:
        return EventResult(event.pk, status)
    if event.outcome == EventOutcome.REJECTED:
        return EventResult(
            event.pk, "rejected", event.rejection, str(REFUSALS.get(event.rejection, ""))
        )
    return EventResult(
        event.pk,
        status,
        credited_seconds=round(event.credited_seconds, 2),
        decisions=decision_rows(event.decisions.all()),
    )


# member id -> when this worker last queued their fold (monotonic clock)
_queued = memory.remember({}, name="queued folds")


def request_fold(member_id):
    """Queue the member's fold task, at most once per FOLD_DEBOUNCE_SECONDS per worker.

    A report arriving inside that window is applied by the task already queued if it
    commits before the task runs, else by the member's next read or the minute sweep
    (learning.tasks.fold_all_pending); an extra fold is harmless, it finds nothing to do.
    """
    from learning.tasks import fold_member_events

    now = time.monotonic()
    if now - _queued.get(member_id, -FOLD_DEBOUNCE_SECONDS) < FOLD_DEBOUNCE_SECONDS:
        return
    if len(_queued) > 10_000:
        _queued.clear()
    _queued[member_id] = now
    fold_member_events.enqueue(member_id)


def forget_queued_folds():
    _queued.clear()
