"""Scheduled reminders (issue 14): one sweep per cause, run daily by django-q2
(`reminders_sweep_task`, schedule added in migration 0014) or by hand (`manage.py
send_reminders`).

Each cause reaches a member once: its message carries a cause key that is unique per member
(InboxMessage.inbox_once_per_cause). A sweep selects only members who still have the cause
(not completed, not fulfilled...) and have no message for it yet, and inserts with ON
CONFLICT DO NOTHING, so a re-run, a worker killed mid-sweep (every range of ids commits on its
own) or two workers at once never deliver twice, and nothing is sent once the cause is gone.
Each cause is one INSERT ... SELECT per range of member (or pledge) ids, the message texts
built in SQL: no row goes through Python and nothing is asked per member (100,000 members in
about 21 s on PostgreSQL, bench/reminder_sweep.py).
"""

import datetime
import logging
import re

from django.conf import settings
from django.db import connections, transaction
from django.db.models import (
    Case,
    CharField,
    DateTimeField,
    Exists,
    F,
    FloatField,
    Max,
    Min,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce, Concat, Round, Substr
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from cms.host_organisations.selectors import hostings_in_subtree
from cms.models import Member, Pledge, PledgeWallPage
from learning.branch.mutes import Delivery, may_deliver
from learning.branch.selectors import quota_seconds_expression, study_seconds
from learning.models import (
    Assignment,
    InboxMessage,
    LectureProgress,
    MessageKind,
)
from learning.selectors import STUDY_HOUR_SECONDS, year_bounds

logger = logging.getLogger(__name__)

BATCH = 10000
DUE_SOON_DAYS = 3
# An assignment is reminded as overdue within this many days of its due date; later the
# secretary's own reminder reaches who is still behind.
OVERDUE_DAYS = 30
# The quarter's reminder goes out from its last day until this many days after it.
QUARTER_GRACE_DAYS = 14


def pk_ranges(model, size=BATCH):
    """(first, last) primary keys covering the model's table, `size` ids at a time."""
    bounds = model.objects.aggregate(low=Min("pk"), high=Max("pk"))
    if bounds["low"] is None:
        return
    for first in range(bounds["low"], bounds["high"] + 1, size):
        yield first, first + size - 1


def text_of(template: str, **parts):
    """A translated template as an SQL expression: its placeholders (%(name)s, %(name).1f...)
    filled with `parts`, expressions (per row) or plain values; the order is the template's,
    so a translation may move them."""
    pieces = PLACEHOLDER.split(template)
    exprs = []
    for index, piece in enumerate(pieces):
        if index % 2:
            part = parts[piece]
            exprs.append(part if hasattr(part, "resolve_expression") else Value(str(part)))
        elif piece:
            exprs.append(Value(piece.replace("%%", "%")))
    if len(exprs) == 1:
        return exprs[0]
    return Concat(*exprs, output_field=CharField())


PLACEHOLDER = re.compile(r"%\((\w+)\)[-#0 +]*\d*(?:\.\d+)?[sdf]")


def insert_messages(rows, **columns) -> int:
    """INSERT INTO the inbox one message per row of `rows` (a queryset), the message's fields
    given as expressions over the row; ON CONFLICT DO NOTHING: a message of the same cause
    made meanwhile (a sweep running at the same time) is skipped by the unique constraint.
    One statement in the database, no row through Python; returns the messages inserted."""
    values = rows.annotate(
        **{f"msg_{name}": expression for name, expression in columns.items()},
        msg_created_at=Value(timezone.now(), output_field=DateTimeField()),
    ).values_list(*(f"msg_{name}" for name in [*columns, "created_at"]))
    values = values.order_by()
    compiler = values.query.get_compiler(using=values.db)
    sql, params = compiler.as_sql()
    # The SELECT's columns, in its own order (named by their aliases).
    fields = [
        InboxMessage._meta.get_field(alias.removeprefix("msg_")) for *_, alias in compiler.select
    ]
    quote = connections[values.db].ops.quote_name
    names = ", ".join(quote(field.column) for field in fields)
    table = quote(InboxMessage._meta.db_table)
    with connections[values.db].cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} ({names}) SELECT * FROM ({sql}) AS picked WHERE 1 = 1 "  # noqa: S608 - names from _meta
            "ON CONFLICT DO NOTHING",
            params,
        )
        return max(cursor.rowcount, 0)


