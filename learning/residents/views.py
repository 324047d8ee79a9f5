"""The member's 1+10 pages (/residents/…), the printable contact card and the public contact
form (/contact/<token>/). Thin: reads from the selectors, writes through the services."""

import io

import qrcode
import qrcode.image.svg
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from learning.residents import selectors, services
from learning.residents.forms import ContactLogForm, ResidentForm, ResidentMessageForm
from learning.residents.models import ContactCard
from learning.selectors import member_for
from learning.views import no_member_page
from xianfeng.throttles import rate_limited


def _member_or_none(request):
    return member_for(request.user)


def _add_errors(form, error: ValidationError):
    for field, messages_ in error.message_dict.items():
        form.add_error(field if field in form.fields else None, messages_)


def _mine_context(request, member, *, contact_form=None, resident_form=None):
    own = selectors.residents_of_member(member=member)
    colleagues = (
        selectors.residents_visible_to(request.user)
        .filter(member__organisation_id=member.organisation_id)
        .exclude(member=member)
    )
    return {
        "member": member,
        "rows": selectors.resident_rows(user=request.user, residents=own),
        "colleague_rows": selectors.resident_rows(user=request.user, residents=colleagues[:200]),
        "contacts": selectors.contacts_of_member(member=member),
        "contact_form": contact_form or ContactLogForm(),
        "resident_form": resident_form or ResidentForm(),
    }


@login_required
def mine(request):
    member = _member_or_none(request)
    if member is None:
        return no_member_page(request)
    return render(request, "residents/mine.html", _mine_context(request, member))


@login_required
@require_POST
@rate_limited("resident_write")
def contact_log(request):
    member = _member_or_none(request)
    if member is None:
        return no_member_page(request)
    form = ContactLogForm(request.POST)
    if form.is_valid():
        resident = (
            selectors.residents_of_member(member=member)
            .filter(pk=form.cleaned_data["resident"])
            .first()
        )
        if resident is None:
            form.add_error("resident", _("You can only log contacts with your own residents."))
        else:
            try:
                services.contact_log(
                    member=member,
                    resident=resident,
                    kind=form.cleaned_data["kind"],
                    on=form.cleaned_data["on"],
                    note=form.cleaned_data["note"],
                )
            except ValidationError as error:
                _add_errors(form, error)
            else:
                messages.success(request, _("Contact logged."))
                return redirect("residents:mine")
    context = _mine_context(request, member, contact_form=form)
    return render(request, "residents/mine.html", context, status=400)


@login_required
@require_POST
@rate_limited("resident_write")
def resident_add(request):
    member = _member_or_none(request)
    if member is None:
        return no_member_page(request)
    form = ResidentForm(request.POST)
    if form.is_valid():
        try:
            services.resident_create(member=member, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Resident added."))
            return redirect("residents:mine")
    context = _mine_context(request, member, resident_form=form)
    return render(request, "residents/mine.html", context, status=400)


@login_required
def resident_detail(request, resident_id):
    resident = selectors.residents_visible_to(request.user).filter(pk=resident_id).first()
    if resident is None:
        raise Http404(_("There is no such resident."))
    row = selectors.resident_rows(user=request.user, residents=[resident])[0]
    contacts = list(resident.contacts.all()[:50]) if row["phone_full"] else []
    return render(request, "residents/detail.html", {"row": row, "contacts": contacts})


def qr_svg(url: str) -> str:
    image = qrcode.make(url, image_factory=qrcode.image.svg.SvgPathImage, border=1)
    out = io.BytesIO()
    image.save(out)
    return out.getvalue().decode()


def printable_card(request, contact_card) -> dict:
    """What a printed card shows: the name, the branch and a QR code of the contact form's
    address (the random token, never the member id)."""
    url = request.build_absolute_uri(reverse("residents:contact", args=[contact_card.token]))
    return {"member": contact_card.member, "url": url, "qr": qr_svg(url)}


@login_required
def card(request):
    member = _member_or_none(request)
    if member is None:
        return no_member_page(request)
    contact_card = services.contact_card_for(member=member)
    response = render(
        request,
        "residents/card.html",
        {"member": member, "card": printable_card(request, contact_card)},
    )
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_POST
def card_renew(request):
    member = _member_or_none(request)
    if member is None:
        return no_member_page(request)
    services.contact_card_renew(member=member)
    messages.success(request, _("New card made: the cards printed before no longer work."))
    return redirect("residents:card")


def _card_or_404(token):
    found = ContactCard.objects.select_related("member__organisation").filter(token=token).first()
    if found is None:
        raise Http404(_("This contact card is no longer valid."))
    return found


def contact(request, token):
    """The public form a resident reaches from the QR code: no account needed."""
    if request.method == "POST":
        return _contact_post(request, token)
    contact_card = _card_or_404(token)
    return render(
        request, "residents/contact.html", {"card": contact_card, "form": ResidentMessageForm()}
    )


@rate_limited("resident_message")
def _contact_post(request, token):
    contact_card = _card_or_404(token)
    form = ResidentMessageForm(request.POST)
    if not form.is_valid():
        return render(
            request, "residents/contact.html", {"card": contact_card, "form": form}, status=400
        )
    services.resident_message_send(
        card=contact_card,
        name=form.cleaned_data["name"],
        reply_to=form.cleaned_data["reply_to"],
        message=form.cleaned_data["message"],
    )
    return render(request, "residents/contact.html", {"card": contact_card, "sent": True})
