"""A lecture's quiz opens once every section is complete, unless its editor opened it."""

import datetime

import pytest
from django.utils import timezone

from learning.models import PointsEntry, QuizAttempt, StudyClock
from learning.services.errors import StudyError
from learning.services.quizzes import submit_attempt
from tests.learning.conftest import make_lecture, make_quiz, report_events

pytestmark = pytest.mark.django_db


def right_answers(quiz):
    return {str(q.pk): sorted(q.correct_indexes) for q in quiz.questions.all()}


def complete_sections(member, lecture, events):
    """Study every section honestly (credit is bounded by real time, so bank some first)."""
    StudyClock.objects.update_or_create(
        member=member, defaults={"credit_horizon": timezone.now() - datetime.timedelta(hours=1)}
    )
    for section in lecture.sections.all():
        report_events(member, [events(section, 0, section.expected_seconds)])


@pytest.fixture
def gated(demo_site):
    lecture = make_lecture([("video", 60), ("reading", 30)], points=10)
    return lecture, make_quiz(lecture, open_from_start=False)


def test_a_quiz_is_refused_before_the_sections_are_complete(member, gated, events):
    lecture, quiz = gated
    report_events(member, [events(lecture.sections.first(), 0, 0)])
    with pytest.raises(StudyError) as refused:
        submit_attempt(member, quiz, right_answers(quiz))
    assert refused.value.code == "quiz_locked"
    assert "完成全部章节" in str(refused.value.message)
    assert not QuizAttempt.objects.filter(member=member).exists()
    assert not PointsEntry.objects.filter(member=member).exists()


def test_the_quiz_opens_once_every_section_is_complete(member, gated, events):
    lecture, quiz = gated
    complete_sections(member, lecture, events)
    attempt = submit_attempt(member, quiz, right_answers(quiz))
    assert attempt.passed
    assert sorted(PointsEntry.objects.filter(member=member).values_list("reason", flat=True)) == [
        "lecture_completed",
        "quiz_passed",
    ]


def test_an_editor_may_open_the_quiz_from_the_start(member, gated):
    _lecture, quiz = gated
    quiz.open_from_start = True
    quiz.save()
    assert submit_attempt(member, quiz, right_answers(quiz)).passed


def test_the_api_refuses_a_locked_quiz_with_its_code(client, member, gated):
    _lecture, quiz = gated
    client.force_login(member.user)
    response = client.post(
        f"/api/learning/quizzes/{quiz.pk}/attempts/",
        {"answers": right_answers(quiz)},
        content_type="application/json",
    )
    assert response.status_code == 403
    body = response.json()
    assert body["code"] == "quiz_locked" and "完成全部章节" in body["detail"]
    assert (
        not QuizAttempt.objects.filter(member=member).exists()
        and not PointsEntry.objects.filter(member=member).exists()
    )


def test_the_study_page_says_when_the_quiz_opens(client, member, gated, events):
    lecture, quiz = gated
    client.force_login(member.user)
    html = client.get(f"/study/lecture/{lecture.pk}/").content.decode()
    assert "测验在完成全部章节后开放" in html
    assert f'name="q{quiz.questions.first().pk}"' not in html
    posted = client.post(
        f"/study/lecture/{lecture.pk}/quiz/",
        {f"q{q.pk}": [str(i) for i in q.correct_indexes] for q in quiz.questions.all()},
        follow=True,
    )
    assert "测验在完成全部章节后开放" in posted.content.decode()
    assert not QuizAttempt.objects.filter(member=member).exists()

    complete_sections(member, lecture, events)
    html = client.get(f"/study/lecture/{lecture.pk}/").content.decode()
    assert "测验在完成全部章节后开放" not in html
    assert f'name="q{quiz.questions.first().pk}"' in html
