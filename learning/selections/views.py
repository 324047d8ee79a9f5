"""The member's selection pages (/selections/…) and the public notice. Thin: the reads come
from the selectors, the writes from the services, whose Chinese refusals are shown as they
are."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from cms.models import Pledge, PledgeStatus
from learning.selections import selectors, services
from learning.selections.forms import CandidacyForm, ObjectionForm
from learning.selections.models import EvidencePhoto, Stage
from learning.selectors import member_for
from learning.views import no_member_page
from xianfeng.throttles import rate_limited


def refusal_messages(request, error):
    """A service's refusal as messages on the page (field errors with their field's label)."""
    if isinstance(error, PermissionDenied):
        messages.error(request, str(error) or _("You may not do this."))
        return
    for message in error.messages:
        messages.error(request, message)


@login_required
def mine(request):
    member = member_for(request.user)
    if member is None:
        return no_member_page(request)
    rows = [
        {
            "selection": selection,
            "stage": selectors.selection_stage(selection),
            "candidacy": selectors.candidacy_of(selection, member),
        }
        for selection in selectors.selections_for_member(member)[:20]
    ]
    return render(
        request,
        "selections/mine.html",
        {"rows": rows, "honours": selectors.honours_of(member), "Stage": Stage},
    )


def _own_pledges(member):
    return Pledge.objects.filter(author=member.user).exclude(
        status__in=[PledgeStatus.SUBMITTED, PledgeStatus.REJECTED]
    )[:50]


def _verified_tasks(member):
    from learning.service_tasks.models import ClaimStatus, TaskClaim

    return (
        TaskClaim.objects.filter(member=member, status=ClaimStatus.VERIFIED)
        .select_related("task")
        .order_by("-verified_at")[:50]
    )


@login_required
@require_http_methods(["GET", "POST"])
def assess(request, selection_id):
    member = member_for(request.user)
    if member is None:
        return no_member_page(request)
    selection = selectors.selection_for_member(member, selection_id)
    candidacy = selectors.candidacy_of(selection, member)
    stage = selectors.selection_stage(selection)
    form = CandidacyForm(
        request.POST or None,
        request.FILES or None,
        selection=selection,
        pledges=_own_pledges(member),
        tasks=_verified_tasks(member),
        candidate=candidacy,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.candidacy_submit(
                selection=selection, member=member, **form.service_arguments()
            )
        except (ValidationError, PermissionDenied) as error:
            refusal_messages(request, error)
        else:
            messages.success(request, _("Your self-assessment is saved."))
            return redirect("selections:assess", selection_id=selection.pk)
    return render(
        request,
        "selections/assess.html",
        {
            "selection": selection,
            "stage": stage,
            "open": stage == Stage.SELF_ASSESSMENT,
            "candidacy": candidacy,
            "form": form,
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
def photo(request, photo_id):
    """An evidence photo, to the candidate and to those who may see the candidate."""
    found = get_object_or_404(EvidencePhoto.objects.select_related("candidate"), pk=photo_id)
    member = member_for(request.user)
    if member is None or found.candidate.member_id != member.pk:
        selectors.candidate_for_workspace(request.user, found.candidate_id)  # 404 if not
    try:
        return FileResponse(found.image.open("rb"))
    except FileNotFoundError:
        raise Http404(_("The photo is missing.")) from None


def _objection_post(request, selection, shortlist):
    form = ObjectionForm(request.POST, candidates=shortlist)
    if not form.is_valid():
        return form, 400
    candidate = next(c for c in shortlist if c.pk == form.cleaned_data["candidate"])
    try:
        services.objection_raise(
            candidate=candidate,
            text=form.cleaned_data["text"],
            contact=form.cleaned_data["contact"],
        )
    except ValidationError as error:
        refusal_messages(request, error)
        return form, 400
    messages.success(
        request, _("Thank you. The committee will look into your objection and reply to you.")
    )
    return None, 200


@require_http_methods(["GET", "POST"])
@rate_limited("selection_objection")
def notice(request, selection_id):
    selection = selectors.public_selection(selection_id)
    stage = selectors.selection_stage(selection)
    shortlist = list(selectors.shortlist(selection))
    form = ObjectionForm(candidates=shortlist)
    status = 200
    if request.method == "POST":
        posted, status = _objection_post(request, selection, shortlist)
        if posted is None:
            return redirect("selections:notice", selection_id=selection.pk)
        form = posted
    return render(
        request,
        "selections/notice.html",
        {
            "selection": selection,
            "stage": stage,
            "shortlist": shortlist,
            "form": form,
            "open": stage == Stage.NOTICE,
        },
        status=status,
    )
