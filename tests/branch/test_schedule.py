"""Scheduled reminders: each cause reaches a member once, never after it is gone, never when
muted (unless mandatory), emailed once; and in a real django-q2 worker, killed and restarted."""

import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from cms.models import Pledge, PledgeStatus
from learning.branch import schedule
from learning.branch.mutes import reminder_mutes_set
from learning.models import InboxMessage, LectureProgress, MessageKind, ReminderPolicy

pytestmark = pytest.mark.django_db


def names(kind, members=None):
    rows = InboxMessage.objects.filter(kind=kind)
    if members is not None:
        rows = rows.filter(member__in=members)
    return sorted(rows.values_list("member__name", flat=True))


def tree_members(tree):
    return [
        tree.town_secretary,
        tree.east_secretary,
        tree.west_secretary,
        tree.e1,
        tree.e2,
        tree.e3,
        tree.w1,
        tree.w2,
        tree.outsider,
    ]


def at(days=0, *, date=None):
    """Noon of today (+ days) or of `date`, in the site's time zone."""
    day = date or timezone.localdate() + datetime.timedelta(days=days)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))


def test_overdue_reaches_each_member_not_done_once(tree):
    # The town lecture was due three days ago: everyone in the town's subtree not done.
    created = schedule.overdue_sweep(now=at())
    behind = ["东三", "东书记", "东二", "西书记", "西二", "镇委员"]
    assert names(MessageKind.OVERDUE, tree_members(tree)) == sorted(behind)
    message = InboxMessage.objects.get(member=tree.e3, kind=MessageKind.OVERDUE)
    assert "红船精神" in message.title and message.url.endswith(f"/{tree.lecture.pk}/")
    assert created >= len(behind)
    # The schedule again, the same day or the next: nobody twice.
    assert schedule.overdue_sweep(now=at()) == 0
    assert schedule.overdue_sweep(now=at(1)) == 0
    assert InboxMessage.objects.filter(member=tree.e3).count() == 1


def test_due_soon_three_days_ahead_and_never_after_completion(tree):
    # Eight days on, the west lecture (due in ten days) is due in two.
    assert names(MessageKind.DUE_SOON, tree_members(tree)) == []
    LectureProgress.objects.filter(member=tree.w1, lecture=tree.west_lecture).update(
        completed_at=timezone.now()
    )  # the cause is gone for 西一 before the sweep
    schedule.due_soon_sweep(now=at(8))
    assert names(MessageKind.DUE_SOON, tree_members(tree)) == ["西书记", "西二"]
    # Six days on it was not yet due within three days.
    InboxMessage.objects.all().delete()
    schedule.due_soon_sweep(now=at(6))
    assert names(MessageKind.DUE_SOON, tree_members(tree)) == []
    # Once completed, a later sweep sends nothing, although the other cause holds.
    LectureProgress.objects.filter(member=tree.w2).delete()
    LectureProgress.objects.create(
        member=tree.w2, lecture=tree.west_lecture, completed_at=timezone.now()
    )
    schedule.due_soon_sweep(now=at(8))
    assert names(MessageKind.DUE_SOON, tree_members(tree)) == ["西书记"]


def test_quota_behind_at_a_quarters_end_once_per_quarter(tree):
    year = timezone.localdate().year
    # Mid-quarter (and past the grace days after the last one): nothing.
    assert schedule.quarter_to_remind(datetime.date(year, 5, 20)) is None
    assert schedule.quarter_to_remind(datetime.date(year, 6, 30)) == (year, 2)
    assert schedule.quarter_to_remind(datetime.date(year + 1, 1, 10)) == (year, 4)
    schedule.quota_sweep(now=at(date=datetime.date(year, 12, 31)))
    behind = names(MessageKind.QUOTA_BEHIND, tree_members(tree))
    # 东一 and the outsider studied 40 hours, above a member's 32; everyone else is behind.
    assert behind == sorted(["东三", "东书记", "东二", "西一", "西书记", "西二", "镇委员"])
    message = InboxMessage.objects.get(member=tree.e2, kind=MessageKind.QUOTA_BEHIND)
    assert "32.0" in message.body and "0.2" in message.body  # due by then; studied
    assert schedule.quota_sweep(now=at(date=datetime.date(year + 1, 1, 5))) == 0


