"""Member pages: sign-in/out, the lecture page prompt, the study page, the quiz form, /me/."""

import datetime

import pytest
from django.utils import timezone

from learning.models import PointsEntry, StudyClock
from learning.services.ingest import EventInput
from tests.learning.conftest import MEMBER_PASSWORD, make_quiz, report_events

pytestmark = pytest.mark.django_db


def test_sign_in_page_is_in_chinese_and_rejects_a_wrong_password(client, member):
    page = client.get("/accounts/login/")
    assert "党员登录" in page.content.decode()
    wrong = client.post("/accounts/login/", {"username": "dangyuan1", "password": "nope"})
    assert wrong.status_code == 200
    assert "请输入一个正确的" in wrong.content.decode()
    right = client.post("/accounts/login/", {"username": "dangyuan1", "password": MEMBER_PASSWORD})
    assert right.status_code == 302 and right["Location"] == "/me/"
    record = client.get("/me/")
    assert "我的学习档案" in record.content.decode()
    out = client.post("/accounts/logout/")
    assert out.status_code == 302 and out["Location"] == "/"
    assert client.get("/me/").status_code == 302


def test_lecture_page_prompts_visitors_and_links_members_to_study(client, member, lecture):
    visitor = client.get(lecture.url).content.decode()
    assert "登录学习" in visitor
    assert f"/accounts/login/?next=/study/lecture/{lecture.pk}/" in visitor
    client.force_login(member.user)
    assert f'href="/study/lecture/{lecture.pk}/"' in client.get(lecture.url).content.decode()


def test_study_page_needs_a_member(client, lecture, django_user_model):
    assert client.get(f"/study/lecture/{lecture.pk}/")["Location"].startswith("/accounts/login/")
    client.force_login(django_user_model.objects.create_user("visitor", password="x"))
    response = client.get(f"/study/lecture/{lecture.pk}/")
    assert response.status_code == 403
    assert "尚无党员档案" in response.content.decode()


def test_study_page_shows_sections_saved_positions_and_the_quiz(client, member, lecture):
    video = lecture.sections.get(kind="video")
    StudyClock.objects.create(
        member=member, credit_horizon=timezone.now() - datetime.timedelta(minutes=1)
    )
    report_events(
        member,
        [EventInput("6f1c0c4e-8f57-4c43-9f5e-4c1d1a0e0a01", video.pk, 0, 40, timezone.now())],
    )
    make_quiz(lecture)
    client.force_login(member.user)
    html = client.get(f"/study/lecture/{lecture.pk}/").content.decode()
    assert f'data-section="{video.pk}"' in html and 'data-position="40.0"' in html
    assert "已学40%" in html and "未开始" in html
    assert "课后测验" in html and "嘉兴南湖" in html
    assert "learning/study.js" in html
    assert client.get("/study/lecture/999999/").status_code == 404


def test_quiz_form_passes_and_pays_points(client, member, lecture):
    quiz = make_quiz(lecture)
    q1, q2 = quiz.questions.all()
    client.force_login(member.user)
    url = f"/study/lecture/{lecture.pk}/quiz/"
    response = client.post(url, {f"q{q1.pk}": "0"}, follow=True)
    assert "请回答每一道题" in response.content.decode()
    response = client.post(url, {f"q{q1.pk}": "1", f"q{q2.pk}": ["0", "1"]}, follow=True)
    assert "测验通过" in response.content.decode()
    assert PointsEntry.objects.get(member=member).reason == "quiz_passed"


def test_my_record_shows_hours_points_and_a_chart(client, member, lecture):
    video = lecture.sections.get(kind="video")
    StudyClock.objects.create(
        member=member, credit_horizon=timezone.now() - datetime.timedelta(minutes=5)
    )
    report_events(
        member,
        [EventInput("6f1c0c4e-8f57-4c43-9f5e-4c1d1a0e0a02", video.pk, 0, 90, timezone.now())],
    )
    client.force_login(member.user)
    html = client.get("/me/").content.decode()
    assert "<svg" in html and "每日学习时长" in html
    assert "0.0 / 32" in html
    assert "距年度要求还差" in html
    assert lecture.title in html


def test_sections_made_in_code_keep_their_order(demo_site):
    from tests.learning.conftest import make_lecture

    lecture = make_lecture([("reading", 30), ("video", 100), ("audio", 60)])
    assert list(lecture.sections.order_by("sort_order").values_list("kind", flat=True)) == [
        "reading",
        "video",
        "audio",
    ]
    assert list(lecture.sections.values_list("sort_order", flat=True)) == [0, 1, 2]
