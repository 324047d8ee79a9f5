"""On PostgreSQL with real threads: the same member scanning at once from several phones is
checked in once (the unique constraint decides), and the last seats of a lecture session are
never given twice (the meeting row's lock)."""

import pytest
from django.db import connection

from learning.meetings import codes
from learning.meetings.models import CheckIn
from learning.meetings.services import MeetingError, check_in, session_sign_up
from tests.cms.pledges.test_concurrency import run_at_once
from tests.meetings.test_sessions import _session

pytestmark = [pytest.mark.postgres_only]


@pytest.fixture
def postgres(wagtail_tree):
    # Before `tree`: a transactional test's flush removed Wagtail's root, which the demo needs.
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (XF_TEST_DB=postgres)")


@pytest.mark.django_db(transaction=True)
def test_concurrent_scans_check_in_once(postgres, tree, meeting):
    token = codes.check_in_token(meeting_id=meeting.pk)
    members = [tree.e1, tree.e2, tree.e3, tree.east_secretary]
    results = run_at_once(
        lambda i: check_in(meeting=meeting, member=members[i % 4], token=token)[1], threads=16
    )
    assert sum(results) == 4  # one new check-in each, the other twelve found it done
    assert CheckIn.objects.filter(meeting=meeting).count() == 4


@pytest.mark.django_db(transaction=True)
def test_concurrent_sign_ups_never_exceed_the_capacity(postgres, tree):
    from tests.branch.conftest import make_member

    session = _session(tree, capacity=3)
    people = [make_member(f"signer{i}", tree.west) for i in range(10)]

    def sign(i):
        try:
            return session_sign_up(meeting=session, member=people[i])[1]
        except MeetingError as refused:
            return refused.code

    results = run_at_once(sign, threads=10)
    assert results.count(True) == 3 and results.count("full") == 7
    assert session.attendances.count() == 3
