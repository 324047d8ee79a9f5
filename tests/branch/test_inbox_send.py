"""learning.inbox.inbox_send: the one service other domains use to reach members' inboxes."""

import pytest

from learning.inbox import inbox_send
from learning.models import InboxMessage, MessageKind, ReminderMute

pytestmark = pytest.mark.django_db


def test_one_message_per_member_and_cause_and_by_email(
    tree, django_capture_on_commit_callbacks, mailoutbox
):
    tree.e1.user.email = "e1@example.org"
    tree.e1.user.save()
    members = [tree.e1.pk, tree.e2.pk]
    with django_capture_on_commit_callbacks(execute=True):
        reached = inbox_send(
            member_ids=members,
            kind=MessageKind.MEETING,
            title="主题党日通知",
            body="周六上午九点",
            url="/meetings/1/",
            cause_key="meeting:1:notice",
        )
    assert reached == 2
    again = inbox_send(
        member_ids=[*members, tree.e3.pk],
        kind=MessageKind.MEETING,
        title="主题党日通知",
        cause_key="meeting:1:notice",
    )
    assert again == 1  # only e3 is new
    assert InboxMessage.objects.filter(cause_key="meeting:1:notice").count() == 3
    assert [mail.to for mail in mailoutbox] == [["e1@example.org"]]
    assert mailoutbox[0].subject == "主题党日通知"


def test_a_muted_kind_is_left_out_unless_mandatory(tree):
    ReminderMute.objects.create(member=tree.e1, kind=MessageKind.PLEDGE_OVERDUE)
    reached = inbox_send(
        member_ids=[tree.e1.pk, tree.e2.pk],
        kind=MessageKind.PLEDGE_OVERDUE,
        title="承诺已逾期",
        cause_key="pledge:9:overdue",
    )
    assert reached == 1
    assert not InboxMessage.objects.filter(member=tree.e1).exists()
