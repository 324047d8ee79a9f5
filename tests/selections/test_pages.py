"""The pages: every one answers 404 to another subtree, objections reach only the committee,
the public form is rate-limited, and bad input gets a Chinese message, never a 500."""

import pytest
from django.urls import reverse

from tests.selections.conftest import move_to

pytestmark = pytest.mark.django_db


def test_member_pages(sel, signed_in):
    t = sel
    client = signed_in(t.e1)
    page = client.get(reverse("selections:mine"))
    assert "测试镇五星党员评选" in page.content.decode()
    url = reverse("selections:assess", args=[t.selection.pk])
    form = {"d0": "带头评比", "d1": "上门服务"}
    response = client.post(url, form, follow=True)
    assert "自评已保存" in response.content.decode()
    assert t.selection.candidates.get().statements["争先创优"] == "带头评比"
    # Nothing written: a Chinese message, 400, no 500.
    response = client.post(url, {"d0": " "})
    assert response.status_code == 400 and "请至少在一个维度写明" in response.content.decode()
    # A member outside the town's subtree does not see the selection.
    assert signed_in(t.outsider).get(url).status_code == 404
    move_to(t.selection, "recommendation")
    response = signed_in(t.e1).post(url, form, follow=True)
    assert "只能在个人自评期间" in response.content.decode()


def _workspace_urls(t, candidate, objection=None):
    org = f"?org={t.east.pk}"
    urls = [
        ("get", reverse("selections:branch-detail", args=[t.selection.pk]) + org),
        ("get", reverse("selections:branch-candidate", args=[candidate.pk]) + org),
        ("post", reverse("selections:rate", args=[candidate.pk]) + org),
        ("post", reverse("selections:recommend", args=[candidate.pk]) + org),
        ("post", reverse("selections:decide", args=[candidate.pk]) + org),
        ("post", reverse("selections:publish", args=[t.selection.pk]) + org),
        ("post", reverse("selections:finalise", args=[t.selection.pk]) + org),
    ]
    if objection is not None:
        urls.append(("post", reverse("selections:answer", args=[objection.pk]) + org))
    return urls


def test_every_workspace_page_is_404_for_another_subtree(shortlisted, signed_in):
    from learning.selections.services import objection_raise

    t = shortlisted
    objection = objection_raise(candidate=t.c_e1, text="请核实此人事迹。", contact="13900000000")
    # The secretary of a branch outside the town: another subtree, 404 everywhere.
    outside = signed_in(t.outside_secretary)
    for method, url in _workspace_urls(t, t.c_e1, objection):
        assert getattr(outside, method)(url).status_code == 404, url
    # 西村's secretary reaches the selection (opened above) but not 东村's candidate...
    west = signed_in(t.west_secretary)
    urls = [
        (method, url.replace(f"org={t.east.pk}", f"org={t.west.pk}"))
        for method, url in _workspace_urls(t, t.c_e1, objection)
    ]
    for method, url in urls[1:5] + urls[7:]:
        assert getattr(west, method)(url).status_code == 404, url
    # ... and may not take the committee's steps (refused with a message, nothing changes).
    response = west.post(urls[5][1], follow=True)
    assert "只有发起评选的党组织委员会" in response.content.decode()
    # A plain member has no workspace at all.
    assert signed_in(t.e3).get(_workspace_urls(t, t.c_e1)[0][1]).status_code == 403
    # An evidence photo's address: 404 to others as well.
    from django.core.files.uploadedfile import SimpleUploadedFile

    from learning.selections.models import EvidencePhoto

    photo = EvidencePhoto.objects.create(
        candidate=t.c_e1, image=SimpleUploadedFile("a.png", b"\x89PNG", "image/png")
    )
    url = reverse("selections:photo", args=[photo.pk])
    assert signed_in(t.outside_secretary).get(url).status_code == 404
    assert signed_in(t.w1).get(url).status_code == 404
    assert signed_in(t.e1).get(url).status_code == 200


