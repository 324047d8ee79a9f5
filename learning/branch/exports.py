"""The current view exported: an .xlsx workbook (one sheet per table) and a CSV of the members.

Both run in constant memory whatever the subtree's size: openpyxl's write-only mode writes
each row to a temporary file as it comes (rows are read with .iterator()), and the CSV is
streamed row by row. The CSV starts with a byte-order mark so Excel reads it as UTF-8.
"""

import csv
import datetime
import tempfile

from django.http import FileResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.utils import get_column_letter

from learning.branch.scope import BranchView
from learning.branch.selectors import (
    Status,
    branch_overview,
    hours_row,
    member_rows,
    members_short_of_quota,
)

DATE_FORMAT = "yyyy-mm-dd"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm"


def member_columns():
    """(header, width, value of a member_rows row) for the members table."""
    labels = dict(Status.LABELS)
    local = _local_datetime
    return [
        (_("Name"), 14, lambda r: r["name"]),
        (_("Organisation"), 24, lambda r: r["organisation_name"]),
        (_("Lecture"), 30, lambda r: r["lecture_title"]),
        (_("Due on"), 12, lambda r: r["due_on"]),
        (_("Status"), 10, lambda r: str(labels[r["status"]])),
        (_("Started at"), 17, lambda r: local(r["started_at"])),
        (_("Completed at"), 17, lambda r: local(r["completed_at"])),
    ]


def _local_datetime(value):
    # Excel has no time zones: local time, without tzinfo (openpyxl refuses aware datetimes).
    if value is None:
        return None
    return timezone.localtime(value).replace(tzinfo=None)


def _filename(view: BranchView, extension: str) -> str:
    return f"branch-{view.organisation.pk}-{timezone.localdate().isoformat()}.{extension}"


def _sheet(workbook, title, columns, rows):
    """A write-only sheet: header row frozen, widths set, dates as dates."""
    sheet = workbook.create_sheet(title=title[:31])
    sheet.freeze_panes = "A2"
    for index, (_header, width, _value) in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.append([str(header) for header, _width, _value in columns])
    for row in rows:
        cells = []
        for _header, _width, value in columns:
            cell = WriteOnlyCell(sheet, value=value(row))
            if isinstance(cell.value, datetime.datetime):
                cell.number_format = DATETIME_FORMAT
            elif isinstance(cell.value, datetime.date):
                cell.number_format = DATE_FORMAT
            cells.append(cell)
        sheet.append(cells)


def workbook_file(view: BranchView):
    """The view as an .xlsx in a temporary file (rewound), for streaming out."""
    overview = branch_overview(organisation=view.organisation)
    workbook = Workbook(write_only=True)
    lectures = [
        (_("Organisation"), 24, lambda r: r["node"]),
        (_("Lecture"), 30, lambda r: r["title"]),
        (_("Due on"), 12, lambda r: r["due_on"]),
        (_("Assigned"), 10, lambda r: r["assigned"]),
        (_("Started"), 10, lambda r: r["started"]),
        (_("Completed"), 10, lambda r: r["completed"]),
        (_("Overdue"), 10, lambda r: r["overdue"]),
        (_("Completion rate (percent)"), 12, lambda r: r["completion_percent"]),
    ]
    _sheet(
        workbook,
        _("Assigned lectures"),
        lectures,
        (
            {**row, "node": figures["organisation"]["name"]}
            for figures in [overview, *overview["children"]]
            for row in figures["lectures"]
        ),
    )
    nodes = [
        (_("Organisation"), 24, lambda f: f["organisation"]["name"]),
        (_("Members"), 10, lambda f: f["members"]),
        (_("Study hours"), 12, lambda f: f["study"]["hours"]),
        (_("Average hours"), 12, lambda f: f["study"]["average_hours"]),
        (_("Members short of quota"), 14, lambda f: f["study"]["members_short"]),
        (_("Base duty points"), 12, lambda f: f["points"]["base"]),
        (_("Service task points"), 12, lambda f: f["points"]["service"]),
        (_("Open pledges"), 12, lambda f: f["pledges"]["open"]),
        (_("Overdue pledges"), 12, lambda f: f["pledges"]["overdue"]),
        (_("Fulfilled pledges"), 12, lambda f: f["pledges"]["fulfilled"]),
    ]
    _sheet(workbook, _("Organisations compared"), nodes, [overview, *overview["children"]])
    _sheet(
        workbook,
        _("Members"),
        member_columns(),
        member_rows(**view.selector_filters()).iterator(),
    )
    short = [
        (_("Name"), 14, lambda r: r["name"]),
        (_("Organisation"), 24, lambda r: r["organisation_name"]),
        (_("Role"), 12, lambda r: r["role"]),
        (_("Study hours"), 12, lambda r: r["study_hours"]),
        (_("Quota to date"), 12, lambda r: r["quota_hours_to_date"]),
        (_("Hours short"), 12, lambda r: r["shortfall_hours"]),
    ]
    _sheet(
        workbook,
        _("Short of quota"),
        short,
        (
            hours_row(row)
            for row in members_short_of_quota(
                organisation=view.organisation, sub_organisation=view.sub_organisation
            ).iterator()
        ),
    )
    out = tempfile.TemporaryFile()
    workbook.save(out)
    out.seek(0)
    return out


def workbook_response(view: BranchView):
    return FileResponse(
        workbook_file(view),
        as_attachment=True,
        filename=_filename(view, "xlsx"),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


class _Echo:
    """A file-like object whose write() returns the line, for csv.writer over a stream."""

    def write(self, value):
        return value


def members_csv_lines(view: BranchView):
    columns = member_columns()
    writer = csv.writer(_Echo())
    yield "\ufeff" + writer.writerow([str(header) for header, _width, _value in columns])
    for row in member_rows(**view.selector_filters()).iterator():
        values = []
        for _header, _width, value in columns:
            cell = value(row)
            if isinstance(cell, datetime.datetime):
                cell = cell.strftime("%Y-%m-%d %H:%M")
            elif isinstance(cell, datetime.date):
                cell = cell.isoformat()
            values.append("" if cell is None else cell)
        yield writer.writerow(values)


def members_csv_response(view: BranchView):
    response = StreamingHttpResponse(
        (line.encode("utf-8") for line in members_csv_lines(view)),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{_filename(view, "csv")}"'
    return response
