"""Organisation administrators (组织管理员) in the Wagtail admin: superusers grant the role on a
node; its holder manages members, assignments and pledge moderation of that subtree only.

Everything goes through the real admin URLs with the Django test client."""

import datetime
from types import SimpleNamespace

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from cms.models import (
    Member,
    OrganisationAdministrator,
    OrganisationKind,
    Pledge,
    PledgeStatus,
)
from cms.organisation_access import (
    GROUP_NAME,
    administered_organisations,
    organisation_administrator_grant,
    organisation_administrator_revoke,
)
from cms.services import ensure_organisation
from learning.models import Assignment
from tests.branch.conftest import make_member, pledge
from tests.learning.conftest import make_lecture

pytestmark = pytest.mark.django_db

MEMBERS = "/admin/members/"
ASSIGNMENTS = "/admin/snippets/learning/assignment/"
QUEUE = "/admin/pledges/moderation/"
GRANTS = "/admin/organisation-administrators/"


@pytest.fixture
def t(demo_site):
    """测试镇党委 with branch A (东村, and its party group) and branch B (西村); members,
    an assignment and a pledge waiting for review on each side; A's administrator."""
    Pledge.objects.all().delete()
    region = "北京市密云区"
    town = ensure_organisation("测试镇党委", OrganisationKind.COMMITTEE, region)
    a = ensure_organisation("东村党支部", OrganisationKind.BRANCH, region, town)
    a_group = ensure_organisation("东村第一党小组", OrganisationKind.GROUP, region, a)
    b = ensure_organisation("西村党支部", OrganisationKind.BRANCH, region, town)
    town.refresh_from_db()
    a.refresh_from_db()
    t = SimpleNamespace(town=town, a=a, a_group=a_group, b=b)
    t.a1 = make_member("a1", a, name="东一")
    t.a2 = make_member("a2", a_group, name="东二")
    t.b1 = make_member("b1", b, name="西一")
    lecture = make_lecture([("reading", 60)], title="红船精神")
    t.lecture = lecture
    due = timezone.localdate() + datetime.timedelta(days=10)
    t.a_task = Assignment.objects.create(lecture=lecture, organisation=a, due_on=due, note="东村")
    t.b_task = Assignment.objects.create(lecture=lecture, organisation=b, due_on=due, note="西村")
    t.a_pledge, t.b_pledge = (
        pledge(member, status=PledgeStatus.SUBMITTED, due_on=due, text=text)
        for member, text in [(t.a1, "东村承诺走访十户"), (t.b1, "西村承诺修好水渠")]
    )
    users = get_user_model().objects
    t.superuser = users.create_superuser("root", password="pw-root")
    t.admin_a = users.create_user("admin_a", password="pw-admin-a")
    organisation_administrator_grant(user=t.admin_a, organisation=a, granted_by=t.superuser)
    t.nobody = users.create_user("nobody", password="pw-nobody")
    return t


def as_user(client, user):
    client.force_login(user)
    return client


def member_form(member, **changes):
    data = {
        "name": member.name,
        "organisation": member.organisation_id,
        "role": member.role,
        "joined_party_on": "",
        "user": member.user_id,
        "new_username": "",
        "new_password": "",
    }
    return {**data, **changes}


# --- the role ----------------------------------------------------------------------------


def test_grant_and_revoke_follow_the_group(t):
    group = Group.objects.get(name=GROUP_NAME)  # made by the migration
    assert group.permissions.filter(codename="access_admin").exists()
    assert t.admin_a.groups.filter(pk=group.pk).exists()
    second = organisation_administrator_grant(
        user=t.admin_a, organisation=t.b, granted_by=t.superuser
    )
    assert set(administered_organisations(t.admin_a)) == {t.a, t.a_group, t.b}
    organisation_administrator_revoke(grant=second, revoked_by=t.superuser)
    assert t.admin_a.groups.filter(pk=group.pk).exists()  # A is still granted
    organisation_administrator_revoke(
        grant=OrganisationAdministrator.objects.get(user=t.admin_a), revoked_by=t.superuser
    )
    assert not t.admin_a.groups.filter(pk=group.pk).exists()
    assert not administered_organisations(t.admin_a).exists()
    assert administered_organisations(t.superuser).count() > 4


