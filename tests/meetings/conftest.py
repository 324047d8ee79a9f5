"""Meetings on the workspace's test tree (tests/branch/conftest.py): 东村党支部 (with a group)
and 西村党支部 under 测试镇党委, a secretary each."""

import datetime

import pytest
from django.utils import timezone

from tests.branch.conftest import signed_in, tree  # noqa: F401


def schedule(t, **overrides):
    from learning.meetings.models import MeetingKind
    from learning.meetings.services import meeting_schedule

    now = timezone.now()
    arguments = {
        "organisation": t.east,
        "kind": MeetingKind.THEME_DAY,
        "topic": "主题党日：重温入党誓词",
        "starts_at": now - datetime.timedelta(minutes=5),
        "ends_at": now + datetime.timedelta(hours=1),
        "place": "东村党群服务中心",
        "by": t.east_secretary.user,
        **overrides,
    }
    return meeting_schedule(**arguments)


@pytest.fixture
def meeting(tree):  # noqa: F811
    """A 主题党日 of 东村 under way: its four members expected (the group's included)."""
    return schedule(tree)
