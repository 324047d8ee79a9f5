"""A small tree for the workspace tests: 测试镇党委 with two branches (东村 with a group, 西村),
a secretary in each, members whose study differs, two assignments, points and pledges."""

import datetime
import uuid
from types import SimpleNamespace

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from tests.learning.conftest import MEMBER_PASSWORD, make_lecture

PASSWORD = MEMBER_PASSWORD


def make_member(username, organisation, role="member", name=None):
    from cms.models import Member

    user = get_user_model().objects.create_user(username, password=PASSWORD)
    return Member.objects.create(
        user=user, name=name or username, organisation=organisation, role=role
    )


def study(member, lecture, *, seconds=0, completed=False, when=None):
    """Progress as the fold leaves it: a lecture row, credited seconds in an event, and that
    time credited through the one writer of study time (as the fold does)."""
    from learning.models import EventOutcome, LectureProgress, ProgressEvent
    from learning.services.study_time import study_time_credit

    when = when or timezone.now()
    LectureProgress.objects.create(
        member=member, lecture=lecture, completed_at=when if completed else None
    )
    if seconds:
        event = ProgressEvent.objects.create(
            id=uuid.uuid4(),
            member=member,
            section=lecture.sections.first(),
            from_seconds=0,
            to_seconds=seconds,
            client_time=when,
            content_hash="x" * 64,
            received_at=when,
            credited_seconds=seconds,
            outcome=EventOutcome.CREDITED,
        )
        study_time_credit(
            member=member,
            seconds=seconds,
            at=when,
            source=f"event:{event.pk}",
            section=event.section_id,
        )


def points(member, amount, *, source_key, ledger=None):
    """Points as the ledger keeps them, for completing a lecture."""
    from learning.models import Ledger, PointsEntry, PointsReason

    return PointsEntry.objects.create(
        member=member,
        ledger=ledger or Ledger.BASE,
        reason=PointsReason.LECTURE_COMPLETED,
        points=amount,
        source_key=source_key,
    )


def pledge(member, *, status, due_on, text="为民服务"):
    """A pledge of the member's on the demo wall, in its organisation."""
    from cms.models import Pledge, PledgeWallPage

    return Pledge.objects.create(
        wall=PledgeWallPage.objects.get(slug="qijiang-qibi"),
        author=member.user,
        member_name=member.name,
        organisation=member.organisation,
        organisation_name=member.organisation.name,
        text=text,
        category="为民服务",
        due_on=due_on,
        status=status,
    )


@pytest.fixture
def tree(demo_site):
    from cms.models import OrganisationKind, Pledge, PledgeStatus
    from cms.services import ensure_organisation
    from learning.models import Assignment, Ledger

    Pledge.objects.all().delete()
    town = ensure_organisation("测试镇党委", OrganisationKind.COMMITTEE, "北京市密云区")
    east = ensure_organisation("东村党支部", OrganisationKind.BRANCH, "北京市密云区", town)
    east_group = ensure_organisation("东村第一党小组", OrganisationKind.GROUP, "北京市密云区", east)
    west = ensure_organisation("西村党支部", OrganisationKind.BRANCH, "北京市密云区", town)
    town.refresh_from_db()

    today = timezone.localdate()
    lecture = make_lecture([("video", 600), ("reading", 60)], title="红船精神")
    west_lecture = make_lecture([("video", 600)], title="西村专题")
    Assignment.objects.create(
        lecture=lecture, organisation=town, due_on=today - datetime.timedelta(days=3)
    )
    Assignment.objects.create(
        lecture=west_lecture, organisation=west, due_on=today + datetime.timedelta(days=10)
    )

    t = SimpleNamespace(town=town, east=east, east_group=east_group, west=west)
    t.lecture, t.west_lecture = lecture, west_lecture
    t.town_secretary = make_member("town_sec", town, role="committee", name="镇委员")
    t.east_secretary = make_member("east_sec", east, role="secretary", name="东书记")
    t.west_secretary = make_member("west_sec", west, role="secretary", name="西书记")
    t.e1 = make_member("e1", east, name="东一")  # done, plenty of hours
    t.e2 = make_member("e2", east_group, name="东二")  # started
    t.e3 = make_member("e3", east, name="东三")  # nothing
    t.w1 = make_member("w1", west, name="西一")  # done with the town lecture only
    t.w2 = make_member("w2", west, name="西二")  # nothing
    t.outsider = make_member("outsider", demo_site_branch(), name="外人")
    year_hours = 40 * 45 * 60
    study(t.e1, lecture, seconds=year_hours, completed=True)
    study(t.e2, lecture, seconds=600)
    study(t.w1, lecture, seconds=1200, completed=True)
    study(t.w1, west_lecture, seconds=300)
    study(t.outsider, lecture, seconds=year_hours, completed=True)

    for i, (member, ledger, amount) in enumerate(
        [(t.e1, Ledger.BASE, 10), (t.e1, Ledger.SERVICE, 5), (t.w1, Ledger.BASE, 7)]
    ):
        points(member, amount, ledger=ledger, source_key=f"test:{i}")
    for member, status, due in [
        (t.e1, PledgeStatus.FULFILLED, today),
        (t.e2, PledgeStatus.IN_PROGRESS, today - datetime.timedelta(days=1)),
        (t.w2, PledgeStatus.APPROVED, today + datetime.timedelta(days=9)),
        (t.outsider, PledgeStatus.APPROVED, today - datetime.timedelta(days=9)),
    ]:
        pledge(member, status=status, due_on=due)
    return t


def demo_site_branch():
    from cms.models import Organisation

    return Organisation.objects.get(name="套里村党支部")


@pytest.fixture
def signed_in(client):
    def sign_in(member):
        client.force_login(member.user)
        return client

    return sign_in
