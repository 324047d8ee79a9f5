"""Member pages: sign-in/out, the study page of a lecture, the quiz, and 我的学习档案."""

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cms.routing import viewable_by
from learning.api.parsing import Invalid, parse_int
from learning.charts import daily_minutes_chart
from learning.models import LecturePage, QuestionKind, Quiz
from learning.sections import member_record_sections
from learning.selectors import lecture_study, member_for, recent_decisions, study_record
from learning.services.errors import StudyError
from learning.services.progress import fold_pending
from learning.services.quizzes import submit_attempt
from xianfeng.throttles import rate_limited


class SignInView(auth_views.LoginView):
    template_name = "registration/login.html"
    redirect_authenticated_user = True


class SignOutView(auth_views.LogoutView):
    """POST only (Django 5); goes to LOGOUT_REDIRECT_URL, the home page."""


def no_member_page(request):
    return render(request, "learning/no_member.html", status=403)


def live_lecture(lecture_id, request):
    """The live lecture, if this member may see it (a lecture under a group or password
    restriction is studied only by those the restriction lets in)."""
    lecture = LecturePage.objects.live().filter(pk=lecture_id).first()
    if lecture is None or not viewable_by(lecture, request):
        raise Http404(_("There is no such lecture."))
    return lecture


@login_required
def study_lecture(request, lecture_id):
    member = member_for(request.user)
    if member is None:
        return no_member_page(request)
    lecture = live_lecture(lecture_id, request)
    fold_pending(member)  # show the member their own latest events
    study = lecture_study(member, lecture)
    state, quiz = study.state, study.quiz
    sections = list(lecture.sections.all())
    rows = [
        {"section": s, "state": state_row}
        for s, state_row in zip(sections, state["sections"], strict=True)
    ]
    return render(
        request,
        "learning/study_page.html",
        {
            "page": lecture,
            "member": member,
            "lecture": lecture,
            "state": state,
            "rows": rows,
            "quiz": quiz,
            "questions": list(quiz.questions.all()) if quiz else [],
            "csrf_token_value": get_token(request),
            "decisions": recent_decisions(member, lecture),
        },
    )


@login_required
@require_POST
@rate_limited("quiz_attempt")
def submit_quiz(request, lecture_id):
    member = member_for(request.user)
    if member is None:
        return no_member_page(request)
    lecture = live_lecture(lecture_id, request)
    quiz = get_object_or_404(Quiz, lecture=lecture)
    answers = {}
    try:
        for question in quiz.questions.all():
            # ASCII digits only: int() would also read "٣" or "３".
            picked = [
                parse_int(
                    value,
                    min_value=0,
                    max_value=len(question.choices) - 1,
                    message=_("There is no such choice."),
                )
                for value in request.POST.getlist(f"q{question.pk}")[:50]
            ]
            if picked:
                answers[str(question.pk)] = (
                    picked if question.kind == QuestionKind.MULTIPLE else picked[:1]
                )
        attempt = submit_attempt(member, quiz, answers)
    except (Invalid, StudyError) as error:
        messages.error(request, error.message)
    else:
        if attempt.passed:
            messages.success(
                request, _("Passed with %(score)s%%. Well done!") % {"score": attempt.score}
            )
        else:
            messages.warning(
                request,
                _("%(score)s%% is below the pass mark of %(mark)s%%.")
                % {"score": attempt.score, "mark": quiz.pass_mark},
            )
    return redirect(reverse("learning:study", args=[lecture.pk]) + "#quiz")


@login_required
def my_record(request):
    member = member_for(request.user)
    if member is None:
        return no_member_page(request)
    fold_pending(member)
    record = study_record(member)
    return render(
        request,
        "learning/my_record.html",
        {
            "record": record,
            "member": member,
            "sections": member_record_sections(member=member),
            "chart": daily_minutes_chart(record["daily_minutes"]),
            "quota_percent": min(100, int(100 * record["study_hours"] / record["quota_hours"]))
            if record["quota_hours"]
            else 100,
        },
    )