def not_delivered(cause_key, *, member="pk"):
    """Q: the member (path to its id) has no message of this cause key yet."""
    return ~Exists(InboxMessage.objects.filter(member_id=OuterRef(member), cause_key=cause_key))


def by_ranges(model, rows, **message) -> int:
    """insert_messages over `rows` one range of primary keys at a time: each range commits on
    its own, so a worker killed mid-sweep leaves whole ranges done, the next sweep the rest."""
    return sum(
        insert_messages(rows.filter(pk__range=bounds), **message) for bounds in pk_ranges(model)
    )


def assignment_sweep(*, assignments, kind, title, body, delivery) -> int:
    """The members of each assignment's subtree who have not completed its lecture: at home
    there, or hosted there (流动党员, an assignment may come from either organisation).

    A member reached by two assignments of one lecture in a sweep (one at home, one at the
    host) hears of it once: the later assignment skips whoever has the earlier's message."""
    created = 0
    assignments = list(assignments)
    for assignment in assignments:
        lecture = assignment.lecture
        key = f"{kind}:{assignment.pk}:{assignment.due_on.isoformat()}"
        siblings = [
            f"{kind}:{other.pk}:{other.due_on.isoformat()}"
            for other in assignments
            if other.lecture_id == lecture.pk and other.pk != assignment.pk
        ]
        done = LectureProgress.objects.filter(
            member_id=OuterRef("pk"), lecture_id=lecture.pk, completed_at__isnull=False
        )
        path = assignment.organisation.path
        members = Member.objects.filter(
            Q(organisation__path__startswith=path)
            | Q(
                pk__in=hostings_in_subtree(organisation=assignment.organisation).values("member_id")
            ),
            ~Exists(done),
            not_delivered(key),
            delivery.keep(kind),
        )
        if siblings:
            members = members.exclude(
                Exists(
                    InboxMessage.objects.filter(member_id=OuterRef("pk"), cause_key__in=siblings)
                )
            )
        texts = {"title": lecture.title, "due": assignment.due_on.isoformat()}
        created += by_ranges(
            Member,
            members,
            member_id=F("pk"),
            kind=Value(kind),
            title=Value((title % texts)[:200]),
            body=Value(body % texts),
            url=Value(reverse("learning:study", args=[lecture.pk])),
            cause_key=Value(key),
        )
    return created


def live_assignments(**filters):
    return Assignment.objects.filter(lecture__live=True, **filters).select_related(
        "lecture", "organisation"
    )


def due_soon_sweep(*, now, delivery=None) -> int:
    """Assignments due today or within DUE_SOON_DAYS: the members not done yet."""
    today = timezone.localdate(now)
    return assignment_sweep(
        assignments=live_assignments(
            due_on__range=(today, today + datetime.timedelta(days=DUE_SOON_DAYS))
        ),
        kind=MessageKind.DUE_SOON,
        title=_("Due soon: %(title)s"),
        body=_("“%(title)s” is due on %(due)s. Please complete it in time."),
        delivery=delivery or Delivery.load(),
    )


def overdue_sweep(*, now, delivery=None) -> int:
    """Assignments past their due date (by at most OVERDUE_DAYS): the members not done."""
    today = timezone.localdate(now)
    return assignment_sweep(
        assignments=live_assignments(
            due_on__lt=today, due_on__gte=today - datetime.timedelta(days=OVERDUE_DAYS)
        ),
        kind=MessageKind.OVERDUE,
        title=_("Overdue: %(title)s"),
        body=_("“%(title)s” was due on %(due)s and is not completed yet. Please study it soon."),
        delivery=delivery or Delivery.load(),
    )


