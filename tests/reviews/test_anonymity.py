"""Anonymity of peer ratings: every way the application's models and queries offer to join a
grade back to its rater is tried, and none may work.

The core check runs the same ratings in two worlds that differ only in WHO gave WHICH grade
(A gives 东三 优秀 and B 不合格, or the other way round) and compares everything the database
holds about ratings, read in every order the application can ask for: the rows, their ids,
their physical order (PostgreSQL ctid) and row versions (xmin). Identical worlds mean no query
can tell them apart, so none can say who gave what."""

import random
import uuid

import pytest
from django.apps import apps
from django.db import connection, models, transaction

from learning.reviews.models import Participant, PeerTally, RatingMark, Review
from learning.reviews.services import rating_submit, review_open
from tests.reviews.conftest import participant

pytestmark = pytest.mark.django_db


def _pg_physical(model, review, label):
    """On PostgreSQL: the rows' labels in physical order (ctid), and how many distinct row
    versions (xmin) the review's rows have."""
    if connection.vendor != "postgresql":
        return None
    table = model._meta.db_table
    ids = {}
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT id FROM {table} WHERE review_id = %s ORDER BY ctid", [review.pk])
        ids = [row[0] for row in cursor.fetchall()]
        cursor.execute(
            f"SELECT count(DISTINCT xmin::text) FROM {table} WHERE review_id = %s", [review.pk]
        )
        versions = cursor.fetchone()[0]
    by_id = {row.pk: label(row) for row in model.objects.filter(review=review)}
    return [by_id[i] for i in ids], versions


def snapshot(review):
    """All the database holds about the review's ratings, as the application can read it, with
    ids and participants named by what they stand for (a second world draws other ids)."""
    member = dict(Participant.objects.filter(review=review).values_list("pk", "member_id"))

    def tally(row):
        return (member[row.ratee_id], row.grade, row.count)

    def mark(row):
        return (member[row.rater_id], member[row.ratee_id])

    tallies = PeerTally.objects.filter(review=review)
    marks = RatingMark.objects.filter(review=review)
    return {
        # Unordered reads come back in the database's physical order.
        "tallies": [tally(t) for t in tallies],
        "tallies_by_pk": [tally(t) for t in tallies.order_by("pk")],
        "tallies_by_count": [tally(t) for t in tallies.order_by("count", "pk")],
        "marks": [mark(m) for m in marks],
        "marks_by_pk": [mark(m) for m in marks.order_by("pk")],
        "pg_tallies": _pg_physical(PeerTally, review, tally),
        "pg_marks": _pg_physical(RatingMark, review, mark),
    }


def seeded_ids(monkeypatch, seed):
    """Both worlds draw the same random ids, so that only the grades can differ."""
    generator = random.Random(seed)
    for model in (PeerTally, RatingMark):
        # Field.get_default() calls the cached _get_default: replace that.
        monkeypatch.setattr(
            model._meta.pk,
            "_get_default",
            lambda: uuid.UUID(int=generator.getrandbits(128), version=4),
            raising=False,
        )
    random.seed(seed)  # the tallies' shuffle when the review opens


def world(rtree, monkeypatch, ratings):
    """Open the east review afresh and run `ratings` (names) in a savepoint, snapshot the
    database, and roll it all back. On PostgreSQL the review tables are emptied first
    (TRUNCATE: a new empty file), so both worlds start from the same physical state."""
    seeded_ids(monkeypatch, 17)
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                tables = ", ".join(
                    m._meta.db_table for m in (RatingMark, PeerTally, Participant, Review)
                )
                cursor.execute(f"TRUNCATE {tables}")
        review = review_open(
            user=rtree.east_secretary.user, organisation_id=rtree.east.pk, year=2024
        )
        before = snapshot(review)
        for rater, ratee, grade in ratings:
            rating_submit(
                user=getattr(rtree, rater).user,
                review_id=review.pk,
                ratee_id=Participant.objects.get(review=review, member=getattr(rtree, ratee)).pk,
                grade=grade,
            )
        seen = snapshot(review)
        transaction.set_rollback(True)
    return before, seen


