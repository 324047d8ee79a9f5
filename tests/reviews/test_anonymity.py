"""Anonymity of peer ratings: every way the application's models and queries offer to join a
grade back to its rater is tried, and none may work.

The core check runs the same ratings in two worlds that differ only in WHO gave WHICH grade
(A gives 东三 优秀 and B 不合格, or the other way round) and compares everything the database
holds about ratings, read in every order the application can ask for: the rows, their ids,
their physical order (PostgreSQL ctid) and row versions (xmin). Identical worlds mean no query
can tell them apart, so none can say who gave what."""

import uuid

import pytest
from django.apps import apps
from django.db import connection, models, transaction

from learning.reviews.models import Participant, PeerTally, RatingMark, Review
from learning.reviews.services import rating_submit
from tests.reviews.conftest import participant

pytestmark = pytest.mark.django_db


def _pg_rows(table, review):
    """On PostgreSQL: ids in physical order and the number of distinct row versions."""
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT id FROM {table} WHERE review_id = %s ORDER BY ctid", [review.pk])
        physical = [row[0] for row in cursor.fetchall()]
        cursor.execute(
            f"SELECT count(DISTINCT xmin::text) FROM {table} WHERE review_id = %s",
            [review.pk],
        )
        versions = cursor.fetchone()[0]
    return physical, versions


def snapshot(review):
    """All the database holds about the review's ratings, as the application can read it."""
    tallies = PeerTally.objects.filter(review=review)
    marks = RatingMark.objects.filter(review=review)
    return {
        # Unordered reads come back in the database's physical order.
        "tallies": list(tallies.values_list("id", "ratee_id", "grade", "count")),
        "tallies_by_pk": list(tallies.order_by("pk").values_list("id", "count")),
        "tallies_by_count": list(tallies.order_by("count", "pk").values_list("id")),
        # Mark ids are fresh random UUIDs in each world; who-rated-whom is the same by design.
        "marks": list(marks.values_list("rater_id", "ratee_id")),
        "marks_by_pk_ratees": sorted(marks.values_list("rater_id", "ratee_id")),
        "pg_tallies": _pg_rows(PeerTally._meta.db_table, review),
        "pg_mark_versions": (_pg_rows(RatingMark._meta.db_table, review) or (None, None))[1],
    }


def world(review, ratings):
    """Run `ratings` in a savepoint, snapshot the database, and roll them back."""
    with transaction.atomic():
        for rater, ratee, grade in ratings:
            rating_submit(user=rater.user, review_id=review.pk, ratee_id=ratee.pk, grade=grade)
        seen = snapshot(review)
        transaction.set_rollback(True)
    return seen


def test_who_gave_which_grade_leaves_no_trace(rtree, east_review):
    target = participant(east_review, rtree.e3)
    other = participant(east_review, rtree.e2)
    a, b = rtree.e1, rtree.east_secretary
    before = snapshot(east_review)
    one = world(
        east_review,
        [(a, target, "excellent"), (b, target, "poor"), (a, other, "good"), (b, other, "good")],
    )
    two = world(
        east_review,
        [(a, target, "poor"), (b, target, "excellent"), (a, other, "good"), (b, other, "good")],
    )
    assert one == two
    # The ratings changed counters only: the tally rows keep their ids and physical order...
    assert [row[0] for row in one["tallies"]] == [row[0] for row in before["tallies"]]
    counts = {(r, g): c for _id, r, g, c in one["tallies"] if r == target.pk}
    assert counts == {
        (target.pk, "excellent"): 1,
        (target.pk, "poor"): 1,
        (target.pk, "good"): 0,
        (target.pk, "basic"): 0,
    }
    # ...and on PostgreSQL every tally row of the review was rewritten by each rating: one row
    # version for all, so xmin does not point at the counter that moved.
    if one["pg_tallies"] is not None:
        assert one["pg_tallies"][1] == 1
        assert one["pg_tallies"][0] == before["pg_tallies"][0]


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
