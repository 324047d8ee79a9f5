"""Demo study data: a member, a quiz on the demo lecture and one assignment.

Idempotent. Called from cms.demo.load_demo after the organisation tree and the demo lecture
exist (with or without the seed articles).
"""

import datetime

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from cms.models import Member, MemberRole, Organisation
from learning.models import Assignment, LecturePage, Quiz, QuizQuestion

DEMO_USERNAME = "dangyuan"
DEMO_PASSWORD = "xianfeng-member"  # noqa: S105 - the demo site's published login


@transaction.atomic
def load_demo_learning(log=print):
    village = Organisation.objects.filter(name="套里村党支部").first()
    lecture = LecturePage.objects.filter(slug="red-boat-spirit").first()
    if village is None or lecture is None:
        log("Demo learning skipped: load the demo content first.")
        return None
    User = get_user_model()
    user = User.objects.filter(username=DEMO_USERNAME).first()
    if user is None:
        user = User.objects.create_user(DEMO_USERNAME, password=DEMO_PASSWORD, first_name="小红")
    member, _ = Member.objects.get_or_create(
        user=user, defaults={"name": "李小红", "organisation": village, "role": MemberRole.MEMBER}
    )
    if not Quiz.objects.filter(lecture=lecture).exists():
        quiz = Quiz(lecture=lecture, title="红船精神课后测验", pass_mark=60, max_attempts=3)
        quiz.questions = [
            QuizQuestion(
                text="中国共产党从哪里开启新征程？",
                kind="single",
                choices_text="上海石库门\n*嘉兴南湖红船\n北京天安门",
            ),
            QuizQuestion(
                text="“七讲七比”中有哪些内容？",
                kind="multiple",
                choices_text="*讲政治、比忠诚\n*讲担当、比作为\n讲排场、比阔气",
            ),
        ]
        quiz.save()
    county = village.get_parent()  # 河南寨镇党委: the whole town's subtree studies it
    Assignment.objects.get_or_create(
        lecture=lecture,
        organisation=county,
        defaults={
            "due_on": timezone.localdate() + datetime.timedelta(days=30),
            "note": "全镇党员学习红船精神",
        },
    )
    log(f"Demo member ready: {DEMO_USERNAME} / {DEMO_PASSWORD} ({member.organisation}).")
    return member
