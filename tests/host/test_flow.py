"""党员找组织 end to end through the pages: apply → accept/decline → end, with inbox messages."""

import pytest

from cms.models import HostMembership, HostStatus

pytestmark = pytest.mark.django_db


def inbox(member):
    from learning.models import InboxMessage, MessageKind

    return list(
        InboxMessage.objects.filter(member=member, kind=MessageKind.HOST_ORGANISATION)
        .order_by("pk")
        .values_list("title", flat=True)
    )


def apply(client, organisation, workplace="嘉兴市南湖区物流园", message="在此务工"):
    return client.post(
        "/host/apply/",
        {"organisation": organisation.pk, "workplace": workplace, "message": message},
    )


def test_apply_accept_end_with_messages(hosts, signed_in, django_capture_on_commit_callbacks):
    t = hosts.tree
    client = signed_in(t.e1)
    page = client.get("/host/")
    assert page.status_code == 200
    assert "北区流动党总支" in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = apply(client, hosts.north)
    assert response.status_code == 302
    membership = HostMembership.objects.get(member=t.e1)
    assert membership.status == HostStatus.APPLIED
    assert inbox(hosts.north_secretary) == ["东一申请加入北区流动党总支"]
    assert inbox(hosts.south_secretary) == []

    secretary = signed_in(hosts.north_secretary)
    listing = secretary.get("/host/manage/")
    assert "东一" in listing.content.decode() and "嘉兴市南湖区物流园" in listing.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = secretary.post(f"/host/manage/{membership.pk}/accept/")
    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.status == HostStatus.ACCEPTED and membership.since is not None
    assert membership.decided_by == hosts.north_secretary.user
    assert inbox(t.e1) == ["北区流动党总支已接收你"]

    # The home secretary sees the hosting (双重管理), on the host page and in the branch report.
    home = signed_in(t.east_secretary)
    assert "北区流动党总支" in home.get("/host/manage/").content.decode()
    assert "本组织流出：1" in home.get("/branch/").content.decode()
    assert "北区流动党总支 · 已接收" in signed_in(t.e1).get("/me/").content.decode()

    client = signed_in(t.e1)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/host/{membership.pk}/end/", {"reason": "回乡了"})
    membership.refresh_from_db()
    assert membership.status == HostStatus.ENDED and membership.until is not None
    assert membership.ended_by == t.e1.user and membership.reason == "回乡了"
    assert len(inbox(t.east_secretary)) == 1 and len(inbox(hosts.north_secretary)) == 2
    assert len(inbox(t.e1)) == 1  # the member ended it: no message to themselves


def test_decline_needs_a_reason_and_tells_the_member(
    hosts, signed_in, django_capture_on_commit_callbacks
):
    t = hosts.tree
    with django_capture_on_commit_callbacks(execute=True):
        apply(signed_in(t.w1), hosts.south)
    membership = HostMembership.objects.get(member=t.w1)
    secretary = signed_in(hosts.south_secretary)
    response = secretary.post(f"/host/manage/{membership.pk}/decline/", {"reason": "  "})
    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.status == HostStatus.APPLIED
    assert "请给申请人一个理由" in secretary.get("/host/manage/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        secretary.post(f"/host/manage/{membership.pk}/decline/", {"reason": "不在本区务工"})
    membership.refresh_from_db()
    assert membership.status == HostStatus.DECLINED and membership.reason == "不在本区务工"
    messages = inbox(t.w1)
    assert len(messages) == 1
    # Declined: the member may apply again, elsewhere or here.
    assert apply(signed_in(t.w1), hosts.north).status_code == 302


def test_one_open_application_and_one_host(hosts, signed_in):
    t = hosts.tree
    client = signed_in(t.e3)
    assert apply(client, hosts.north).status_code == 302
    again = apply(client, hosts.south)
    assert again.status_code == 400
    assert "北区流动党总支" in again.content.decode()  # "still waiting for an answer" from it
    membership = HostMembership.objects.get(member=t.e3)
    signed_in(hosts.north_secretary).post(f"/host/manage/{membership.pk}/accept/")
    client = signed_in(t.e3)
    assert apply(client, hosts.south).status_code == 400
    assert HostMembership.objects.filter(member=t.e3).count() == 1


def test_bad_input_is_a_chinese_error_never_500(hosts, signed_in):
    t = hosts.tree
    client = signed_in(t.e2)
    for data in [
        {"organisation": hosts.north.pk, "workplace": ""},
        {"organisation": hosts.north.pk, "workplace": "\u200b\u202e"},
        {"organisation": hosts.north.pk, "workplace": "x" * 201},
        {"organisation": "abc", "workplace": "嘉兴"},
        {"organisation": t.west.pk, "workplace": "嘉兴"},  # not a host organisation
        {"organisation": 99999999999999, "workplace": "嘉兴"},
        {},
    ]:
        response = client.post("/host/apply/", data)
        assert response.status_code == 400, data
        assert 'class="errorlist' in response.content.decode()
    assert not HostMembership.objects.filter(member=t.e2).exists()
    assert client.get("/host/apply/").status_code == 405
    # Not a member (an editor's account): a clear refusal, not a crash.
    from django.contrib.auth import get_user_model

    editor = get_user_model().objects.create_user("editor_only", password="x")
    client.force_login(editor)
    assert client.get("/host/").status_code == 403
    assert client.get("/host/manage/").status_code == 403


def test_applying_to_own_line_is_refused(hosts, signed_in):
    from tests.branch.conftest import make_member

    inside = make_member("inside", hosts.north, name="内人")
    response = apply(signed_in(inside), hosts.mobile)  # the parent of their own home
    assert response.status_code == 400
    assert not HostMembership.objects.filter(member=inside).exists()