def test_objections_reach_only_the_committee(shortlisted, signed_in, client):
    t = shortlisted
    notice = reverse("selections:notice", args=[t.selection.pk])
    client.logout()
    page = client.get(notice)
    assert "东一" in page.content.decode() and "西一" not in page.content.decode()
    response = client.post(
        notice, {"candidate": t.c_e1.pk, "text": "此人去年有违规行为。", "contact": "13700000000"}
    )
    assert response.status_code == 302
    detail = reverse("selections:branch-detail", args=[t.selection.pk])
    committee = signed_in(t.town_secretary).get(detail).content.decode()
    assert "此人去年有违规行为" in committee and "13700000000" in committee
    for member in (t.east_secretary, t.west_secretary):
        page = signed_in(member).get(f"{detail}?org={member.organisation.pk}").content.decode()
        assert "此人去年有违规行为" not in page and "13700000000" not in page
    assert "此人去年有违规行为" not in client.get(notice).content.decode()


def test_objections_are_rate_limited_and_checked(shortlisted, client, settings):
    t = shortlisted
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "selection_objection": "2/hour"}
    notice = reverse("selections:notice", args=[t.selection.pk])
    bad = client.post(notice, {"candidate": t.c_w1.pk, "text": "不在名单上的人", "contact": "1"})
    assert bad.status_code == 400  # not on the notice: a form error, no 500
    short = client.post(notice, {"candidate": t.c_e1.pk, "text": "短", "contact": "x"})
    assert short.status_code == 400 and "至少 5 个字" in short.content.decode()
    third = client.post(
        notice, {"candidate": t.c_e1.pk, "text": "第三条异议内容", "contact": "13700000000"}
    )
    assert third.status_code == 429


def test_bad_input_to_workspace_pages_is_never_a_500(shortlisted, signed_in):
    t = shortlisted
    client = signed_in(t.town_secretary)
    detail = reverse("selections:branch-detail", args=[t.selection.pk])
    assert client.get(f"{detail}?org=abc").status_code == 404
    assert client.get(f"{detail}?org=%EF%BC%93").status_code == 404
    decide = reverse("selections:decide", args=[t.c_w1.pk])
    response = client.post(decide, {"chosen": "maybe"}, follow=True)
    assert "请选择" in response.content.decode()
    response = client.post(decide, {"chosen": "1", "reason": ""}, follow=True)
    assert "只能在党委审核阶段" in response.content.decode()  # the notice is running
    opened = reverse("selections:branch-open")
    response = client.post(opened, {"year": "x", "dimensions": ""})
    assert response.status_code == 400
    day = "2026-01-0"
    response = client.post(
        opened,
        {
            "year": 2026,
            "dimensions": "甲\n甲",
            "quota": 1,
            "notice_days": 5,
            "self_assessment_opens_on": f"{day}5",
            "self_assessment_closes_on": f"{day}1",
            "recommendation_closes_on": f"{day}6",
            "review_closes_on": f"{day}7",
        },
    )
    assert response.status_code == 400 and "依次衔接" in response.content.decode()


def test_sections_on_the_workspace_and_the_record(shortlisted, signed_in):
    t = shortlisted
    overview = signed_in(t.east_secretary).get(reverse("branch:overview")).content.decode()
    assert "测试镇五星党员评选" in overview and "公示" in overview
    assert 'data-section="selections"' in overview
    listing = signed_in(t.east_secretary).get(reverse("selections:branch-list")).content.decode()
    assert "测试镇五星党员评选" in listing
    record = signed_in(t.e1).get(reverse("learning:record")).content.decode()
    assert "data-my-honours" in record


def test_admin_screens_follow_the_organisation_tree(sel, client):
    from django.contrib.auth import get_user_model

    from cms.organisation_access import organisation_administrator_grant

    t = sel
    edit = reverse("selection-admin:edit", args=[t.selection.pk])
    admin = get_user_model().objects.create_superuser("sel_admin", "a@example.cn", "x")
    client.force_login(admin)
    assert client.get(reverse("selection-admin:index")).status_code == 200
    assert client.get(edit).status_code == 200
    west_admin = get_user_model().objects.create_user("west_admin", password="x")
    organisation_administrator_grant(user=west_admin, organisation=t.west)
    client.force_login(west_admin)
    assert "测试镇五星党员评选" not in client.get(reverse("selection-admin:index")).content.decode()
    assert client.get(edit).status_code == 404
    town_admin = get_user_model().objects.create_user("town_admin", password="x")
    organisation_administrator_grant(user=town_admin, organisation=t.town)
    client.force_login(town_admin)
    assert client.get(edit).status_code == 200
