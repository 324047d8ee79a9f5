"""The member lists count their rows from per-organisation counts and read them a block (one
lecture and due date) at a time: the counts, pages and streams must agree with the rows
themselves, and the study figures with a recount from the raw progress events."""

import datetime
import itertools

import pytest
from django.utils import timezone

from learning.branch.selectors import (
    ROW_FIELDS,
    Status,
    branch_overview,
    member_rows,
    members_short_of_quota,
)
from learning.models import Assignment, ProgressEvent
from learning.selectors import study_record
from tests.branch.conftest import make_member, study

pytestmark = pytest.mark.django_db

STATUSES = [None, *Status.SELECTS]


def pages(rows, size):
    """Every row, read page by page as the paginator does."""
    found, start = [], 0
    while start < rows.count():
        found += rows[start : start + size]
        start += size
    return found


def local(value):
    """A time as exports read it: local wall-clock time, without zone."""
    if value is None or value.tzinfo is None:
        return value
    return timezone.localtime(value).replace(tzinfo=None)


def assert_consistent(rows):
    every = list(rows)
    assert rows.count() == len(every)
    assert pages(rows, 3) == every
    times = {"started_at", "completed_at"}
    as_dicts = [tuple(local(row[f]) if f in times else row[f] for f in ROW_FIELDS) for row in every]
    as_tuples = [
        tuple(local(v) if f in times else v for f, v in zip(ROW_FIELDS, row, strict=True))
        for row in rows.tuples()
    ]
    assert as_dicts == as_tuples
    return every


def test_counts_pages_and_streams_agree_for_every_filter(tree):
    # A second assignment of the town lecture to a group, due the same day: one block, and the
    # group's members (inside both subtrees) are listed once for it (each member once per
    # lecture and due date, as a member reached at home and at a host: issue 15).
    town = Assignment.objects.get(lecture=tree.lecture, organisation=tree.town)
    Assignment.objects.create(
        lecture=tree.lecture, organisation=tree.east_group, due_on=town.due_on
    )
    lectures = [None, tree.lecture.pk, tree.west_lecture.pk]
    subs = [None, tree.east, tree.east_group, tree.west]
    for status, lecture, sub in itertools.product(STATUSES, lectures, subs):
        rows = member_rows(
            organisation=tree.town, status=status, lecture_id=lecture, sub_organisation=sub
        )
        every = assert_consistent(rows)
        if status:
            assert {row["status"] for row in every} <= set(Status.SELECTS[status])
    group = list(member_rows(organisation=tree.town, sub_organisation=tree.east_group))
    assert [row["name"] for row in group] == ["东二"]


def test_blocks_come_in_due_date_order_and_the_overview_agrees(tree):
    later = tree.west_lecture
    rows = list(member_rows(organisation=tree.town))
    dues = [row["due_on"] for row in rows]
    assert dues == sorted(dues)
    overview = branch_overview(organisation=tree.town)
    for lecture in overview["lectures"]:
        for status, key in ((Status.COMPLETED, "completed"), (Status.OVERDUE, "overdue")):
            rows = member_rows(organisation=tree.town, lecture_id=lecture["lecture"], status=status)
            assert rows.count() == lecture[key]
    assert member_rows(organisation=tree.west, lecture_id=later.pk).count() == 3


def test_an_empty_view_counts_nothing(tree):
    rows = member_rows(organisation=tree.east, lecture_id=tree.west_lecture.pk)
    assert rows.count() == 0 and list(rows) == [] and rows[0:50] == []
    with pytest.raises(IndexError):
        rows[0]


def test_short_of_quota_agrees_with_a_recount_from_the_events(tree):
    now = timezone.now()
    # Study last year and a second event this year: only this year's events count.
    study(tree.e3, tree.west_lecture, seconds=500)
    study(tree.e3, tree.lecture, seconds=7000, when=now - datetime.timedelta(days=400))
    late = make_member("late", tree.west, role="secretary", name="西委员")
    rows = members_short_of_quota(organisation=tree.town, now=now)
    every = list(rows)
    assert (
        rows.count()
        == len(every)
        == branch_overview(organisation=tree.town, now=now)["study"]["members_short"]
    )
    assert pages(rows, 2) == every
    gaps = [row["studied_seconds"] - row["quota_seconds"] for row in every]
    assert gaps == sorted(gaps)
    for row in every:
        member = next(m for m in [late, *vars_members(tree)] if m.pk == row["member_id"])
        assert row["studied_seconds"] == pytest.approx(
            study_record(member, now)["credited_seconds"]
        )
        assert row["studied_seconds"] < row["quota_seconds"]
    assert tree.e1.pk not in {row["member_id"] for row in every}
    # The branch's own view: its members only, the same figures.
    west = members_short_of_quota(organisation=tree.town, sub_organisation=tree.west, now=now)
    assert {row["member_id"] for row in west} == {
        row["member_id"] for row in every if row["organisation_id"] == tree.west.pk
    }
    total = sum(
        ProgressEvent.objects.filter(
            member__organisation__path__startswith=tree.town.path,
            received_at__year=timezone.localdate(now).year,
        ).values_list("credited_seconds", flat=True)
    )
    hours = branch_overview(organisation=tree.town, now=now)["study"]["hours"]
    assert hours == round(total / (45 * 60), 1)


def vars_members(tree):
    return [value for value in vars(tree).values() if hasattr(value, "yearly_quota_hours")]


def test_the_members_sheet_holds_every_row_with_local_times(tree):
    """The streaming writer's sheet read back: the same rows, in order, times to the second."""
    import io

    from openpyxl import load_workbook

    from learning.branch.exports import workbook_file
    from learning.branch.scope import BranchView

    book = load_workbook(io.BytesIO(workbook_file(BranchView(organisation=tree.town)).read()))
    header, *rows = list(book["党员"].iter_rows(values_only=True))
    assert len(header) == 8  # the last: a member away from home's home organisation
    expected = [
        (row["name"], row["organisation_name"], row["due_on"], local(row["started_at"]))
        for row in member_rows(organisation=tree.town)
    ]
    assert [(r[0], r[1], r[3].date()) for r in rows] == [e[:3] for e in expected]
    for r, e in zip(rows, expected, strict=True):
        # Excel keeps a time as a fraction of a day: equal to well within a second.
        assert (r[5] is None) == (e[3] is None)
        assert e[3] is None or abs(r[5] - e[3]) < datetime.timedelta(seconds=1)
    assert any(r[5] is not None for r in rows)
    short = list(book["学时不足"].iter_rows(values_only=True))[1:]
    assert [r[0] for r in short] == [
        row["name"] for row in members_short_of_quota(organisation=tree.town)
    ]
