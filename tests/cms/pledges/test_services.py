"""The pledge lifecycle through the services: post, moderate, progress, outcome, likes."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from cms.models import Pledge, PledgeStatus, SensitiveWord
from cms.pledges import services

pytestmark = pytest.mark.django_db
TEXT = "我承诺每月走访十户困难群众，帮助解决实际困难。"


def post(wall, user, due, text=TEXT, category="为民服务"):
    return services.post_pledge(wall=wall, user=user, text=text, category=category, due_on=due)


def test_full_lifecycle_before_mode(wall, member, editor, due):
    pledge = post(wall, member, due)
    assert pledge.status == PledgeStatus.SUBMITTED and not pledge.flagged
    assert pledge.member_name == "张三" and pledge.organisation_name == "雪水港村党总支"
    assert not Pledge.objects.public().filter(pk=pledge.pk).exists()

    services.moderate(pledge=pledge, editor=editor, approve=True)
    assert Pledge.objects.public().filter(pk=pledge.pk).exists()
    assert pledge.moderated_by == editor

    services.add_progress(pledge=pledge, user=member, text="已走访三户。")
    pledge.refresh_from_db()
    assert pledge.status == PledgeStatus.IN_PROGRESS
    assert list(pledge.updates.values_list("text", flat=True)) == ["已走访三户。"]

    services.report_outcome(pledge=pledge, user=member, fulfilled=True)
    pledge.refresh_from_db()
    assert pledge.status == PledgeStatus.FULFILLED and pledge.outcome_at is not None
    from cms.pledges.verdicts import pledge_branch_review
    from learning.models import PointsEntry

    # 评诺: the member's own report pays nothing; the branch's confirmation does, once.
    assert not PointsEntry.objects.filter(member=member.member).exists()
    pledge_branch_review(pledge=pledge, reviewer=editor, confirmed=True)
    points = PointsEntry.objects.get(member=member.member)
    assert points.reason == "pledge_fulfilled" and points.points > 0
    services.announce_confirmation(pledge=pledge)  # announced again: still paid once
    assert PointsEntry.objects.get(member=member.member) == points
    with pytest.raises(ValidationError):
        services.add_progress(pledge=pledge, user=member, text="再走访一户。")


def test_after_mode_publishes_at_once(wall, member, due):
    wall.moderation_mode = "after"
    wall.save()
    pledge = post(wall, member, due)
    assert pledge.status == PledgeStatus.APPROVED


def test_sensitive_word_holds_the_pledge_even_in_after_mode(wall, member, due):
    wall.moderation_mode = "after"
    wall.save()
    SensitiveWord.objects.create(word="违禁词")
    pledge = post(wall, member, due, text="我承诺坚决不说违 禁 词，做好本职工作。")
    assert pledge.status == PledgeStatus.SUBMITTED
    assert pledge.flagged and pledge.flagged_words == "违禁词"


def test_rejection_needs_a_reason_and_is_kept(wall, member, editor, due):
    pledge = post(wall, member, due)
    with pytest.raises(ValidationError) as error:
        services.moderate(pledge=pledge, editor=editor, approve=False, reason="  ")
    assert "理由" in str(error.value)
    services.moderate(pledge=pledge, editor=editor, approve=False, reason="内容不够具体")
    pledge.refresh_from_db()
    assert pledge.status == PledgeStatus.REJECTED and pledge.rejection_reason == "内容不够具体"
    with pytest.raises(ValidationError):
        services.add_progress(pledge=pledge, user=member, text="进展")


def test_a_member_without_permission_cannot_moderate(wall, member, other_member, due):
    pledge = post(wall, member, due)
    with pytest.raises(PermissionDenied):
        services.moderate(pledge=pledge, editor=other_member, approve=True)


def test_bulk_moderation_skips_what_does_not_fit(wall, member, other_member, editor, due):
    first, second = post(wall, member, due), post(wall, other_member, due)
    services.moderate(pledge=second, editor=editor, approve=True)
    done, skipped = services.bulk_moderate(pledges=[first, second], editor=editor, approve=True)
    assert [p.pk for p in done] == [first.pk] and [p.pk for p in skipped] == [second.pk]
    with pytest.raises(ValidationError):
        services.bulk_moderate(pledges=[first], editor=editor, approve=False, reason="")


@pytest.mark.parametrize("text,message", [("太短了", "至少"), ("长" * 301, "最多")])
def test_length_limits(wall, member, due, text, message):
    with pytest.raises(ValidationError) as error:
        post(wall, member, due, text=text)
    assert message in str(error.value)
    assert not Pledge.objects.exists()


def test_category_and_due_date_are_checked(wall, member, due):
    with pytest.raises(ValidationError):
        post(wall, member, due, category="不存在的类别")
    with pytest.raises(ValidationError) as error:
        post(wall, member, timezone.localdate() - datetime.timedelta(days=1))
    assert "过去" in str(error.value)


def test_per_member_limit_on_open_pledges(wall, member, due, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "pledge_created": "100/hour"}
    wall.max_pledges_per_member = 2
    wall.save()
    post(wall, member, due), post(wall, member, due)
    with pytest.raises(ValidationError) as error:
        post(wall, member, due)
    assert "2" in str(error.value)


def test_rate_limit_per_member(wall, member, other_member, due, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "pledge_created": "2/hour"}
    wall.max_pledges_per_member = 10
    wall.save()
    post(wall, member, due), post(wall, member, due)
    with pytest.raises(ValidationError) as error:
        post(wall, member, due)
    assert "太频繁" in str(error.value)
    post(wall, other_member, due)  # another member is not held back


def test_closed_wall_takes_no_pledges(wall, member, due):
    wall.closes_on = timezone.localdate() - datetime.timedelta(days=1)
    wall.save()
    with pytest.raises(ValidationError) as error:
        post(wall, member, due)
    assert "已关闭" in str(error.value)
    wall.opens_on = timezone.localdate() + datetime.timedelta(days=5)
    wall.closes_on = None
    wall.save()
    with pytest.raises(ValidationError):
        post(wall, member, due)


def test_only_members_may_post(wall, due):
    from django.contrib.auth.models import AnonymousUser

    with pytest.raises(PermissionDenied):
        post(wall, AnonymousUser(), due)
    plain = get_user_model().objects.create_user("plain")
    with pytest.raises(PermissionDenied) as error:
        post(wall, plain, due)
    assert "党员" in str(error.value)


def test_another_member_cannot_touch_my_pledge(wall, member, other_member, editor, due):
    pledge = post(wall, member, due)
    services.moderate(pledge=pledge, editor=editor, approve=True)
    with pytest.raises(PermissionDenied):
        services.add_progress(pledge=pledge, user=other_member, text="冒名进展")
    with pytest.raises(PermissionDenied):
        services.report_outcome(pledge=pledge, user=other_member, fulfilled=True)
    assert pledge.updates.count() == 0


def test_not_fulfilled_needs_an_explanation(wall, member, editor, due):
    pledge = post(wall, member, due)
    services.moderate(pledge=pledge, editor=editor, approve=True)
    with pytest.raises(ValidationError):
        services.report_outcome(pledge=pledge, user=member, fulfilled=False, note="")
    services.report_outcome(
        pledge=pledge, user=member, fulfilled=False, note="因工作调动未能完成，已交接给同事。"
    )
    pledge.refresh_from_db()
    assert pledge.status == PledgeStatus.NOT_FULFILLED
    from learning.models import PointsEntry

    assert not PointsEntry.objects.filter(member=member.member).exists()


def test_progress_with_sensitive_words_is_refused(wall, member, editor, due):
    SensitiveWord.objects.create(word="违禁词")
    pledge = post(wall, member, due)
    services.moderate(pledge=pledge, editor=editor, approve=True)
    with pytest.raises(ValidationError) as error:
        services.add_progress(pledge=pledge, user=member, text="提到违禁词的进展")
    assert "违禁词" in str(error.value)


def test_overdue_is_flagged(wall, member, editor, due):
    pledge = post(wall, member, due)
    services.moderate(pledge=pledge, editor=editor, approve=True)
    Pledge.objects.filter(pk=pledge.pk).update(
        due_on=timezone.localdate() - datetime.timedelta(days=1)
    )
    pledge.refresh_from_db()
    assert pledge.is_overdue and list(Pledge.objects.overdue()) == [pledge]
    services.report_outcome(pledge=pledge, user=member, fulfilled=True)
    pledge.refresh_from_db()
    assert not pledge.is_overdue


def test_likes_once_per_user_and_per_visitor(wall, member, other_member, editor, due, settings):
    pledge = post(wall, member, due)
    with pytest.raises(ValidationError):  # not public yet
        services.like(pledge=pledge, user=other_member)
    services.moderate(pledge=pledge, editor=editor, approve=True)
    assert services.like(pledge=pledge, user=other_member) == (True, 1)
    assert services.like(pledge=pledge, user=other_member) == (False, 1)
    from django.contrib.auth.models import AnonymousUser

    anon = AnonymousUser()
    assert services.like(pledge=pledge, user=anon, visitor_key="a" * 32, ip="10.0.0.1") == (True, 2)
    assert services.like(pledge=pledge, user=anon, visitor_key="a" * 32, ip="10.0.0.1") == (
        False,
        2,
    )
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "like_per_address": "3/hour"}
    assert services.like(pledge=pledge, user=anon, visitor_key="b" * 32, ip="10.0.0.1")[0]
    with pytest.raises(ValidationError) as error:
        services.like(pledge=pledge, user=anon, visitor_key="c" * 32, ip="10.0.0.1")
    assert "过多" in str(error.value) or "太多" in str(error.value)
    assert services.like(pledge=pledge, user=anon, visitor_key="c" * 32, ip="10.0.0.2")[0]
    pledge.refresh_from_db()
    assert pledge.like_count == pledge.likes.count() == 4


def test_illegal_transitions_are_refused(wall, member, editor, due, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "pledge_created": "100/hour"}
    submitted = post(wall, member, due)
    with pytest.raises(ValidationError):  # no progress before approval
        services.add_progress(pledge=submitted, user=member, text="提前的进展")
    with pytest.raises(ValidationError):
        services.report_outcome(pledge=submitted, user=member, fulfilled=True)
    services.moderate(pledge=submitted, editor=editor, approve=False, reason="不够具体")
    with pytest.raises(ValidationError):  # a rejected pledge cannot be fulfilled
        services.report_outcome(pledge=submitted, user=member, fulfilled=True)
    assert Pledge.objects.get(pk=submitted.pk).status == PledgeStatus.REJECTED


def test_a_stale_copy_cannot_moderate_or_report_twice(wall, member, editor, due):
    """Two editors (or a double-clicked form) holding the same pledge read before a change:
    the second action sees the current status, not its copy's."""
    pledge = post(wall, member, due)
    first_editor_copy, second_editor_copy = (
        Pledge.objects.get(pk=pledge.pk),
        Pledge.objects.get(pk=pledge.pk),
    )
    services.moderate(pledge=first_editor_copy, editor=editor, approve=True)
    with pytest.raises(ValidationError):
        services.moderate(pledge=second_editor_copy, editor=editor, approve=True)

    tab_one, tab_two = Pledge.objects.get(pk=pledge.pk), Pledge.objects.get(pk=pledge.pk)
    services.report_outcome(pledge=tab_one, user=member, fulfilled=True)
    with pytest.raises(ValidationError):
        services.report_outcome(
            pledge=tab_two, user=member, fulfilled=False, note="其实没有完成，改报未兑现。"
        )
    pledge.refresh_from_db()
    assert pledge.status == PledgeStatus.FULFILLED and pledge.outcome_note == ""


