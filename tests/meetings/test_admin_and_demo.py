"""Meetings in the Wagtail admin follow the organisation tree (an organisation administrator
of 西村 does not reach 东村's meeting; a meeting added there notifies its members; a closed
meeting cannot be edited), and the demo's meetings load once."""

import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone

from cms.organisation_access import organisation_administrator_grant
from learning.meetings.models import Meeting, MeetingStatus
from learning.meetings.services import meeting_close
from learning.models import InboxMessage


def _admin_of(organisation, username):
    user = get_user_model().objects.create_user(username, password="x")
    organisation_administrator_grant(user=user, organisation=organisation)
    return user


def test_admin_is_scoped_by_the_tree(tree, meeting, client):
    client.force_login(_admin_of(tree.west, "west_admin"))
    assert client.get(f"/admin/meetings_admin/edit/{meeting.pk}/").status_code == 404
    listing = client.get("/admin/meetings_admin/")
    assert listing.status_code == 200 and meeting.topic not in listing.content.decode()
    client.force_login(_admin_of(tree.east, "east_admin"))
    assert client.get(f"/admin/meetings_admin/edit/{meeting.pk}/").status_code == 200


def test_admin_adds_a_meeting_and_notifies_and_closed_is_read_only(tree, client):
    client.force_login(_admin_of(tree.east, "east_admin"))
    local = timezone.localtime() + datetime.timedelta(days=2)
    response = client.post(
        "/admin/meetings_admin/new/",
        {
            "organisation": tree.east.pk,
            "kind": "committee",
            "topic": "支部委员会：研究发展党员",
            "agenda": "",
            "starts_at": local.strftime("%Y-%m-%d %H:%M"),
            "ends_at": (local + datetime.timedelta(hours=1)).strftime("%Y-%m-%d %H:%M"),
            "place": "支部办公室",
            "online_url": "",
            "capacity": "",
            "minutes": '{"blocks": [], "entityMap": {}}',
            "resolutions": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    made = Meeting.objects.get(topic="支部委员会：研究发展党员")
    assert made.attendances.count() == 4
    assert InboxMessage.objects.filter(cause_key=f"meeting:{made.pk}").count() == 4
    Meeting.objects.filter(pk=made.pk).update(
        starts_at=timezone.now() - datetime.timedelta(hours=2),
        ends_at=timezone.now() - datetime.timedelta(hours=1),
    )
    meeting_close(meeting=Meeting.objects.get(pk=made.pk), by=None)
    assert Meeting.objects.get(pk=made.pk).status == MeetingStatus.CLOSED
    assert client.get(f"/admin/meetings_admin/edit/{made.pk}/").status_code in (302, 403, 404)


def test_demo_meetings_load_once(demo_site):
    from learning.branch.demo import load_demo_branch
    from learning.meetings.demo import PAST_TOPIC, SESSION_TOPIC, UPCOMING_TOPIC, load_demo_meetings

    load_demo_branch(log=lambda message: None)
    load_demo_meetings(log=lambda message: None)
    load_demo_meetings(log=lambda message: None)
    past = Meeting.objects.get(topic=PAST_TOPIC)
    assert past.is_closed and past.minutes
    finals = set(past.attendances.values_list("final", flat=True))
    assert {"present", "late", "leave", "absent"} <= finals
    upcoming = Meeting.objects.get(topic=UPCOMING_TOPIC)
    assert upcoming.starts_at > timezone.now() and upcoming.attendances.exists()
    session = Meeting.objects.get(topic=SESSION_TOPIC)
    assert session.lecture is not None and session.capacity == 40 and session.place
