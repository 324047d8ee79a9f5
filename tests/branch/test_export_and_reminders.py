"""Exports read back with real readers and compared with the database; reminders and inbox."""

import csv
import datetime
import io

import pytest
from django.core import mail
from django.urls import reverse
from openpyxl import load_workbook

from learning.branch.selectors import member_rows
from learning.models import InboxMessage, LectureProgress, Reminder

pytestmark = pytest.mark.django_db


def test_xlsx_export_matches_the_database(tree, signed_in):
    client = signed_in(tree.town_secretary)
    query = {"lecture": tree.lecture.pk, "status": "behind"}
    response = client.get(reverse("branch:export-xlsx"), query)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    assert book.sheetnames == ["已布置的党课", "各组织对比", "党员", "学时不足"]
    sheet = book["党员"]
    assert sheet.freeze_panes == "A2"
    assert sheet.column_dimensions["C"].width >= 20
    header, *rows = list(sheet.iter_rows(values_only=True))
    assert header == (
        "姓名",
        "组织",
        "党课",
        "截止日期",
        "状态",
        "开始学习时间",
        "完成时间",
        "流动党员的所在党组织",
    )
    assert all(isinstance(row[3], datetime.datetime) for row in rows)  # a date, not text
    completed = set(
        LectureProgress.objects.filter(
            lecture=tree.lecture, completed_at__isnull=False
        ).values_list("member__name", flat=True)
    )
    expected = {
        member.name
        for member in [
            tree.town_secretary,
            tree.east_secretary,
            tree.west_secretary,
            tree.e1,
            tree.e2,
            tree.e3,
            tree.w1,
            tree.w2,
        ]
        if member.name not in completed
    }
    assert {row[0] for row in rows} == expected
    assert {row[4] for row in rows} == {"已逾期"}
    lectures = list(book["已布置的党课"].iter_rows(values_only=True))
    town_row = next(r for r in lectures[1:] if r[0] == "测试镇党委" and r[1] == "红船精神")
    assert town_row[3:7] == (8, 3, 2, 6)


def test_csv_export_is_utf8_with_a_bom_and_the_same_rows(tree, signed_in):
    client = signed_in(tree.east_secretary)
    response = client.get(reverse("branch:export-csv"))
    content = b"".join(response.streaming_content)
    assert content.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    assert rows[0][0] == "姓名"
    assert len(rows) - 1 == member_rows(organisation=tree.east).count()


def test_a_reminder_reaches_the_members_behind_once(
    tree, signed_in, django_capture_on_commit_callbacks
):
    tree.e3.user.email = "e3@example.cn"
    tree.e3.user.save()
    client = signed_in(tree.east_secretary)
    data = {"lecture": tree.lecture.pk, "status": "behind"}
    # Only this reminder's messages (other domains' demo data has messages of its own).
    before = set(InboxMessage.objects.values_list("pk", flat=True))
    messages = InboxMessage.objects.exclude(pk__in=before)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("branch:remind"), data)
    assert response.status_code == 302
    reached = set(messages.values_list("member__name", flat=True))
    assert reached == {"东书记", "东二", "东三"}  # 东一 is done; nobody outside 东村
    reminder = Reminder.objects.get()
    assert reminder.recipients == 3 and reminder.sent_by == tree.east_secretary.user
    # The email went out through Django's backend after the commit (tasks run at once here).
    assert [message.to for message in mail.outbox] == [["e3@example.cn"]]
    # Again the same day: nobody twice.
    client.post(reverse("branch:remind"), data)
    assert messages.count() == 3
    assert Reminder.objects.latest("pk").recipients == 0
    # A view of completed members reminds nobody.
    client.post(reverse("branch:remind"), {"lecture": tree.lecture.pk, "status": "completed"})
    assert messages.count() == 3


def test_the_member_sees_it_in_the_inbox_with_an_unread_count(tree, signed_in):
    signed_in(tree.east_secretary).post(reverse("branch:remind"), {"lecture": tree.lecture.pk})
    client = signed_in(tree.e3)
    page = client.get(reverse("learning:record")).content.decode()
    assert "data-unread>1<" in page
    inbox = client.get(reverse("branch:inbox")).content.decode()
    assert "红船精神" in inbox and "到期" in inbox
    client.post(reverse("branch:inbox"))
    assert "data-unread" not in client.get(reverse("learning:record")).content.decode()


def test_reminders_are_rate_limited(tree, signed_in, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "branch_reminder": "1/hour"}
    client = signed_in(tree.east_secretary)
    assert client.post(reverse("branch:remind"), {}).status_code == 302
    assert client.post(reverse("branch:remind"), {}).status_code == 429
