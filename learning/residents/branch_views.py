"""The secretary's 1+10 tab (/branch/residents/), its export, and the rotating honours' public
page (/honours/<id>/) with the secretary's hand-over form. The organisation tree decides who
sees what (learning.branch.access.organisation_for): another subtree is a 404."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cms.models import Member
from learning.branch.access import organisation_for, organisations_visible_to
from learning.residents import selectors, services
from learning.residents.exports import roster_workbook_response
from learning.residents.forms import ExportForm, HandOverForm
from learning.residents.models import Contact, HonourPlaque
from learning.sections import branch_tabs


def _organisation(request, params):
    form = ExportForm(params)
    if not form.is_valid():
        raise Http404(_("There is no such organisation."))
    return organisation_for(request.user, form.cleaned_data["org"]), form


@login_required
def branch_residents(request):
    organisation, _form = _organisation(request, request.GET)
    today = timezone.localdate()
    residents = selectors.residents_in_subtree(organisation=organisation)
    recent = (
        Contact.objects.filter(
            member__organisation__path__startswith=organisation.path,
            on__gte=selectors.month_start(today),
        )
        .select_related("member", "resident")
        .order_by("-on", "-pk")[:100]
    )
    return render(
        request,
        "residents/branch.html",
        {
            # branch/_nav.html reads view.organisation
            "view": {"organisation": organisation},
            "organisations": organisations_visible_to(request.user).order_by("path"),
            "extra_tabs": branch_tabs(),
            "coverage": selectors.coverage(organisation=organisation, today=today),
            "without": selectors.member_coverage_rows(
                organisation=organisation, today=today, without_only=True
            )[:200],
            "recent": [
                {
                    "on": c.on,
                    "member": c.member.name,
                    "resident": c.resident.name,
                    "kind": c.get_kind_display(),
                    "note": c.note,
                }
                for c in recent
            ],
            "rows": selectors.resident_rows(user=request.user, residents=residents[:500]),
            "export_form": ExportForm(initial={"org": organisation.pk}),
            "plaques": selectors.plaques_of_organisation(organisation=organisation),
        },
    )


@login_required
@require_POST
def branch_export(request):
    organisation, form = _organisation(request, request.POST)
    return roster_workbook_response(
        user=request.user, organisation=organisation, with_phones=form.cleaned_data["phones"]
    )


CARDS_AT_ONCE = 200


@login_required
def branch_cards(request):
    """Every member's contact card in a subtree, one per printed page."""
    from learning.residents.views import printable_card

    organisation, _form = _organisation(request, request.GET)
    members = Member.objects.filter(organisation__path__startswith=organisation.path).order_by(
        "organisation__path", "name", "pk"
    )
    chosen = list(members[: CARDS_AT_ONCE + 1])
    cards = services.contact_cards_for(members=chosen[:CARDS_AT_ONCE])
    response = render(
        request,
        "residents/cards.html",
        {
            "organisation": organisation,
            "cards": [printable_card(request, card) for card in cards],
            "truncated": len(chosen) > CARDS_AT_ONCE,
        },
    )
    response["Cache-Control"] = "private, no-store"
    return response


# --- rotating honours ----------------------------------------------------------------------


def _plaque_or_404(plaque_id):
    plaque = HonourPlaque.objects.select_related("organisation").filter(pk=plaque_id).first()
    if plaque is None:
        raise Http404(_("There is no such honour."))
    return plaque


def _hand_over_form(plaque, data=None):
    members = Member.objects.filter(organisation__path__startswith=plaque.organisation.path)
    return HandOverForm(data, members=members.order_by("organisation__path", "name"))


def honour(request, plaque_id):
    plaque = _plaque_or_404(plaque_id)
    may_hand_over = selectors.plaques_managed_by(request.user).filter(pk=plaque.pk).exists()
    return render(
        request,
        "residents/honour.html",
        {
            "plaque": plaque,
            "history": selectors.plaque_history(plaque=plaque),
            "form": _hand_over_form(plaque) if may_hand_over else None,
        },
    )


@login_required
@require_POST
def honour_hand_over(request, plaque_id):
    plaque = selectors.plaques_managed_by(request.user).filter(pk=plaque_id).first()
    if plaque is None:
        raise Http404(_("There is no such honour."))
    form = _hand_over_form(plaque, request.POST)
    if form.is_valid():
        try:
            services.honour_hand_over(
                plaque=plaque,
                handed_by=request.user,
                reason=form.cleaned_data["reason"],
                holder_member=form.cleaned_data["holder_member"],
                holder_name=form.cleaned_data["holder_name"],
                on=form.cleaned_data["on"],
            )
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, _("The honour has been handed on."))
            return redirect("residents:honour", plaque.pk)
    context = {"plaque": plaque, "history": selectors.plaque_history(plaque=plaque), "form": form}
    return render(request, "residents/honour.html", context, status=400)
