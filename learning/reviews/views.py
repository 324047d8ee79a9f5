"""Pages of 民主评议 and 评诺: the member's /reviews/ and the secretary's /branch/reviews/….

Thin: input through the forms, writes through the services, reads through the selectors. A
refused write re-renders its page with the reason (400); another subtree's objects are 404."""

from types import SimpleNamespace

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cms.members import member_of
from learning.branch.access import organisation_for, organisations_visible_to
from learning.reviews import selectors, services
from learning.reviews.forms import (
    GradeForm,
    OpenReviewForm,
    OrgForm,
    PledgeVerdictForm,
    RatingForm,
    SelfAssessmentForm,
)
from learning.reviews.models import Grade
from learning.sections import branch_tabs
from xianfeng.throttles import rate_limited


def _messages_of(error):
    if isinstance(error, ValidationError):
        return error.messages
    return [str(error.args[0]) if error.args else _("This cannot be done.")]


def _form_errors(form):
    return [message for errors in form.errors.values() for message in errors]


# --- the member ---------------------------------------------------------------------------


def _mine_page(request, errors=(), status=200):
    member = member_of(request.user)
    if member is None:
        return render(request, "learning/no_member.html", status=403)
    return render(
        request,
        "reviews/mine.html",
        {
            "items": selectors.member_reviews(member=member),
            "grades": Grade.choices,
            "errors": list(errors),
            "self_form": SelfAssessmentForm(),
        },
        status=status,
    )


@login_required
def mine(request):
    return _mine_page(request)


def _member_write(request, form, write):
    if member_of(request.user) is None:
        return render(request, "learning/no_member.html", status=403)
    if not form.is_valid():
        return _mine_page(request, _form_errors(form), status=400)
    try:
        write(form.cleaned_data)
    except (ValidationError, PermissionDenied) as error:
        return _mine_page(request, _messages_of(error), status=400)
    return None


@login_required
@require_POST
@rate_limited("review_write")
def self_assessment(request, review_id):
    refused = _member_write(
        request,
        SelfAssessmentForm(request.POST),
        lambda data: services.self_assessment_submit(
            user=request.user, review_id=review_id, text=data["text"]
        ),
    )
    if refused:
        return refused
    messages.success(request, _("Your self-assessment has been saved."))
    return redirect("reviews:mine")


@login_required
@require_POST
@rate_limited("review_write")
def rate(request, review_id):
    refused = _member_write(
        request,
        RatingForm(request.POST),
        lambda data: services.rating_submit(
            user=request.user, review_id=review_id, ratee_id=data["ratee"], grade=data["grade"]
        ),
    )
    if refused:
        return refused
    messages.success(request, _("Your rating has been recorded anonymously."))
    return redirect("reviews:mine")


# --- the secretaries ------------------------------------------------------------------------


def _organisation(request):
    form = OrgForm(request.GET)
    if not form.is_valid():
        raise Http404(_("There is no such organisation."))
    return organisation_for(request.user, form.cleaned_data["org"])


def _common(request, organisation):
    return {
        "view": SimpleNamespace(organisation=organisation),
        "organisations": organisations_visible_to(request.user).order_by("path"),
        "extra_tabs": branch_tabs(),
    }


def _index_page(request, organisation, errors=(), status=200, open_form=None):
    return render(
        request,
        "reviews/branch_index.html",
        {
            **_common(request, organisation),
            "reviews": selectors.reviews_in_subtree(organisation=organisation),
            "open_form": open_form or OpenReviewForm(initial={"organisation": organisation.pk}),
            "pledges": selectors.pledges_to_review(organisation=organisation)[:100],
            "confirmed": selectors.pledges_reviewed(organisation=organisation),
            "verdict_form": PledgeVerdictForm(),
            "errors": list(errors),
        },
        status=status,
    )


@login_required
def branch_index(request):
    return _index_page(request, _organisation(request))


@login_required
@require_POST
def branch_open(request):
    home = organisation_for(request.user)
    form = OpenReviewForm(request.POST)
    if not form.is_valid():
        return _index_page(request, home, _form_errors(form), status=400, open_form=form)
    try:
        review = services.review_open(
            user=request.user,
            organisation_id=form.cleaned_data["organisation"],
            year=form.cleaned_data["year"],
        )
    except ValidationError as error:
        return _index_page(request, home, error.messages, status=400, open_form=form)
    messages.success(request, _("The review is open; its members have been told."))
    return redirect("reviews:branch-detail", review_id=review.pk)


def _detail_page(request, review, errors=(), status=200):
    return render(
        request,
        "reviews/branch_detail.html",
        {
            **_common(request, review.organisation),
            **selectors.review_detail(review=review),
            "grades": Grade.choices,
            "errors": list(errors),
        },
        status=status,
    )


@login_required
def branch_detail(request, review_id):
    review = services.review_for_secretary(user=request.user, review_id=review_id)
    return _detail_page(request, review)


def _stage_action(request, review_id, action, done):
    review = services.review_for_secretary(user=request.user, review_id=review_id)
    try:
        action(user=request.user, review_id=review.pk)
    except ValidationError as error:
        return _detail_page(request, review, error.messages, status=400)
    messages.success(request, done)
    return redirect("reviews:branch-detail", review_id=review.pk)


@login_required
@require_POST
def branch_close(request, review_id):
    return _stage_action(request, review_id, services.review_close, _("Rating has closed."))


@login_required
@require_POST
def branch_finish(request, review_id):
    return _stage_action(
        request, review_id, services.review_finish, _("The results are published.")
    )


@login_required
@require_POST
def branch_grade(request, participant_id):
    form = GradeForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(_form_errors(form))
        participant = services.participant_grade(
            user=request.user,
            participant_id=participant_id,
            grade=form.cleaned_data["grade"],
            opinion=form.cleaned_data["opinion"],
        )
    except (ValidationError, PermissionDenied) as error:
        review = _review_of_participant(request, participant_id)
        return _detail_page(request, review, _messages_of(error), status=400)
    messages.success(request, _("Saved: %(name)s.") % {"name": participant.member.name})
    return redirect(
        reverse("reviews:branch-detail", args=[participant.review_id]) + f"#p{participant.pk}"
    )


def _review_of_participant(request, participant_id):
    from learning.reviews.models import Participant

    participant = Participant.objects.filter(pk=participant_id).first()
    if participant is None:
        raise Http404(_("There is no such member in this review."))
    return services.review_for_secretary(user=request.user, review_id=participant.review_id)


@login_required
@require_POST
def branch_pledge(request, pledge_id):
    pledge = services.pledge_for_secretary(user=request.user, pledge_id=pledge_id)
    form = PledgeVerdictForm(request.POST)
    organisation = organisation_for(request.user)
    try:
        if not form.is_valid():
            raise ValidationError(_form_errors(form))
        services.pledge_review(
            user=request.user,
            pledge_id=pledge.pk,
            confirmed=form.cleaned_data["verdict"] == "confirmed",
            note=form.cleaned_data["note"],
        )
    except ValidationError as error:
        return _index_page(request, organisation, error.messages, status=400)
    messages.success(request, _("Your review of the pledge has been recorded."))
    return redirect(reverse("reviews:branch") + f"?org={organisation.pk}")