def test_a_pledge_past_its_due_date_until_it_is_fulfilled(tree):
    Pledge.objects.filter(author=tree.outsider.user).update(status=PledgeStatus.FULFILLED)
    assert schedule.pledge_overdue_sweep(now=at()) == 1
    message = InboxMessage.objects.get(kind=MessageKind.PLEDGE_OVERDUE)
    assert message.member == tree.e2
    pledge = Pledge.objects.get(author=tree.e2.user)
    assert message.url.endswith(f"/pledges/{pledge.pk}/") and message.url.startswith("/")
    assert "为民服务" in message.body and str(pledge.due_on) in message.body
    assert schedule.pledge_overdue_sweep(now=at(1)) == 0
    # 西二's pledge falls due later, but was fulfilled before: no message.
    Pledge.objects.filter(author=tree.w2.user).update(status=PledgeStatus.FULFILLED)
    assert schedule.pledge_overdue_sweep(now=at(20)) == 0


def test_a_sweep_cut_short_or_raced_still_delivers_once(tree):
    # Another worker got there first for two members, and a sweep was killed after its
    # first cause: the next full sweep completes the rest, without duplicates.
    key = (
        f"overdue:{tree.lecture.assignments.get().pk}:"
        + (timezone.localdate() - datetime.timedelta(days=3)).isoformat()
    )
    for member in (tree.e2, tree.e3):
        InboxMessage.objects.create(member=member, kind="overdue", title="x", cause_key=key)
    schedule.due_soon_sweep(now=at())
    counts = schedule.reminders_sweep(now=at())
    assert counts[MessageKind.OVERDUE] >= 4
    assert names(MessageKind.OVERDUE, tree_members(tree)) == sorted(
        ["东三", "东书记", "东二", "西书记", "西二", "镇委员"]
    )
    assert sum(schedule.reminders_sweep(now=at()).values()) == 0


def test_a_muted_kind_is_not_delivered_unless_mandatory(tree):
    reminder_mutes_set(member=tree.e3, muted=[MessageKind.OVERDUE])
    reminder_mutes_set(member=tree.w2, muted=[MessageKind.OVERDUE])
    # 西村 makes overdue reminders mandatory; 东村 does not.
    ReminderPolicy.objects.create(organisation=tree.west, mandatory_kinds=[MessageKind.OVERDUE])
    schedule.overdue_sweep(now=at())
    assert "东三" not in names(MessageKind.OVERDUE)
    assert "西二" in names(MessageKind.OVERDUE)


def test_the_nearest_policy_decides(tree):
    from learning.branch.mutes import mandatory_kinds_for

    ReminderPolicy.objects.create(organisation=tree.town, mandatory_kinds=["overdue", "due_soon"])
    ReminderPolicy.objects.create(organisation=tree.east, mandatory_kinds=["due_soon"])
    assert mandatory_kinds_for(organisation=tree.east_group) == {"due_soon"}
    assert mandatory_kinds_for(organisation=tree.west) == {"overdue", "due_soon"}
    assert mandatory_kinds_for(organisation=tree.outsider.organisation) == set()
    # A member of the group may mute overdue (the branch's policy overrides the town's).
    reminder_mutes_set(member=tree.e2, muted=["overdue"])
    schedule.overdue_sweep(now=at())
    assert "东二" not in names(MessageKind.OVERDUE)
    assert "东三" in names(MessageKind.OVERDUE)


def test_scheduled_messages_are_emailed_once(tree, django_capture_on_commit_callbacks):
    for member in (tree.e3, tree.w2):
        member.user.email = f"{member.user.username}@example.cn"
        member.user.save()
    with django_capture_on_commit_callbacks(execute=True):
        schedule.reminders_sweep(now=at())
    overdue = [m for m in mail.outbox if "红船精神" in m.subject]
    assert sorted(m.to[0] for m in overdue) == ["e3@example.cn", "w2@example.cn"]
    assert "东三" in overdue[0].body or "西二" in overdue[0].body
    assert not InboxMessage.objects.filter(
        member__in=[tree.e3, tree.w2], emailed_at__isnull=True
    ).exists()
    sent = len(mail.outbox)
    with django_capture_on_commit_callbacks(execute=True):
        schedule.reminders_sweep(now=at())
    from learning.branch.tasks import inbox_email

    inbox_email.call()
    assert len(mail.outbox) == sent


