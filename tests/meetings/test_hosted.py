"""Members away from home (流动党员): a meeting of the host organisation expects the members it
hosts, as the home organisation's meetings expect them too; each member is one row, once."""

from cms.models import HostMembership, HostStatus
from learning.meetings.models import Attendance
from tests.meetings.conftest import schedule


def test_host_and_home_meetings_both_expect_a_hosted_member_once(tree):
    HostMembership.objects.create(
        member=tree.w1, organisation=tree.east, status=HostStatus.ACCEPTED
    )
    at_host = schedule(tree)
    at_home = schedule(tree, organisation=tree.west, by=tree.west_secretary.user)
    assert Attendance.objects.filter(meeting=at_host, member=tree.w1).count() == 1
    assert Attendance.objects.filter(meeting=at_home, member=tree.w1).count() == 1
    # The town's meeting reaches w1 at home and hosted: still one row.
    at_town = schedule(tree, organisation=tree.town, by=tree.town_secretary.user)
    assert Attendance.objects.filter(meeting=at_town, member=tree.w1).count() == 1
    # A member only applying (not accepted) is not expected at the host's meetings.
    HostMembership.objects.create(member=tree.w2, organisation=tree.east, status=HostStatus.APPLIED)
    assert not Attendance.objects.filter(meeting=schedule(tree), member=tree.w2).exists()