def test_who_gave_which_grade_leaves_no_trace(rtree, monkeypatch):
    a, b = "e1", "east_secretary"
    before, one = world(
        rtree,
        monkeypatch,
        [(a, "e3", "excellent"), (b, "e3", "poor"), (a, "e2", "good"), (b, "e2", "good")],
    )
    _, two = world(
        rtree,
        monkeypatch,
        [(a, "e3", "poor"), (b, "e3", "excellent"), (a, "e2", "good"), (b, "e2", "good")],
    )
    assert one == two
    e3 = rtree.e3.pk
    assert {(g, c) for m, g, c in one["tallies"] if m == e3} == {
        ("excellent", 1),
        ("poor", 1),
        ("good", 0),
        ("basic", 0),
    }
    # The ratings changed counters only: the tally rows keep their order...
    assert [t[:2] for t in one["tallies"]] == [t[:2] for t in before["tallies"]]
    # ...and on PostgreSQL every tally row of the review was rewritten by each rating: one row
    # version for all, so xmin does not point at the counter that moved.
    if one["pg_tallies"] is not None:
        assert one["pg_tallies"][1] == 1


def test_the_tables_hold_no_link_between_rater_and_grade():
    mark_fields = {f.name for f in RatingMark._meta.get_fields()}
    tally_fields = {f.name for f in PeerTally._meta.get_fields()}
    assert mark_fields == {"id", "review", "rater", "ratee"}  # no grade, no time
    assert tally_fields == {"id", "review", "ratee", "grade", "count"}  # no rater, no time
    # No table anywhere points at a mark or a tally (a log, an audit row, a history).
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if field.is_relation and field.concrete:
                assert field.related_model not in (RatingMark, PeerTally), (model, field)
    # No time finer than a day on anything of a review; none at all on marks and tallies.
    for model in (Review, Participant, RatingMark, PeerTally):
        for field in model._meta.concrete_fields:
            assert not isinstance(field, models.DateTimeField), (model, field.name)
    # Random ids: no sequence, no time-ordered UUID says which mark came first.
    assert isinstance(RatingMark._meta.pk, models.UUIDField)
    assert isinstance(PeerTally._meta.pk, models.UUIDField)


def test_ratings_write_nothing_else(rtree, east_review):
    from wagtail.models import ModelLogEntry

    from learning.models import InboxMessage

    counts = (ModelLogEntry.objects.count(), InboxMessage.objects.count())
    target = participant(east_review, rtree.e3)
    rating_submit(user=rtree.e1.user, review_id=east_review.pk, ratee_id=target.pk, grade="poor")
    mark = RatingMark.objects.get(review=east_review)
    assert isinstance(mark.id, uuid.UUID) and mark.id.version == 4
    assert (ModelLogEntry.objects.count(), InboxMessage.objects.count()) == counts


def test_counts_are_hidden_while_rating_is_open(rtree, east_review, client):
    """Between two ratings the committee could otherwise watch a counter move and ask the
    has-rated rows who just rated: the counts appear only once rating has closed."""
    from learning.reviews.services import review_close

    target = participant(east_review, rtree.e3)
    rating_submit(user=rtree.e1.user, review_id=east_review.pk, ratee_id=target.pk, grade="poor")
    client.force_login(rtree.east_secretary.user)
    page = client.get(f"/branch/reviews/{east_review.pk}/").content.decode()
    assert "data-peer" not in page
    body = client.get(f"/api/reviews/branch/{east_review.pk}/").json()
    assert all(row["peer"] is None for row in body["rows"])
    assert body["ratings_given"] == 1
    # The member sees only that they rated, not even their own grade back.
    client.force_login(rtree.e1.user)
    mine = client.get("/api/reviews/mine/").json()[0]
    assert "poor" not in str(mine)
    review_close(user=rtree.east_secretary.user, review_id=east_review.pk)
    client.force_login(rtree.east_secretary.user)
    body = client.get(f"/api/reviews/branch/{east_review.pk}/").json()
    row = next(r for r in body["rows"] if r["id"] == target.pk)
    assert {g["grade"]: g["count"] for g in row["peer"]}["poor"] == 1
    assert "rater" not in str(body)