def test_progress_on_a_copy_read_before_rejection_is_refused(wall, member, editor, due):
    pledge = post(wall, member, due)
    services.moderate(pledge=pledge, editor=editor, approve=True)
    members_copy = Pledge.objects.get(pk=pledge.pk)
    services.moderate(pledge=pledge, editor=editor, approve=False, reason="发现内容不实")
    with pytest.raises(ValidationError):
        services.add_progress(pledge=members_copy, user=member, text="继续推进中")
    pledge.refresh_from_db()
    assert pledge.status == PledgeStatus.REJECTED and pledge.updates.count() == 0


def test_a_punctuation_only_entry_does_not_hold_every_pledge(wall, member, due):
    wall.moderation_mode = "after"
    wall.save()
    SensitiveWord.objects.create(word="。")
    SensitiveWord.objects.create(word="违禁词")
    assert services.find_sensitive_words("我承诺认真做好本职工作。") == []
    assert post(wall, member, due).status == PledgeStatus.APPROVED
    assert services.find_sensitive_words("不说 违-禁-词") == ["违禁词"]


def test_a_rejected_pledge_is_approved_again_only_within_the_limit(wall, member, editor, due):
    wall.max_pledges_per_member = 1
    wall.save()
    first = post(wall, member, due)
    services.moderate(pledge=first, editor=editor, approve=False, reason="内容不够具体")
    second = post(wall, member, due)  # the rejection freed the member's one place
    with pytest.raises(ValidationError) as error:
        services.moderate(pledge=first, editor=editor, approve=True)
    assert "不能再次通过" in str(error.value)
    first.refresh_from_db()
    assert first.status == PledgeStatus.REJECTED
    services.moderate(pledge=second, editor=editor, approve=False, reason="重复")
    services.moderate(pledge=first, editor=editor, approve=True)  # room again
    first.refresh_from_db()
    assert first.status == PledgeStatus.APPROVED
