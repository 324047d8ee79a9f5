"""The one writer of credited study time.

Every second of study a member is credited with goes through `study_time_credit` (one credit)
or `study_time_credit_many` (a batch, as the fold of progress events writes it). In the
caller's transaction (or one of its own) it

- records the credit in StudyCredit under the caller's `source` key, once: a source already
  recorded is skipped, so a retried task, a worker restart or two racing requests never
  credit the same time twice (the unique index on `source` decides, ON CONFLICT DO NOTHING);
- adds the seconds of the credits really recorded to the member's StudyYear and StudyWeek
  rows (local calendar year; local week starting on Monday) by an atomic upsert
  (`seconds = seconds + excluded.seconds`), so concurrent credits for one member add up
  exactly without a lock of their own.

Readers (the branch workspace, the reminder sweep, the comparison's trend) read those two
tables through learning.branch.study, never by summing events. `manage.py
study_time_rebuild` recounts both from StudyCredit (and backfills StudyCredit from folded
progress events).

Source keys in use: "event:<progress event uuid>" (learning.services.progress, the fold).
Other callers pick their own prefix, e.g. "session:<on-site lecture session id>:<member id>".
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import connection, transaction
from django.utils import timezone

from learning.models import StudyCredit, StudyWeek, StudyYear

SOURCE_MAX_LENGTH = 100
BATCH = 500


@dataclass(frozen=True)
class Credit:
    """One credit for study_time_credit_many; the fields mean what study_time_credit's do."""

    member_id: int
    seconds: float
    at: datetime.datetime
    source: str
    section_id: int | None = None


def week_of(day: datetime.date) -> datetime.date:
    """The Monday of the week `day` falls in: the key of StudyWeek."""
    return day - datetime.timedelta(days=day.weekday())


def study_time_credit(
    *,
    member,
    seconds: float,
    at: datetime.datetime,
    source: str,
    section=None,
) -> bool:
    """Credit `member` (a cms.Member or its id) with `seconds` of study at time `at` (aware;
    its local date decides the year and week it counts in), once per `source`.

    `source` is the caller's idempotency key, at most 100 characters, prefixed by the kind of
    thing credited (e.g. "session:42:1234"): calling again with the same key does nothing,
    whatever the other arguments. `section` (a LectureSection or its id) is optional, for
    time that belongs to a lecture section. Returns True if the time was credited now, False
    if the source had been credited before. Raises ValueError for a negative or non-finite
    `seconds`, a naive `at` or an empty or too long `source`. Zero seconds record nothing.
    """
    return bool(
        study_time_credit_many(
            credits=[
                Credit(
                    member_id=getattr(member, "pk", member),
                    seconds=seconds,
                    at=at,
                    source=source,
                    section_id=getattr(section, "pk", section),
                )
            ]
        )
    )


def study_time_credit_many(*, credits: Iterable[Credit]) -> int:
    """Record a batch of credits (see study_time_credit); returns how many were new."""
    fresh = {}
    for credit in credits:
        _check(credit)
        if credit.seconds > 0:
            fresh.setdefault(credit.source, credit)
    if not fresh:
        return 0
    rows = list(fresh.values())
    with transaction.atomic():
        recorded = []
        for i in range(0, len(rows), BATCH):
            recorded += _insert_new(rows[i : i + BATCH])
        years, weeks = defaultdict(float), defaultdict(float)
        for credit in recorded:
            day = timezone.localdate(credit.at)
            years[(credit.member_id, day.year)] += credit.seconds
            weeks[(credit.member_id, week_of(day))] += credit.seconds
        _add(StudyYear, "year", years)
        _add(StudyWeek, "week", weeks)
    return len(recorded)


def _check(credit: Credit) -> None:
    if not isinstance(credit.seconds, int | float) or credit.seconds != credit.seconds:
        raise ValueError("seconds must be a number")
    if credit.seconds < 0 or credit.seconds == float("inf"):
        raise ValueError("seconds must be finite and not negative")
    if timezone.is_naive(credit.at):
        raise ValueError("at must be an aware datetime")
    if not credit.source or len(credit.source) > SOURCE_MAX_LENGTH:
        raise ValueError("source must be 1 to 100 characters")