def test_superuser_grants_and_revokes_in_the_admin(client, t):
    as_user(client, t.superuser)
    page = client.get(GRANTS).content.decode()
    assert "组织管理员" in page and "admin_a" in page
    response = client.post(GRANTS + "new/", {"user": t.nobody.pk, "organisation": t.b.pk})
    assert response.status_code == 302
    grant = OrganisationAdministrator.objects.get(user=t.nobody)
    assert (grant.organisation, grant.granted_by) == (t.b, t.superuser)
    assert t.nobody.groups.filter(name=GROUP_NAME).exists()
    again = client.post(GRANTS + "new/", {"user": t.nobody.pk, "organisation": t.b.pk})
    assert "该用户已是这个组织的管理员" in again.content.decode()
    client.post(GRANTS + f"delete/{grant.pk}/")
    assert not OrganisationAdministrator.objects.filter(user=t.nobody).exists()
    assert not t.nobody.groups.filter(name=GROUP_NAME).exists()


def test_an_organisation_administrator_cannot_grant(client, t):
    as_user(client, t.admin_a)
    assert client.get(GRANTS).status_code in (302, 403)
    response = client.post(GRANTS + "new/", {"user": t.admin_a.pk, "organisation": t.town.pk})
    assert response.status_code in (302, 403)
    grant = OrganisationAdministrator.objects.get(user=t.admin_a)
    assert client.post(GRANTS + f"delete/{grant.pk}/").status_code in (302, 403)
    assert list(OrganisationAdministrator.objects.filter(user=t.admin_a)) == [grant]
    assert "/admin/organisation-administrators/" not in client.get("/admin/").content.decode()


def test_a_user_without_a_grant_reaches_none_of_it(client, t):
    as_user(client, t.nobody)
    for url in (MEMBERS, f"{MEMBERS}edit/{t.a1.pk}/", ASSIGNMENTS, QUEUE, GRANTS):
        response = client.get(url)
        assert response.status_code == 302 and "/admin/login/" in response["Location"], url


# --- members -----------------------------------------------------------------------------


def test_lists_and_searches_only_the_subtree(client, t):
    as_user(client, t.admin_a)
    html = client.get(MEMBERS).content.decode()
    assert "东一" in html and "东二" in html
    assert "西一" not in html and "外人" not in html
    assert Member.objects.exclude(organisation__path__startswith=t.a.path).exists()
    # Searching (the page echoes the query, so look for the member's link).
    b1_link, a1_link = f"{MEMBERS}edit/{t.b1.pk}/", f"{MEMBERS}edit/{t.a1.pk}/"
    assert b1_link not in client.get(MEMBERS + "?q=西一").content.decode()
    assert b1_link not in client.get(MEMBERS + "results/?q=b1").content.decode()
    assert a1_link in client.get(MEMBERS + "results/?q=a1").content.decode()
    menu = client.get("/admin/").content.decode()
    assert MEMBERS in menu and QUEUE in menu and ASSIGNMENTS in menu


def test_another_subtrees_member_is_not_found(client, t):
    as_user(client, t.admin_a)
    for view in ("edit", "inspect", "delete", "history", "usage"):
        assert client.get(f"{MEMBERS}{view}/{t.b1.pk}/").status_code == 404, view
        assert client.get(f"{MEMBERS}{view}/{t.a2.pk}/").status_code == 200, view
    assert client.post(f"{MEMBERS}delete/{t.b1.pk}/").status_code == 404
    assert Member.objects.filter(pk=t.b1.pk).exists()