def test_the_review_result_reaches_the_author_once(tree, django_capture_on_commit_callbacks):
    from django.contrib.auth.models import Permission

    from cms.pledges import services

    editor = tree.town_secretary.user
    editor.user_permissions.add(Permission.objects.get(codename="change_pledge"))
    editor = type(editor).objects.get(pk=editor.pk)
    pledge = Pledge.objects.get(author=tree.w2.user)
    Pledge.objects.filter(pk=pledge.pk).update(status=PledgeStatus.SUBMITTED)
    pledge.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        services.moderate(pledge=pledge, editor=editor, approve=False, reason="内容不具体")
    message = InboxMessage.objects.get(member=tree.w2, kind=MessageKind.PLEDGE_MODERATED)
    assert "内容不具体" in message.body
    with django_capture_on_commit_callbacks(execute=True):
        services.moderate(pledge=pledge, editor=editor, approve=True)
    assert InboxMessage.objects.filter(member=tree.w2, kind="pledge_moderated").count() == 2
    # A muted author hears nothing (no policy makes it mandatory here).
    reminder_mutes_set(member=tree.e2, muted=[MessageKind.PLEDGE_MODERATED])
    pledge = Pledge.objects.get(author=tree.e2.user)
    with django_capture_on_commit_callbacks(execute=True):
        services.moderate(pledge=pledge, editor=editor, approve=False, reason="重复提交")
    assert not InboxMessage.objects.filter(member=tree.e2, kind="pledge_moderated").exists()


def test_the_command_prints_counts_per_cause(tree, capsys):
    call_command("send_reminders", "--date", timezone.localdate().isoformat())
    out = capsys.readouterr().out
    assert "overdue" in out and "pledge_overdue" in out and "Done:" in out
    call_command("send_reminders")
    assert "Done: 0 new messages." in capsys.readouterr().out


def test_the_command_refuses_a_bad_date(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("send_reminders", "--date", "2026-13-01")


def test_the_daily_schedule_runs_the_sweep():
    from django.utils.module_loading import import_string
    from django_q.models import Schedule

    row = Schedule.objects.get(name="learning: send scheduled reminders")
    assert row.schedule_type == Schedule.DAILY
    assert import_string(row.func) is schedule.reminders_sweep_task


@pytest.mark.worker
def test_a_real_worker_delivers_once_across_a_kill_and_a_restart(wagtail_tree, tree, run_worker):
    from django_q.models import Schedule, Task
    from django_q.tasks import async_task

    func = "learning.branch.schedule.reminders_sweep_task"
    name = "learning: send scheduled reminders"

    def due_now():
        Schedule.objects.update_or_create(
            name=name,
            defaults={
                "func": func,
                "schedule_type": Schedule.DAILY,
                "repeats": -1,
                "next_run": timezone.now() - datetime.timedelta(minutes=1),
            },
        )

    def swept():
        return Task.objects.filter(func=func, success=True).count()

    # The daily schedule fires; the worker is stopped as soon as the first messages are in
    # (it may be mid-sweep: every batch commits on its own).
    due_now()
    log = run_worker(lambda: InboxMessage.objects.exists(), timeout=120)
    assert InboxMessage.objects.exists(), log
    # Restarted: the schedule is due again and another sweep is queued on top of it.
    before = swept()
    due_now()
    async_task(func)
    log = run_worker(lambda: swept() >= before + 2, timeout=150)
    assert swept() >= before + 2, log
    assert names(MessageKind.OVERDUE, tree_members(tree)) == sorted(
        ["东三", "东书记", "东二", "西书记", "西二", "镇委员"]
    )
    assert names(MessageKind.PLEDGE_OVERDUE, tree_members(tree)) == ["东二", "外人"]
    assert InboxMessage.objects.filter(member=tree.e2).count() == 2
