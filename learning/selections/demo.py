"""Demo: last year's 五星党员 selection of 河南寨镇党委, run to its end through the services
(each step at a moment of last year's timetable, `now=`), with one objection answered and
the two honours published on their exemplar profiles. Idempotent: found by its title."""

import datetime

from django.utils import timezone

from cms.models import Member, MemberRole, Organisation
from learning.selections import services
from learning.selections.models import Selection

TITLE = "河南寨镇{year}年度“五星党员”评选"

# (branch, what they did per dimension, stars from the branch's committee)
CANDIDATES = [
    (
        "套里村党支部",
        {
            "争先创优": "带头参加村里人居环境整治评比，所在网格连续四个季度排名第一。",
            "为民服务": "每周两次上门帮独居老人代购药品、代缴水电费，建立服务台账。",
            "敬业奉献": "汛期连续值守十二个夜晚，组织转移低洼地带群众十七户。",
            "创新突破": "把村务公开搬进微信群，每月晒账目，群众留言当天回复。",
            "业务攻坚": "牵头完成村集体果园土地确权，化解了拖了三年的地界纠纷。",
        },
        [5, 5, 5, 4, 4],
    ),
    (
        "两河村党支部",
        {
            "争先创优": "在全镇党员冬训知识竞赛中获一等奖。",
            "为民服务": "组建“两河帮帮团”，一年里帮村民修家电一百二十余次。",
            "敬业奉献": "放弃外出务工，留村担任网格员，随叫随到。",
            "创新突破": "试种高山冷水鱼，带动五户村民增收。",
            "业务攻坚": "协调打通村北断头路，方便三十多户村民出行。",
        },
        [4, 5, 4, 5, 4],
    ),
    (
        "平头村党支部",
        {
            "争先创优": "积极参加支部组织生活，学习积分名列前茅。",
            "为民服务": "义务为村小学生辅导作业。",
            "敬业奉献": "",
            "创新突破": "",
            "业务攻坚": "",
        },
        [3, 4, 3, 3, 3],
    ),
]


def _at(day: datetime.date, hour=10):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def load_demo_selection(site):
    town = Organisation.objects.filter(name="河南寨镇党委").first()
    committee = Member.objects.filter(organisation=town, role=MemberRole.SECRETARY).first()
    if town is None or committee is None:
        site.log("Demo selection skipped: load the branch workspace demo first.")
        return None
    year = timezone.localdate().year - 1
    title = TITLE.format(year=year)
    if Selection.objects.filter(title=title).exists():
        return None
    day = datetime.date(year, 11, 1)
    week = datetime.timedelta(days=7)
    selection = services.selection_open(
        organisation=town,
        opened_by=committee.user,
        year=year,
        title=title,
        quota=2,
        self_assessment_opens_on=day,
        self_assessment_closes_on=day + 2 * week,
        recommendation_closes_on=day + 4 * week,
        review_closes_on=day + 5 * week,
        notice_days=5,
    )
    picked = []
    for branch_name, statements, stars in CANDIDATES:
        branch = Organisation.objects.get(name=branch_name, path__startswith=town.path)
        secretary = Member.objects.filter(organisation=branch, role=MemberRole.SECRETARY).first()
        member = (
            Member.objects.filter(organisation=branch, role=MemberRole.MEMBER)
            .order_by("pk")
            .first()
        )
        if member is None or secretary is None:
            continue
        candidate = services.candidacy_submit(
            selection=selection,
            member=member,
            statements=statements,
            include_study_record=True,
            now=_at(day + week),
        )
        during = _at(day + 3 * week)
        services.rating_set(
            candidate=candidate,
            rater=secretary,
            stars=dict(zip(selection.dimensions, stars, strict=True)),
            now=during,
        )
        top = sum(stars) >= 22
        services.candidate_recommend(
            candidate=candidate, member=secretary, recommended=top, now=during
        )
        picked.append((candidate, top))
    review = _at(day + 4 * week + datetime.timedelta(days=2))
    for candidate, top in picked:
        if top:
            services.candidate_decide(
                candidate=candidate, user=committee.user, chosen=True, now=review
            )
    services.notice_publish(selection=selection, user=committee.user, now=review)
    first = selection.candidates.filter(chosen=True).order_by("pk").first()
    objection = services.objection_raise(
        candidate=first,
        text="听说这位同志的果园确权工作还有一户没签字，是否属实？",
        contact="村民 138****0000",
        now=review + datetime.timedelta(days=1),
    )
    services.objection_answer(
        objection=objection,
        user=committee.user,
        answer="经核实，最后一户已于当月签字确认，确权资料已在村务公开栏公示。",
        now=review + datetime.timedelta(days=2),
    )
    services.selection_finalise(
        selection=selection,
        user=committee.user,
        now=review + datetime.timedelta(days=6),
    )
    # The demo publishes the drafts the result made (on a real site an editor does).
    for candidate in selection.candidates.filter(chosen=True).select_related("profile"):
        profile = candidate.profile
        if profile is not None and not profile.live:
            profile.bio = f"{candidate.branch.name}党员，{year}年度河南寨镇“五星党员”。"
            profile.save_revision().publish()
    site.log(f"Demo selection ready: {title} ({len(picked)} candidates).")
    return selection