def test_crafted_post_cannot_move_a_member_out_of_the_subtree(client, t):
    as_user(client, t.admin_a)
    response = client.post(
        f"{MEMBERS}edit/{t.a1.pk}/", member_form(t.a1, organisation=t.b.pk, name="东一改")
    )
    assert response.status_code == 200
    assert "选择一个有效的选项" in response.content.decode()
    t.a1.refresh_from_db()
    assert (t.a1.organisation, t.a1.name) == (t.a, "东一")
    # Nor into the parent: the town is above the administered node.
    client.post(f"{MEMBERS}edit/{t.a1.pk}/", member_form(t.a1, organisation=t.town.pk))
    t.a1.refresh_from_db()
    assert t.a1.organisation == t.a


def test_moves_and_creates_within_the_subtree(client, t):
    as_user(client, t.admin_a)
    form = client.get(f"{MEMBERS}new/").content.decode()
    assert "东村第一党小组" in form and "西村党支部" not in form and "测试镇党委" not in form
    response = client.post(
        f"{MEMBERS}edit/{t.a1.pk}/", member_form(t.a1, organisation=t.a_group.pk)
    )
    assert response.status_code == 302
    t.a1.refresh_from_db()
    assert t.a1.organisation == t.a_group
    new = {"name": "东三", "organisation": t.a.pk, "role": "member", "joined_party_on": ""}
    refused = client.post(
        f"{MEMBERS}new/",
        {**new, "organisation": t.b.pk, "new_username": "b9", "new_password": "Xf-long-pass-9"},
    )
    assert refused.status_code == 200
    assert not get_user_model().objects.filter(username="b9").exists()
    # An existing account without a member (here: the superuser's) is not offered to link.
    linked = client.post(f"{MEMBERS}new/", {**new, "user": t.nobody.pk})
    assert linked.status_code == 200 and not Member.objects.filter(user=t.nobody).exists()
    created = client.post(
        f"{MEMBERS}new/", {**new, "new_username": "a3", "new_password": "Xf-long-pass-3"}
    )
    assert created.status_code == 302
    assert Member.objects.get(user__username="a3").organisation == t.a


def test_superuser_still_sees_and_moves_everyone(client, t):
    as_user(client, t.superuser)
    html = client.get(MEMBERS).content.decode()
    assert "东一" in html and "西一" in html
    assert client.get(f"{MEMBERS}edit/{t.b1.pk}/").status_code == 200
    client.post(f"{MEMBERS}edit/{t.a1.pk}/", member_form(t.a1, organisation=t.b.pk))
    t.a1.refresh_from_db()
    assert t.a1.organisation == t.b


# --- assignments -------------------------------------------------------------------------


def assignment_form(task, **changes):
    data = {
        "lecture": task.lecture_id,
        "organisation": task.organisation_id,
        "due_on": task.due_on.isoformat(),
        "note": task.note,
    }
    return {**data, **changes}


def test_assignments_of_the_subtree_only(client, t):
    as_user(client, t.admin_a)
    html = client.get(ASSIGNMENTS).content.decode()
    assert "东村党支部" in html and "西村党支部" not in html
    for view in ("edit", "delete", "history", "usage", "copy"):
        assert client.get(f"{ASSIGNMENTS}{view}/{t.b_task.pk}/").status_code == 404, view
    assert client.get(f"{ASSIGNMENTS}edit/{t.a_task.pk}/").status_code == 200
    response = client.post(
        f"{ASSIGNMENTS}edit/{t.a_task.pk}/", assignment_form(t.a_task, organisation=t.b.pk)
    )
    assert "选择一个有效的选项" in response.content.decode()
    t.a_task.refresh_from_db()
    assert t.a_task.organisation == t.a
    other = make_lecture([("reading", 60)], title="西村专题")
    refused = client.post(
        f"{ASSIGNMENTS}add/", assignment_form(t.b_task, lecture=other.pk, note="越权")
    )
    assert refused.status_code == 200 and not Assignment.objects.filter(note="越权").exists()
    created = client.post(
        f"{ASSIGNMENTS}add/",
        assignment_form(t.a_task, lecture=other.pk, organisation=t.a_group.pk, note="小组"),
    )
    assert created.status_code == 302
    assert Assignment.objects.get(note="小组").organisation == t.a_group


