"""The selection's rules, through its services: stage order, one rating per rater and
candidate, who rates, a reason for every change, objections, and the honour on a profile."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from tests.selections.conftest import FIVE, THREE, move_to, submit

pytestmark = pytest.mark.django_db


def services():
    from learning.selections import services

    return services


def test_stage_order_is_enforced_with_chinese_errors(sel):
    t = sel
    s = services()
    candidate = submit(t, t.e1)
    # No rating or recommendation while self-assessment is still open.
    with pytest.raises(ValidationError, match="自评结束后"):
        s.rating_set(candidate=candidate, rater=t.east_secretary, stars=FIVE)
    with pytest.raises(ValidationError):
        s.candidate_recommend(candidate=candidate, member=t.east_secretary, recommended=True)
    with pytest.raises(ValidationError):
        s.candidate_decide(candidate=candidate, user=t.town_secretary.user, chosen=True)
    move_to(t.selection, "recommendation")
    # Self-assessment has closed.
    with pytest.raises(ValidationError):
        submit(t, t.e2)
    s.rating_set(candidate=candidate, rater=t.east_secretary, stars=FIVE)
    s.candidate_recommend(candidate=candidate, member=t.east_secretary, recommended=True)
    with pytest.raises(ValidationError):
        s.notice_publish(selection=t.selection, user=t.town_secretary.user)
    move_to(t.selection, "review")
    with pytest.raises(ValidationError):
        s.rating_set(candidate=candidate, rater=t.east_secretary, stars=THREE)
    candidate.refresh_from_db()
    s.candidate_decide(candidate=candidate, user=t.town_secretary.user, chosen=True)
    now = timezone.now()
    s.notice_publish(selection=t.selection, user=t.town_secretary.user, now=now)
    # No result before the notice ends.
    with pytest.raises(ValidationError, match="公示"):
        s.selection_finalise(selection=t.selection, user=t.town_secretary.user, now=now)
    later = now + datetime.timedelta(days=t.selection.notice_days, seconds=1)
    with pytest.raises(ValidationError):
        s.objection_raise(
            candidate=candidate, text="异议内容五个字", contact="13800000000", now=later
        )
    s.selection_finalise(selection=t.selection, user=t.town_secretary.user, now=later)


def test_no_result_while_an_objection_is_unanswered(shortlisted):
    t = shortlisted
    s = services()
    objection = s.objection_raise(
        candidate=t.c_e1, text="情况不属实，请核查。", contact="13800000000"
    )
    ended = timezone.now() + datetime.timedelta(days=4)
    with pytest.raises(ValidationError, match="异议"):
        s.selection_finalise(selection=t.selection, user=t.town_secretary.user, now=ended)
    # Only the opening committee answers: the branch secretary may not.
    with pytest.raises(PermissionDenied):
        s.objection_answer(objection=objection, user=t.east_secretary.user, answer="已核实")
    with pytest.raises(ValidationError):
        s.objection_answer(objection=objection, user=t.town_secretary.user, answer="  ")
    s.objection_answer(objection=objection, user=t.town_secretary.user, answer="经核实情况属实。")
    s.selection_finalise(selection=t.selection, user=t.town_secretary.user, now=ended)


def test_one_rating_per_rater_and_candidate(sel):
    from learning.selections.models import Rating

    t = sel
    candidate = submit(t, t.e1)
    move_to(t.selection, "recommendation")
    services().rating_set(candidate=candidate, rater=t.east_secretary, stars=FIVE)
    services().rating_set(candidate=candidate, rater=t.east_secretary, stars=THREE)
    assert Rating.objects.filter(candidate=candidate).count() == 1
    assert Rating.objects.get(candidate=candidate).stars == THREE
    with pytest.raises(IntegrityError), transaction.atomic():
        Rating.objects.create(candidate=candidate, rater=t.east_secretary, stars=FIVE)
    # The branch sees the combined result: the average of its raters.
    services().rating_set(candidate=candidate, rater=t.east_committee, stars=FIVE)
    from learning.selections.selectors import combined_stars

    assert combined_stars(candidate)["争先创优"] == 4.0


def test_only_committee_members_of_the_candidates_branch_rate(sel):
    t = sel
    c_e2 = submit(t, t.e2)  # in 东村第一党小组: rated by 东村党支部's committee
    c_sec = submit(t, t.east_secretary)
    move_to(t.selection, "recommendation")
    assert c_e2.branch == t.east
    for rater in (t.west_secretary, t.town_secretary, t.e1, t.outside_secretary):
        with pytest.raises(PermissionDenied):
            services().rating_set(candidate=c_e2, rater=rater, stars=FIVE)
    # Nobody rates themselves.
    with pytest.raises(PermissionDenied):
        services().rating_set(candidate=c_sec, rater=t.east_secretary, stars=FIVE)
    services().rating_set(candidate=c_e2, rater=t.east_committee, stars=FIVE)
    with pytest.raises(PermissionDenied):
        services().candidate_recommend(candidate=c_e2, member=t.west_secretary, recommended=True)


def test_bad_stars_and_statements_are_refused(sel):
    t = sel
    with pytest.raises(ValidationError):
        services().candidacy_submit(selection=t.selection, member=t.e1, statements={})
    with pytest.raises(ValidationError):
        services().candidacy_submit(
            selection=t.selection, member=t.e1, statements={"不存在": "x", "争先创优": "y"}
        )
    with pytest.raises(PermissionDenied):
        submit(t, t.outsider)  # a member outside the opening organisation's subtree
    candidate = submit(t, t.e1)
    move_to(t.selection, "recommendation")
    for stars in ({**FIVE, "争先创优": 6}, {"争先创优": 5}, {**FIVE, "争先创优": "many"}):
        with pytest.raises(ValidationError):
            services().rating_set(candidate=candidate, rater=t.east_secretary, stars=stars)


def test_a_change_from_the_recommendation_needs_a_reason(shortlisted):
    t = shortlisted
    s = services()
    t.selection.notice_published_at = None  # back in review for this test
    t.selection.save()
    t.c_w1.refresh_from_db()
    with pytest.raises(ValidationError, match="理由"):
        s.candidate_decide(candidate=t.c_w1, user=t.town_secretary.user, chosen=True)
    with pytest.raises(ValidationError, match="理由"):
        s.candidate_decide(candidate=t.c_e1, user=t.town_secretary.user, chosen=False)
    s.candidate_decide(
        candidate=t.c_w1, user=t.town_secretary.user, chosen=True, reason="群众评价突出"
    )
    with pytest.raises(PermissionDenied):
        s.candidate_decide(candidate=t.c_w1, user=t.east_secretary.user, chosen=False, reason="x")


def test_the_result_creates_a_draft_profile_and_updates_a_linked_one(shortlisted):
    from cms.models import ProfilePage
    from learning.models import InboxMessage, MessageKind

    t = shortlisted
    ended = timezone.now() + datetime.timedelta(days=4)
    assert not ProfilePage.objects.filter(member=t.e1).exists()
    services().selection_finalise(selection=t.selection, user=t.town_secretary.user, now=ended)
    t.c_e1.refresh_from_db()
    profile = t.c_e1.profile
    assert profile.member == t.e1 and not profile.live  # a draft, for an editor to publish
    honour = profile.get_latest_revision_as_object().honours[0]
    assert honour.block_type == "five_star"
    assert honour.value["conferred_by"] == "测试镇党委"
    assert honour.value["conferred_on"] == timezone.localdate(ended)
    # Average of 5 and 3, and of 5 and 3, and of 4 and 3 (3.5 rounds up).
    stars = {r["name"]: r["stars"] for r in honour.value["ratings"]}
    assert stars == {"争先创优": 4, "为民服务": 4, "敬业奉献": 4, "创新突破": 4, "业务攻坚": 4}
    assert InboxMessage.objects.filter(member=t.e1, kind=MessageKind.SELECTION).exists()
    assert InboxMessage.objects.filter(member=t.w1, kind=MessageKind.SELECTION).exists()


def test_an_honour_on_a_live_profile_is_published_and_rendered(demo_site):
    import datetime as dt

    from cms.honours import profile_honour_confer
    from cms.models import ProfilePage

    profile = ProfilePage.objects.live().first()
    before = len(profile.honours)
    profile_honour_confer(
        member_or_name=profile.title,
        stars={"争先创优": 5, "服务群众": 2},
        body="某某党委",
        conferred_on=dt.date(2026, 7, 1),
    )
    again = ProfilePage.objects.get(pk=profile.pk)
    assert again.live and len(again.honours) == before + 1
    html = again.honours[-1].render()
    assert "服务群众" in html and "某某党委" in html and html.count("star on") == 7
    # Conferred again (a corrected result): replaced, not added.
    profile_honour_confer(
        member_or_name=profile.title,
        stars={"争先创优": 4},
        body="某某党委",
        conferred_on=dt.date(2026, 7, 2),
    )
    assert len(ProfilePage.objects.get(pk=profile.pk).honours) == before + 1


def test_the_demo_has_a_completed_selection_with_published_honours(demo_site):
    from types import SimpleNamespace

    from learning.branch.demo import load_demo_branch
    from learning.selections.demo import load_demo_selection
    from learning.selections.models import ObjectionStatus, Selection

    # The tests' demo leaves out the branch workspace's members (learning.demo); add them.
    load_demo_branch(log=lambda message: None)
    load_demo_selection(SimpleNamespace(log=lambda message: None))

    selection = Selection.objects.get(title__startswith="河南寨镇", finalised_at__isnull=False)
    chosen = list(selection.candidates.filter(chosen=True).select_related("profile"))
    assert len(chosen) == 2
    for candidate in chosen:
        assert candidate.profile.live and not candidate.profile.has_unpublished_changes
        assert candidate.profile.honours[0].block_type == "five_star"
    objection = selection.candidates.get(objections__isnull=False).objections.get()
    assert objection.status == ObjectionStatus.ANSWERED


def test_evidence_links_only_the_members_own_platform_record(sel):
    from cms.models import Pledge
    from learning.service_tasks.models import ClaimStatus, ServiceTask, TaskClaim

    t = sel
    task = ServiceTask.objects.create(
        organisation=t.east, title="为独居老人送餐", due_on=timezone.localdate(), capacity=3
    )
    verified = TaskClaim.objects.create(task=task, member=t.e1, status=ClaimStatus.VERIFIED)
    pending = TaskClaim.objects.create(task=task, member=t.e3, status=ClaimStatus.VERIFIED)
    reported = TaskClaim.objects.create(task=task, member=t.e2, status=ClaimStatus.REPORTED)
    for claim in (pending, reported):  # another's, or not verified yet
        with pytest.raises(ValidationError):
            submit(t, t.e1, task_ids=[claim.pk])
    others = Pledge.objects.exclude(author=t.e1.user).values_list("pk", flat=True)[:1]
    with pytest.raises(ValidationError):
        submit(t, t.e1, pledge_ids=list(others))
    own = list(Pledge.objects.filter(author=t.e1.user).values_list("pk", flat=True))
    candidate = submit(t, t.e1, task_ids=[verified.pk], pledge_ids=own, include_study_record=True)
    assert list(candidate.tasks.all()) == [verified] and len(own) == candidate.pledges.count() == 1
    assert candidate.study_summary["lectures_completed"] == 1


def test_evidence_photos_are_real_pictures_under_random_names(sel):
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    t = sel
    with pytest.raises(ValidationError, match="照片"):
        submit(t, t.e1, photos=[SimpleUploadedFile("a.jpg", b"%PDF-1.4 not a photo")])
    assert not t.selection.candidates.exists()  # nothing written
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "red").save(buffer, "PNG")
    photo = SimpleUploadedFile("我的名字.jpg", buffer.getvalue(), "image/jpeg")
    candidate = submit(t, t.e1, photos=[photo])
    stored = candidate.photos.get().image.name
    assert stored.endswith(".png") and "我的名字" not in stored
