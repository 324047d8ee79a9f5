"""A lecture under a group or password restriction is studied only by those it lets in: the
study page, the progress API and the quiz API answer 404 to everyone else, as Wagtail's own
page and /api/v2/ do."""

import pytest
from django.contrib.auth.models import Group
from rest_framework.test import APIClient
from wagtail.models import PageViewRestriction

from tests.learning.conftest import make_quiz

pytestmark = pytest.mark.django_db


def restrict(page, kind, group=None):
    restriction = PageViewRestriction.objects.create(
        page=page, restriction_type=kind, password="secret" if kind == "password" else ""
    )
    if group:
        restriction.groups.add(group)
    return restriction


def api_for(member):
    client = APIClient()
    client.force_authenticate(member.user)
    return client


@pytest.fixture
def study_group():
    return Group.objects.create(name="南湖讲堂学员")


def test_a_group_restricted_lecture_is_refused_to_members_outside_the_group(
    client, member, lecture, study_group
):
    quiz = make_quiz(lecture)
    restrict(lecture, PageViewRestriction.GROUPS, study_group)
    client.force_login(member.user)
    api = api_for(member)

    assert client.get(f"/study/lecture/{lecture.pk}/").status_code == 404
    progress = api.get(f"/api/learning/lectures/{lecture.pk}/progress/")
    assert progress.status_code == 404 and progress.json()["code"] == "not_found"
    attempt = api.post(f"/api/learning/quizzes/{quiz.pk}/attempts/", {"answers": {}}, format="json")
    assert attempt.status_code == 404

    member.user.groups.add(study_group)
    assert client.get(f"/study/lecture/{lecture.pk}/").status_code == 200
    assert api.get(f"/api/learning/lectures/{lecture.pk}/progress/").status_code == 200


def test_a_restriction_on_an_ancestor_counts_too(client, member, lecture, study_group):
    restrict(lecture.get_parent(), PageViewRestriction.GROUPS, study_group)
    client.force_login(member.user)
    assert client.get(f"/study/lecture/{lecture.pk}/").status_code == 404


def test_a_password_lecture_opens_once_the_password_was_given_in_this_session(
    client, member, lecture
):
    restriction = restrict(lecture, PageViewRestriction.PASSWORD)
    client.force_login(member.user)
    assert client.get(f"/study/lecture/{lecture.pk}/").status_code == 404

    session = client.session
    session[restriction.passed_view_restrictions_session_key] = [restriction.pk]
    session.save()
    assert client.get(f"/study/lecture/{lecture.pk}/").status_code == 200


def test_a_login_restriction_lets_every_signed_in_member_study(client, member, lecture):
    restrict(lecture, PageViewRestriction.LOGIN)
    client.force_login(member.user)
    assert client.get(f"/study/lecture/{lecture.pk}/").status_code == 200


def test_progress_reports_for_a_lecture_the_member_may_not_see_are_refused(
    member, lecture, study_group
):
    """Section ids are small integers: reporting on a restricted lecture's sections must not
    earn coverage, completion or points for a member outside the restriction."""
    from learning.models import PointsEntry, ProgressEvent
    from tests.learning.test_api import event

    video = lecture.sections.get(kind="video")
    restrict(lecture, PageViewRestriction.GROUPS, study_group)
    api = api_for(member)

    single = api.post("/api/learning/events/", event(video, 0, 5), format="json")
    assert single.status_code == 404 and single.json()["code"] == "unknown_section"
    batch = api.post("/api/learning/events/batch/", {"events": [event(video, 0, 5)]}, format="json")
    assert batch.status_code == 200
    assert [r["status"] for r in batch.json()["results"]] == ["invalid"]
    assert batch.json()["results"][0]["code"] == "unknown_section"
    assert not ProgressEvent.objects.filter(member=member).exists()
    assert not PointsEntry.objects.filter(member=member).exists()

    member.user.groups.add(study_group)
    accepted = api.post("/api/learning/events/", event(video, 0, 5), format="json")
    assert accepted.status_code == 202
