"""The workspace's selection pages (/branch/selections/…) for secretaries and committee
members: open a selection, rate and recommend the branch's candidates, and (the opening
organisation's committee) decide, publish the notice, answer objections, announce the result.
Every object is reached through the workspace's organisation (learning.branch.access)."""

from types import SimpleNamespace

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from cms.members import member_of
from learning.branch.access import organisation_for, organisations_visible_to
from learning.sections import branch_tabs
from learning.selections import selectors, services
from learning.selections.forms import (
    AnswerForm,
    DecisionForm,
    OrgForm,
    RatingForm,
    RecommendForm,
    SelectionForm,
)
from learning.selections.models import Objection, Stage
from learning.selections.views import refusal_messages


def _organisation(request):
    form = OrgForm(request.GET)
    if not form.is_valid():
        raise Http404(_("There is no such organisation."))
    return organisation_for(request.user, form.cleaned_data["org"])


def _context(request, organisation, **extra):
    return {
        "view": SimpleNamespace(organisation=organisation),  # what branch/_nav.html reads
        "organisations": organisations_visible_to(request.user).order_by("path"),
        "extra_tabs": branch_tabs(),
        **extra,
    }


def _detail_url(selection, organisation):
    return f"{reverse('selections:branch-detail', args=[selection.pk])}?org={organisation.pk}"


@login_required
def branch_list(request):
    organisation = _organisation(request)
    rows = [
        {"selection": s, "stage": selectors.selection_stage(s)}
        for s in selectors.workspace_selections(organisation)[:50]
    ]
    return render(
        request, "selections/branch_list.html", _context(request, organisation, rows=rows)
    )


@login_required
@require_http_methods(["GET", "POST"])
def branch_open(request):
    organisation = _organisation(request)
    form = (
        SelectionForm(request.POST) if request.method == "POST" else SelectionForm.with_defaults()
    )
    if request.method == "POST" and form.is_valid():
        try:
            selection = services.selection_open(
                organisation=organisation, opened_by=request.user, **form.service_arguments()
            )
        except ValidationError as error:
            refusal_messages(request, error)
        else:
            messages.success(request, _("The selection is open."))
            return redirect(_detail_url(selection, organisation))
    return render(
        request,
        "selections/branch_open.html",
        _context(request, organisation, form=form),
        status=400 if request.method == "POST" else 200,
    )


@login_required
def branch_detail(request, selection_id):
    organisation = _organisation(request)
    selection = selectors.selection_for_workspace(organisation, selection_id)
    me = member_of(request.user)
    committee = selectors.is_committee_of(request.user, selection)
    rows = [
        selectors.candidate_row(c, rater=me)
        for c in selectors.visible_candidates(request.user, selection, organisation)
    ]
    return render(
        request,
        "selections/branch_detail.html",
        _context(
            request,
            organisation,
            selection=selection,
            stage=selectors.selection_stage(selection),
            Stage=Stage,
            rows=rows,
            committee=committee,
            objections=selectors.objections_for(selection) if committee else [],
            answer_form=AnswerForm(),
            decision_form=DecisionForm(),
        ),
    )


@login_required
def branch_candidate(request, candidate_id):
    organisation = _organisation(request)
    candidate = selectors.candidate_for_workspace(request.user, candidate_id)
    me = member_of(request.user)
    row = selectors.candidate_row(candidate, rater=me)
    return render(
        request,
        "selections/branch_candidate.html",
        _context(
            request,
            organisation,
            row=row,
            candidate=candidate,
            selection=candidate.selection,
            stage=selectors.selection_stage(candidate.selection),
            Stage=Stage,
            statements=[
                (n, candidate.statements.get(n, "")) for n in candidate.selection.dimensions
            ],
            rating_form=RatingForm(selection=candidate.selection, initial_stars=row["mine"]),
            committee=selectors.is_committee_of(request.user, candidate.selection),
            may_recommend=me is not None
            and me.is_secretary
            and me.organisation_id == candidate.branch_id,
        ),
    )


def _act(request, action, back):
    """Run a service; its refusal becomes a message. Back to `back` either way."""
    try:
        action()
    except (ValidationError, PermissionDenied) as error:
        refusal_messages(request, error)
        return redirect(back)
    return None


def _candidate_back(request, candidate):
    return (
        f"{reverse('selections:branch-candidate', args=[candidate.pk])}?{request.GET.urlencode()}"
    )


@login_required
@require_POST
def rate(request, candidate_id):
    _organisation(request)
    candidate = selectors.candidate_for_workspace(request.user, candidate_id)
    back = _candidate_back(request, candidate)
    form = RatingForm(request.POST, selection=candidate.selection)
    if not form.is_valid():
        messages.error(request, _("Choose 1 to 5 stars for every dimension."))
        return redirect(back)
    refused = _act(
        request,
        lambda: services.rating_set(
            candidate=candidate, rater=member_of(request.user), stars=form.stars()
        ),
        back,
    )
    if refused:
        return refused
    messages.success(request, _("Your rating is saved."))
    return redirect(back)


@login_required
@require_POST
def recommend(request, candidate_id):
    _organisation(request)
    candidate = selectors.candidate_for_workspace(request.user, candidate_id)
    back = _candidate_back(request, candidate)
    form = RecommendForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say whether the branch recommends the candidate."))
        return redirect(back)
    refused = _act(
        request,
        lambda: services.candidate_recommend(
            candidate=candidate,
            member=member_of(request.user),
            recommended=form.cleaned_data["recommended"],
        ),
        back,
    )
    if refused:
        return refused
    messages.success(request, _("The branch's recommendation is saved."))
    return redirect(back)


@login_required
@require_POST
def decide(request, candidate_id):
    organisation = _organisation(request)
    candidate = selectors.candidate_for_workspace(request.user, candidate_id)
    back = _detail_url(candidate.selection, organisation)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose or do not choose the candidate."))
        return redirect(back)
    refused = _act(
        request,
        lambda: services.candidate_decide(
            candidate=candidate, user=request.user, **form.cleaned_data
        ),
        back,
    )
    if refused:
        return refused
    messages.success(
        request, _("The decision on %(name)s is saved.") % {"name": candidate.member.name}
    )
    return redirect(back)


def _selection_action(request, selection_id, service, done_message):
    organisation = _organisation(request)
    selection = selectors.selection_for_workspace(organisation, selection_id)
    back = _detail_url(selection, organisation)
    refused = _act(request, lambda: service(selection=selection, user=request.user), back)
    if refused:
        return refused
    messages.success(request, done_message)
    return redirect(back)


@login_required
@require_POST
def publish(request, selection_id):
    return _selection_action(
        request, selection_id, services.notice_publish, _("The public notice is published.")
    )


@login_required
@require_POST
def finalise(request, selection_id):
    return _selection_action(
        request,
        selection_id,
        services.selection_finalise,
        _("The result is announced and the honours are written to the exemplar profiles."),
    )


@login_required
@require_POST
def answer(request, objection_id):
    organisation = _organisation(request)
    objection = get_object_or_404(
        Objection.objects.select_related("candidate__selection"), pk=objection_id
    )
    selection = objection.candidate.selection
    if not selectors.is_committee_of(request.user, selection):
        raise Http404(_("There is no such objection."))
    back = _detail_url(selection, organisation)
    form = AnswerForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Write the committee's answer."))
        return redirect(back)
    refused = _act(
        request,
        lambda: services.objection_answer(
            objection=objection, user=request.user, **form.cleaned_data
        ),
        back,
    )
    if refused:
        return refused
    messages.success(request, _("The answer is saved."))
    return redirect(back)
