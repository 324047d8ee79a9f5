"""The points ledger is append-only, in the admin too; a correction is a reversing entry."""

import pytest
from django.contrib.auth.models import Group, Permission

from learning.models import PointsEntry, PointsRule
from learning.services.errors import StudyError
from learning.services.points import award_points, points_entry_reverse
from tests.learning.conftest import make_member

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_user(demo_site):
    from cms.demo import ensure_admin

    return ensure_admin()


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(admin_user)
    return client


@pytest.fixture
def entry(member):
    return award_points(
        member, "lecture_completed", "lecture:1:member:1", points=10, note="红船精神"
    )[0]


def test_the_admin_offers_no_edit_or_delete_of_an_entry(admin_client, entry, branch):
    other = make_member("other", branch)
    html = admin_client.get("/admin/points-ledger/").content.decode()
    assert "PointsEntry object" not in html
    assert f"/admin/points-ledger/edit/{entry.pk}/" not in html
    assert f"/admin/points-ledger/delete/{entry.pk}/" not in html
    assert "/admin/points-ledger/new/" not in html
    assert f"/admin/points-ledger/reverse/{entry.pk}/" in html
    for url in (
        f"/admin/points-ledger/edit/{entry.pk}/",
        f"/admin/points-ledger/delete/{entry.pk}/",
        "/admin/points-ledger/new/",
    ):
        assert admin_client.get(url).status_code == 404, url
        assert admin_client.post(url, {"member": other.pk}).status_code == 404, url
    entry.refresh_from_db()
    assert (
        entry.member_id != other.pk and PointsEntry.objects.filter(member=entry.member).count() == 1
    )
    inspect = admin_client.get(f"/admin/points-ledger/inspect/{entry.pk}/")
    assert inspect.status_code == 200 and "张党员" in inspect.content.decode()


def test_the_policy_refuses_writes_even_to_superusers(admin_user):
    from wagtail.permissions import policy_registry

    policy = policy_registry.get_by_type(PointsEntry)
    assert admin_user.is_superuser
    assert not any(
        policy.user_has_permission(admin_user, action) for action in ("add", "change", "delete")
    )
    assert policy.user_has_permission(admin_user, "view")


def test_an_entry_reads_well(entry):
    assert str(entry) == f"张党员 · 党课已完成 · +10（{entry.created_at.date().isoformat()}）"


def test_an_administrator_reverses_an_entry_with_a_reason(
    admin_client, admin_user, entry, member, client
):
    form = admin_client.get(f"/admin/points-ledger/reverse/{entry.pk}/")
    assert form.status_code == 200 and "冲正" in form.content.decode()
    assert (
        admin_client.post(f"/admin/points-ledger/reverse/{entry.pk}/", {"reason": " "}).status_code
        == 200
    )  # a reason is required
    assert PointsEntry.objects.filter(member=entry.member).count() == 1
    done = admin_client.post(
        f"/admin/points-ledger/reverse/{entry.pk}/", {"reason": "重复记分，系统故障"}
    )
    assert done.status_code == 302
    correction = PointsEntry.objects.get(reverses=entry)
    assert (
        correction.member,
        correction.points,
        correction.ledger,
        correction.reason,
        correction.note,
        correction.created_by,
    ) == (member, -10, "base", "reversal", "重复记分，系统故障", admin_user)
    again = admin_client.post(f"/admin/points-ledger/reverse/{entry.pk}/", {"reason": "再来一次"})
    assert again.status_code == 200 and "已经冲正" in again.content.decode()
    assert PointsEntry.objects.filter(member=entry.member).count() == 2
    html = admin_client.get("/admin/points-ledger/").content.decode()
    assert f"/admin/points-ledger/reverse/{entry.pk}/" not in html
    assert f"/admin/points-ledger/reverse/{correction.pk}/" not in html

    client.force_login(member.user)
    record = client.get("/me/").content.decode()
    assert "重复记分，系统故障" in record and "冲正" in record
    assert '<p class="value" data-points-total>0</p>' in record


def test_only_administrators_may_reverse(entry, member, django_user_model, client):
    editor = django_user_model.objects.create_user("editor", password="x")
    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(editor)
    assert client.get(f"/admin/points-ledger/reverse/{entry.pk}/").status_code in (302, 403)
    assert client.post(
        f"/admin/points-ledger/reverse/{entry.pk}/", {"reason": "x"}
    ).status_code in (302, 403)
    with pytest.raises(StudyError) as refused:
        points_entry_reverse(entry=entry, reason="x", by=editor)
    assert refused.value.code == "forbidden"

    group = Group.objects.create(name="积分管理员")
    group.permissions.add(Permission.objects.get(codename="reverse_pointsentry"))
    editor = django_user_model.objects.get(pk=editor.pk)  # forget cached permissions
    editor.groups.add(group)
    editor = django_user_model.objects.get(pk=editor.pk)
    assert points_entry_reverse(entry=entry, reason="录入错误", by=editor).points == -10


def test_reversing_twice_or_a_correction_is_refused(entry, admin_user):
    correction = points_entry_reverse(entry=entry, reason="录入错误", by=admin_user)
    for target, code in ((entry, "already_reversed"), (correction, "is_correction")):
        with pytest.raises(StudyError) as refused:
            points_entry_reverse(entry=target, reason="again", by=admin_user)
        assert refused.value.code == code
    with pytest.raises(StudyError):
        points_entry_reverse(entry=entry, reason="", by=admin_user)
    assert PointsEntry.objects.filter(member=entry.member).count() == 2


def test_a_reversed_entry_frees_its_share_of_the_daily_cap(member, admin_user):
    PointsRule.objects.update_or_create(
        reason="service_task", defaults={"ledger": "service", "points": 10, "daily_cap": 20}
    )
    first = award_points(member, "service_task", "task:1")[0]
    award_points(member, "service_task", "task:2")
    points_entry_reverse(entry=first, reason="任务未完成", by=admin_user)
    assert award_points(member, "service_task", "task:3")[0].points == 10
    assert award_points(member, "service_task", "task:4")[0].points == 0
    assert sum(PointsEntry.objects.filter(member=member).values_list("points", flat=True)) == 20


def test_the_administrator_who_made_a_correction_can_still_be_deleted(entry, django_user_model):
    """Wagtail's user delete does not catch ProtectedError: the account goes, the correction
    and its reason stay."""
    admin = django_user_model.objects.create_superuser("jiaozheng", password="x")
    correction = points_entry_reverse(entry=entry, reason="录入错误", by=admin)
    admin.delete()
    correction.refresh_from_db()
    assert correction.created_by is None and correction.note == "录入错误"
    assert PointsEntry.objects.filter(member=entry.member).count() == 2
