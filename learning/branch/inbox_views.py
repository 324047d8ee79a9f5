"""The member's reminder settings on /inbox/: which kinds arrive (POST /inbox/mutes/)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from learning.branch.mute_forms import MuteSettingsForm
from learning.branch.mutes import reminder_mutes_set
from learning.selectors import member_for


@login_required
@require_POST
def inbox_mutes(request):
    member = member_for(request.user)
    if member is None:
        return render(request, "learning/no_member.html", status=403)
    form = MuteSettingsForm(request.POST, member=member)
    if not form.is_valid():
        messages.error(request, _("The settings could not be saved. Please try again."))
        return redirect("branch:inbox")
    try:
        reminder_mutes_set(member=member, muted=form.muted())
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Your message settings were saved."))
    return redirect("branch:inbox")