def test_bulk_delete_spares_other_subtrees(client, t):
    as_user(client, t.admin_a)
    url = f"/admin/bulk/learning/assignment/delete/?id={t.a_task.pk}&id={t.b_task.pk}"
    client.post(url)
    assert not Assignment.objects.filter(pk=t.a_task.pk).exists()
    assert Assignment.objects.filter(pk=t.b_task.pk).exists()


def test_the_assignment_chooser_offers_the_subtree_only(client, t):
    as_user(client, t.admin_a)
    chooser = "/admin/snippets/choose/learning/assignment/"
    html = client.get(chooser + "results/").content.decode()
    assert "东村党支部" in html and "西村党支部" not in html
    assert client.get(f"{chooser}chosen/{t.b_task.pk}/").status_code == 404
    assert client.get(f"{chooser}chosen/{t.a_task.pk}/").status_code == 200
    many = client.get(f"{chooser}chosen-multiple/?id={t.a_task.pk}&id={t.b_task.pk}").json()
    assert [item["id"] for item in many["result"]] == [str(t.a_task.pk)]


# --- pledge moderation -------------------------------------------------------------------


def test_moderation_queue_of_the_subtree_only(client, t):
    as_user(client, t.admin_a)
    html = client.get(QUEUE).content.decode()
    assert "东村承诺走访十户" in html and "西村承诺修好水渠" not in html
    # A crafted POST naming B's pledge moderates nothing; A's is approved.
    client.post(QUEUE, {"action": "approve", "pledges": [t.b_pledge.pk], "back": QUEUE})
    client.post(QUEUE, {"approve_one": t.b_pledge.pk, "back": QUEUE})
    t.b_pledge.refresh_from_db()
    assert t.b_pledge.status == PledgeStatus.SUBMITTED
    client.post(QUEUE, {"action": "approve", "pledges": [t.a_pledge.pk], "back": QUEUE})
    t.a_pledge.refresh_from_db()
    assert (t.a_pledge.status, t.a_pledge.moderated_by) == (PledgeStatus.APPROVED, t.admin_a)


def test_superuser_moderates_every_pledge(client, t):
    as_user(client, t.superuser)
    html = client.get(QUEUE).content.decode()
    assert "东村承诺走访十户" in html and "西村承诺修好水渠" in html


def test_bulk_delete_confirmation_names_nothing_outside(client, t):
    as_user(client, t.admin_a)
    url = f"/admin/bulk/learning/assignment/delete/?id={t.a_task.pk}&id={t.b_task.pk}"
    html = client.get(url).content.decode()
    assert "东村党支部" in html and "西村党支部" not in html


# --- demo --------------------------------------------------------------------------------


def test_the_demo_secretary_administers_their_town(client, demo_site):
    from learning.branch.demo import SECRETARY_USERNAME, load_demo_branch

    load_demo_branch(log=lambda message: None)
    shuji = get_user_model().objects.get(username=SECRETARY_USERNAME)
    town = shuji.member.organisation
    assert OrganisationAdministrator.objects.filter(user=shuji, organisation=town).exists()
    as_user(client, shuji)
    html = client.get(MEMBERS).content.decode()
    assert "陈书记" in html
    outside = Member.objects.exclude(organisation__path__startswith=town.path).first()
    assert client.get(f"{MEMBERS}edit/{outside.pk}/").status_code == 404
    load_demo_branch(log=lambda message: None)  # a second run grants nothing twice
    assert OrganisationAdministrator.objects.filter(user=shuji).count() == 1
