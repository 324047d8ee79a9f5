"""Admin screens for members, quizzes, assignments and points; the demo study data."""

import pytest
from django.test import RequestFactory  # sign-in throttling needs the request

from cms.models import Member
from learning.models import Assignment, Quiz

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, demo_site):
    from cms.demo import ensure_admin

    client.force_login(ensure_admin())
    return client


@pytest.mark.parametrize(
    "url",
    [
        "/admin/members/",
        "/admin/members/new/",
        "/admin/snippets/learning/quiz/",
        "/admin/snippets/learning/quiz/add/",
        "/admin/snippets/learning/assignment/add/",
        "/admin/points-rules/",
        "/admin/points-ledger/",
    ],
)
def test_admin_screens_open(admin_client, url):
    response = admin_client.get(url)
    assert response.status_code == 200, url


def test_admin_adds_a_member_to_an_organisation(admin_client, branch, django_user_model):
    user = django_user_model.objects.create_user("newmember", password="x")
    response = admin_client.post(
        "/admin/members/new/",
        {"user": user.pk, "name": "王新", "organisation": branch.pk, "role": "secretary"},
    )
    assert response.status_code == 302
    member = Member.objects.get(user=user)
    assert (member.organisation, member.yearly_quota_hours) == (branch, 56)


def test_admin_creates_the_account_with_the_member(admin_client, branch, client):
    form = {
        "name": "刘新",
        "organisation": branch.pk,
        "role": "member",
        "new_username": "liuxin",
        "new_password": "short",
    }
    refused = admin_client.post("/admin/members/new/", form)
    assert refused.status_code == 200 and not Member.objects.filter(name="刘新").exists()
    assert "密码" in refused.content.decode()
    form["new_password"] = "hongchuan-1921"
    assert admin_client.post("/admin/members/new/", form).status_code == 302
    member = Member.objects.get(name="刘新")
    assert member.user.username == "liuxin"
    assert client.login(
        request=RequestFactory().post("/"), username="liuxin", password="hongchuan-1921"
    )


def test_the_member_form_needs_an_account(admin_client, branch):
    response = admin_client.post(
        "/admin/members/new/", {"name": "无账号", "organisation": branch.pk, "role": "member"}
    )
    assert response.status_code == 200
    assert "请选择该党员的账号或新建账号" in response.content.decode()
    assert not Member.objects.filter(name="无账号").exists()


def test_demo_learning_is_idempotent(demo_site, client):
    from learning.demo import DEMO_PASSWORD, DEMO_USERNAME, load_demo_learning

    load_demo_learning(log=lambda m: None)
    load_demo_learning(log=lambda m: None)
    member = Member.objects.get(user__username=DEMO_USERNAME)
    assert member.organisation.name == "套里村党支部"
    assert Quiz.objects.count() == 1 and Assignment.objects.count() == 1
    assert client.login(
        request=RequestFactory().post("/"), username=DEMO_USERNAME, password=DEMO_PASSWORD
    )
    html = client.get("/me/").content.decode()
    assert "红船精神的时代内涵" in html  # the assignment on the town's subtree


def test_member_names_lose_invisible_characters_and_pass_the_word_screen(
    admin_client, branch, django_user_model
):
    """A name is shown on pledges, cards and reports: a bidi override or zero-width space in
    it would reverse or hide text there, and a screened word is refused as in pledges."""
    from cms.models import SensitiveWord

    SensitiveWord.objects.create(word="赌博")
    user = django_user_model.objects.create_user("mingzi", password="x")
    form = {"user": user.pk, "organisation": branch.pk, "role": "member"}
    refused = admin_client.post("/admin/members/new/", {**form, "name": "賭\u200b博"})
    assert refused.status_code == 200 and "不能使用" in refused.content.decode()
    blank = admin_client.post("/admin/members/new/", {**form, "name": "\u202e\u200b"})
    assert blank.status_code == 200 and not Member.objects.filter(user=user).exists()
    response = admin_client.post("/admin/members/new/", {**form, "name": "王\u202e新\u200b"})
    assert response.status_code == 302
    assert Member.objects.get(user=user).name == "王新"
    # Whoever saves a member (an import, a script) stores the same clean name.
    member = Member.objects.get(user=user)
    member.name = "\u2066李\u00ad四\u2069"
    member.save()
    member.refresh_from_db()
    assert member.name == "李四"