def quarter_to_remind(today: datetime.date):
    """(year, quarter) whose end is today or at most QUARTER_GRACE_DAYS ago, else None."""
    first_month = 3 * ((today.month - 1) // 3) + 1
    this_start = datetime.date(today.year, first_month, 1)
    next_start = (
        datetime.date(today.year + 1, 1, 1)
        if first_month == 10
        else datetime.date(today.year, first_month + 3, 1)
    )
    if today == next_start - datetime.timedelta(days=1):
        return today.year, (first_month + 2) // 3
    last_day = this_start - datetime.timedelta(days=1)
    if (today - last_day).days <= QUARTER_GRACE_DAYS:
        return last_day.year, (last_day.month + 2) // 3
    return None


def hours(seconds):
    """Study seconds as hours with one decimal, as text in SQL."""
    return Cast(Round(seconds / STUDY_HOUR_SECONDS, 1), CharField())


def quota_sweep(*, now, delivery=None) -> int:
    """At the end of a quarter: members whose study hours of that year (counted up to now, so
    catching up removes the cause) are below the yearly quota pro-rated to the quarter's end."""
    due = quarter_to_remind(timezone.localdate(now))
    if due is None:
        return 0
    year, quarter = due
    delivery = delivery or Delivery.load()
    start, end = year_bounds(year)
    quarter_end = timezone.make_aware(
        datetime.datetime(year + 1, 1, 1)
        if quarter == 4
        else datetime.datetime(year, 3 * quarter + 1, 1)
    )
    fraction = (quarter_end - start) / (end - start)
    # The member's exact total of that year (credits are never dated after they are made).
    seconds = study_seconds(year=year).filter(member=OuterRef("pk")).values("seconds")
    key = f"{MessageKind.QUOTA_BEHIND}:{year}-Q{quarter}"
    members = (
        Member.objects.annotate(
            studied=Coalesce(Subquery(seconds, output_field=FloatField()), Value(0.0)),
            quota=quota_seconds_expression(fraction=fraction),
        )
        .filter(studied__lt=F("quota"))
        .filter(not_delivered(key), delivery.keep(MessageKind.QUOTA_BEHIND))
    )
    title = _("Study hours behind after quarter %(quarter)d of %(year)d") % {
        "quarter": quarter,
        "year": year,
    }
    body = _(
        "By the end of quarter %(quarter)d, %(due).1f study hours of %(year)d were due; you have "
        "%(studied).1f. Please catch up."
    )
    return by_ranges(
        Member,
        members,
        member_id=F("pk"),
        kind=Value(MessageKind.QUOTA_BEHIND),
        title=Value(title),
        body=text_of(
            body, quarter=quarter, year=year, due=hours(F("quota")), studied=hours(F("studied"))
        ),
        url=Value(reverse("learning:record")),
        cause_key=Value(key),
    )


def pledge_url(wall, pledge_id) -> str:
    """The pledge's page on its wall (as Pledge.get_full_url, without the site address)."""
    if wall is None:
        return ""
    return (wall.get_url() or "/") + wall.reverse_subpage("pledge", args=[pledge_id])


def pledge_url_expression(wall_ids):
    """The pledge's page as SQL: each wall's address around the pledge's id."""
    marker = 987654321
    whens = []
    for wall in PledgeWallPage.objects.filter(pk__in=wall_ids):
        before, after = pledge_url(wall, marker).split(str(marker))
        whens.append(
            When(wall_id=wall.pk, then=Concat(Value(before), Cast("pk", CharField()), Value(after)))
        )
    return Case(*whens, default=Value(""), output_field=CharField())


def pledge_overdue_sweep(*, now, delivery=None) -> int:
    """Approved or in-progress pledges past their due date: their author, once per pledge."""
    delivery = delivery or Delivery.load()
    kind = MessageKind.PLEDGE_OVERDUE
    pledges = (
        Pledge.objects.overdue(timezone.localdate(now))
        .filter(author__member__isnull=False)
        .annotate(key=Concat(Value(f"{kind}:"), Cast("pk", CharField())))
        .filter(
            not_delivered(OuterRef("key"), member="author__member__id"),
            delivery.keep(
                kind, member="author__member__id", organisation="author__member__organisation_id"
            ),
        )
    )
    walls = set(pledges.order_by().values_list("wall_id", flat=True).distinct())
    if not walls:
        return 0
    body = _("Your pledge “%(text)s” was due on %(due)s. Please report whether you kept it.")
    return by_ranges(
        Pledge,
        pledges,
        member_id=F("author__member__id"),
        kind=Value(kind),
        title=Value(_("Pledge past its due date")),
        body=text_of(body, text=Substr("text", 1, 60), due=Cast("due_on", CharField())),
        url=pledge_url_expression(walls),
        cause_key=F("key"),
    )


CAUSES = {
    MessageKind.DUE_SOON: due_soon_sweep,
    MessageKind.OVERDUE: overdue_sweep,
    MessageKind.QUOTA_BEHIND: quota_sweep,
    MessageKind.PLEDGE_OVERDUE: pledge_overdue_sweep,
}


def reminders_sweep(*, now=None, progress=None) -> dict:
    """Every scheduled cause; returns {kind: messages created}. `progress(kind, count,
    seconds)` is told after each cause (the management command prints it). The new
    messages are emailed in the background after the commit."""
    from learning.branch.tasks import inbox_email

    now = now or timezone.now()
    delivery = Delivery.load()
    counts = {}
    # Messages are stored in the site's language, whoever runs the sweep.
    with translation.override(settings.LANGUAGE_CODE):
        for kind, sweep in CAUSES.items():
            started = timezone.now()
            counts[kind] = sweep(now=now, delivery=delivery)
            if progress:
                progress(kind, counts[kind], (timezone.now() - started).total_seconds())
    logger.info("Reminder sweep for %s: %s", now.isoformat(), counts)
    # Always: it also picks up messages a sweep killed before this point left unemailed.
    transaction.on_commit(inbox_email.enqueue)
    return counts


def reminders_sweep_task():
    """Entry point of the daily django-q2 schedule (migration 0014)."""
    return {str(kind): count for kind, count in reminders_sweep().items()}


def pledge_moderated_notify(*, pledge, approved: bool) -> bool:
    """The pledge's author learns the review's result (pledge_moderated, sent after the
    commit): once per pledge and outcome. False when nothing was delivered."""
    from learning.branch.tasks import inbox_email

    member = Member.objects.filter(user_id=pledge.author_id).select_related("organisation").first()
    kind = MessageKind.PLEDGE_MODERATED
    if member is None or not may_deliver(member=member, kind=kind):
        return False
    outcome = "approved" if approved else "rejected"
    texts = {"text": pledge.text[:60], "reason": pledge.rejection_reason}
    with translation.override(settings.LANGUAGE_CODE):
        if approved:
            title = _("Your pledge was approved")
            body = _("Your pledge “%(text)s” was approved and is shown on the wall.") % texts
        else:
            title = _("Your pledge was not approved")
            body = _("Your pledge “%(text)s” was not approved: %(reason)s") % texts
    _message, created = InboxMessage.objects.get_or_create(
        member=member,
        cause_key=f"{kind}:{pledge.pk}:{outcome}",
        defaults={
            "kind": kind,
            "title": title,
            "body": body,
            "url": pledge_url(pledge.wall, pledge.pk),
        },
    )
    if created:
        transaction.on_commit(inbox_email.enqueue)
    return created
