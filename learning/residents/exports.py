"""The secretary's roster export (.xlsx). Phones are left out unless the secretary asks for them;
then the export is logged (learning.residents.services.phone_export_log) and the phones come
from the one selector that renders them (resident_rows), as on the page."""

import io
import re

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook

from learning.residents.selectors import member_coverage_rows, resident_rows, residents_in_subtree
from learning.residents.services import phone_export_log

_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _cell(value):
    if isinstance(value, str):
        value = _ILLEGAL.sub("", value)
        # A leading =, +, - or @ would be a formula in Excel: kept as text.
        return "'" + value if value[:1] in ("=", "+", "-", "@") else value
    return value


def roster_workbook_response(*, user, organisation, with_phones: bool) -> HttpResponse:
    rows = resident_rows(user=user, residents=residents_in_subtree(organisation=organisation))
    book = Workbook(write_only=True)
    sheet = book.create_sheet(_("Residents"))
    header = [_("Member"), _("Organisation"), _("Type"), _("Name"), _("Grid or building")]
    if with_phones:
        header.append(_("Phone"))
    sheet.append(header)
    for row in rows:
        cells = [
            row["member_name"],
            row["organisation_name"],
            row["kind_label"],
            row["name"],
            row["place"],
        ]
        if with_phones:
            cells.append(row["phone"])
        sheet.append([_cell(c) for c in cells])
    members = book.create_sheet(_("Members"))
    members.append(
        [
            _("Member"),
            _("Organisation"),
            _("Residents"),
            _("Contacts this month"),
            _("Last contact"),
        ]
    )
    for row in member_coverage_rows(organisation=organisation):
        members.append(
            [
                _cell(row["name"]),
                _cell(row["organisation__name"]),
                row["resident_count"],
                row["month_contacts"],
                row["last_contact"],
            ]
        )
    if with_phones:
        phone_export_log(user=user, organisation=organisation, rows=len(rows))
    out = io.BytesIO()
    book.save(out)
    response = HttpResponse(
        out.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    filename = f"residents-{organisation.pk}-{timezone.localdate():%Y%m%d}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response