def _insert_new(rows: list[Credit]) -> list[Credit]:
    """Insert the credits whose source is new; returns those (the database decides, so two
    transactions racing on one source credit it once: the second waits, then skips)."""
    table = StudyCredit._meta.db_table
    values = ", ".join(["(%s, %s, %s, %s, %s)"] * len(rows))
    params, adapt = [], connection.ops.adapt_datetimefield_value
    for credit in rows:
        at = adapt(credit.at)
        params += [credit.source, credit.member_id, credit.section_id, credit.seconds, at]
    sql = (
        f"INSERT INTO {table} (source, member_id, section_id, seconds, credited_at) "  # noqa: S608 (table name from the model)
        f"VALUES {values} ON CONFLICT (source) DO NOTHING RETURNING source"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        inserted = {source for (source,) in cursor.fetchall()}
    return [credit for credit in rows if credit.source in inserted]


def _add(model, period: str, totals: dict) -> None:
    """seconds += total per (member, period), inserting the rows not there yet; sorted, so
    two transactions upserting the same rows take their row locks in one order."""
    if not totals:
        return
    table = model._meta.db_table
    items = sorted(totals.items(), key=lambda item: (item[0][1], item[0][0]))
    values = ", ".join(["(%s, %s, %s)"] * len(items))
    adapt = connection.ops.adapt_datefield_value if period == "week" else int
    params = [v for (member_id, key), seconds in items for v in (member_id, adapt(key), seconds)]
    sql = (
        f"INSERT INTO {table} (member_id, {period}, seconds) VALUES {values} "  # noqa: S608 (names from the model)
        f"ON CONFLICT ({period}, member_id) "
        f"DO UPDATE SET seconds = {table}.seconds + excluded.seconds"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def study_time_rebuild(*, apps=None) -> dict:
    """Backfill StudyCredit from the folded progress events it lacks, then recount StudyYear
    and StudyWeek from StudyCredit. For existing data (the migration that made the tables
    runs it) and as a repair (`manage.py study_time_rebuild`); run it while nobody studies,
    as totals credited during the recount could be counted twice."""
    get = apps.get_model if apps else _current_model
    event_model, credit_model = get("learning", "ProgressEvent"), get("learning", "StudyCredit")
    year_model, week_model = get("learning", "StudyYear"), get("learning", "StudyWeek")
    with transaction.atomic():
        added = 0
        events = (
            event_model.objects.filter(credited_seconds__gt=0)
            .exclude(outcome__in=["pending", "rejected"])
            .order_by()
            .values_list("pk", "member_id", "section_id", "credited_seconds", "received_at")
        )
        chunk = []
        for pk, member_id, section_id, seconds, at in events.iterator(chunk_size=2000):
            chunk.append(Credit(member_id, seconds, at, f"event:{pk}", section_id))
            if len(chunk) == BATCH:
                added += len(_insert_new(chunk))
                chunk = []
        if chunk:
            added += len(_insert_new(chunk))
        years, weeks = defaultdict(float), defaultdict(float)
        credits = credit_model.objects.order_by().values_list("member_id", "seconds", "credited_at")
        for member_id, seconds, at in credits.iterator(chunk_size=2000):
            day = timezone.localdate(at)
            years[(member_id, day.year)] += seconds
            weeks[(member_id, week_of(day))] += seconds
        year_model.objects.all().delete()
        week_model.objects.all().delete()
        year_model.objects.bulk_create(
            [year_model(member_id=m, year=y, seconds=s) for (m, y), s in years.items()],
            batch_size=BATCH,
        )
        week_model.objects.bulk_create(
            [week_model(member_id=m, week=w, seconds=s) for (m, w), s in weeks.items()],
            batch_size=BATCH,
        )
    return {"credits_added": added, "years": len(years), "weeks": len(weeks)}


def _current_model(app_label, name):
    from django.apps import apps

    return apps.get_model(app_label, name)
