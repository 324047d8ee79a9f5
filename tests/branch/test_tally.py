"""LectureTally (PostgreSQL triggers): members who started and completed each lecture per
organisation, always equal to a recount of the progress rows, whoever writes them."""

import threading

import pytest
from django.db import connection, connections
from django.db.models import Count, Q
from django.utils import timezone

from learning.models import LectureProgress, LectureTally

pytestmark = [pytest.mark.postgres_only]


def recount():
    return {
        (lecture, org): (started, completed)
        for lecture, org, started, completed in LectureProgress.objects.order_by()
        .values("lecture_id", "member__organisation_id")
        .annotate(started=Count("pk"), completed=Count("pk", filter=Q(completed_at__isnull=False)))
        .values_list("lecture_id", "member__organisation_id", "started", "completed")
    }


def tallied():
    return {
        (lecture, org): (started, completed)
        for lecture, org, started, completed in LectureTally.objects.exclude(
            started=0, completed=0
        ).values_list("lecture_id", "organisation_id", "started", "completed")
    }


@pytest.fixture
def on_postgres():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (XF_TEST_DB=postgres)")


@pytest.mark.django_db
def test_tally_follows_every_kind_of_write(on_postgres, tree):
    from tests.branch.conftest import study

    assert tallied() == recount() != {}
    LectureProgress.objects.filter(member=tree.e2).update(completed_at=timezone.now())
    LectureProgress.objects.filter(member=tree.w1, lecture=tree.west_lecture).delete()
    study(tree.e3, tree.west_lecture, completed=True)
    LectureProgress.objects.bulk_create(
        [LectureProgress(member=m, lecture=tree.west_lecture) for m in (tree.w2, tree.e2)]
    )
    assert tallied() == recount()
    # A member moves: their rows count for the new organisation from then on.
    tree.e1.organisation = tree.west
    tree.e1.save()
    assert tallied() == recount()
    LectureProgress.objects.filter(member=tree.e1).delete()
    assert tallied() == recount()


@pytest.mark.django_db
def test_the_overview_reads_the_tally(on_postgres, tree):
    from learning.branch.selectors import branch_overview

    before = branch_overview(organisation=tree.town)["lectures"]
    LectureTally.objects.update(started=0, completed=0)  # what only the tally says
    after = branch_overview(organisation=tree.town)["lectures"]
    assert sum(r["started"] for r in before) > 0
    assert sum(r["started"] for r in after) == 0


@pytest.fixture
def pg_tree(wagtail_tree):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (XF_TEST_DB=postgres)")
    from cms.demo import load_demo
    from cms.models import Organisation
    from tests.learning.conftest import make_lecture, make_member

    load_demo(log=lambda message: None)
    branches = list(Organisation.objects.filter(kind="branch")[:2])
    lectures = [make_lecture([("video", 60)]) for _ in range(3)]
    members = [make_member(f"tally{i}", branches[i % 2]) for i in range(12)]
    return branches, lectures, members


@pytest.mark.django_db(transaction=True)
def test_tally_stays_exact_under_concurrent_writes_and_moves(pg_tree):
    branches, lectures, members = pg_tree
    errors = []
    barrier = threading.Barrier(len(members) + 1)

    def study_all(member):
        try:
            barrier.wait(timeout=30)
            for lecture in lectures:
                progress = LectureProgress.objects.create(member=member, lecture=lecture)
                LectureProgress.objects.filter(pk=progress.pk).update(completed_at=timezone.now())
        except Exception as error:
            errors.append(error)
        finally:
            connections.close_all()

    def move_all():
        try:
            barrier.wait(timeout=30)
            for round_ in range(3):
                for member in members:
                    member.organisation = branches[(round_ + member.pk) % 2]
                    member.save(update_fields=["organisation"])
        except Exception as error:
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=study_all, args=(m,)) for m in members]
    threads.append(threading.Thread(target=move_all))
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors, errors[:3]
    assert LectureProgress.objects.filter(completed_at__isnull=False).count() >= 36
    assert tallied() == recount()
