"""Demo: one member review in progress (some self-assessments and anonymous ratings in) in the
branch secretary's first village branch, and 沈建明's fulfilled pledge confirmed by the branch
with residents' ratings. Idempotent: a second run finds them and changes nothing."""

from django.utils import timezone

from cms.models import Member, Organisation, Pledge, PledgeStatus
from cms.pledges.models import BranchVerdict, PledgeRating
from learning.reviews.models import Grade, Participant, Review

BRANCH = "套里村党支部"
SELF_ASSESSMENTS = [
    "今年坚持参加支部“三会一课”，完成32学时的线上学习；带头参与村里的环境整治，"
    "但入户走访群众还不够勤，明年要多听群众意见。",
    "作为网格员，全年走访联系群众40余户，协调解决路灯、积水等实际问题6件；"
    "理论学习上还有欠缺，今后要系统学习。",
    "积极参加防汛值守和疫苗接种志愿服务，按时交纳党费；不足是业务学习时间偏少，"
    "发挥先锋作用不够主动。",
    "带头发展林下经济，帮助3户村民增收；在支部组织生活中开展批评与自我批评不够深入，"
    "今后要敢于较真碰硬。",
]
# (rater index, ratee index, grade): a few ratings already in.
RATINGS = [
    (0, 1, Grade.EXCELLENT),
    (0, 2, Grade.GOOD),
    (1, 0, Grade.GOOD),
    (1, 3, Grade.GOOD),
    (2, 0, Grade.EXCELLENT),
    (3, 1, Grade.BASIC),
]
RESIDENTS = [
    (True, "沈书记每月都来家里看看，帮我们把医保续上了，很贴心。"),
    (True, "村西的路灯修好了，晚上出门安全多了。"),
    (True, ""),
    (False, "希望走访时间能再安排得晚一点，白天我们都在上班。"),
]


def load_demo_reviews(site):
    _review_in_progress(site)
    _confirmed_pledge(site)


def _review_in_progress(site):
    from learning.reviews.services import rating_submit, review_open, self_assessment_submit

    branch = Organisation.objects.filter(name=BRANCH).first()
    year = timezone.localdate().year
    if branch is None or Review.objects.filter(organisation=branch, year=year).exists():
        return
    if Member.objects.filter(organisation__path__startswith=branch.path).count() < 4:
        return
    review = review_open(user=site.admin, organisation_id=branch.pk, year=year)
    people = list(
        Participant.objects.filter(review=review).select_related("member__user").order_by("pk")
    )
    for person, text in zip(people, SELF_ASSESSMENTS, strict=False):
        self_assessment_submit(user=person.member.user, review_id=review.pk, text=text)
    for rater, ratee, grade in RATINGS:
        rating_submit(
            user=people[rater].member.user,
            review_id=review.pk,
            ratee_id=people[ratee].pk,
            grade=grade,
        )
    site.log(f"Demo member review in progress: {branch.name} {year}.")


def _confirmed_pledge(site):
    from cms.pledges.verdicts import (
        pledge_branch_review,
        pledge_rating_create,
        pledge_rating_moderate,
    )

    pledge = Pledge.objects.filter(
        author__username="shen-jianming", status=PledgeStatus.FULFILLED
    ).first()
    if pledge is None or pledge.branch_verdict == BranchVerdict.CONFIRMED:
        return
    pledge_branch_review(
        pledge=pledge,
        reviewer=site.admin,
        confirmed=True,
        note="经支部核实，走访记录和群众反映一致，承诺已兑现。",
    )
    for i, (satisfied, comment) in enumerate(RESIDENTS):
        rating = pledge_rating_create(
            pledge=pledge, visitor_key=f"demo-resident-{i}", satisfied=satisfied, comment=comment
        )
        if comment:
            pledge_rating_moderate(rating=rating, editor=site.admin, approve=True)
    site.log(
        f"Demo pledge confirmed with {PledgeRating.objects.filter(pledge=pledge).count()} "
        "residents' ratings."
    )
