"""Like counts stay exact when 50 likes arrive at the same moment, and a member's pledge limit
holds when posts arrive together (PostgreSQL, real threads)."""

import threading

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.db import connection, connections

from cms.models import Pledge, PledgeStatus, PledgeWallPage
from cms.pledges import services

pytestmark = [pytest.mark.postgres_only]
THREADS = 50


@pytest.fixture
def pledge(wagtail_tree, settings):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (XF_TEST_DB=postgres)")
    from cms.demo import load_demo

    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "like_per_address": "1000/hour"}
    load_demo(log=lambda message: None)
    author = get_user_model().objects.create_user("author")
    return Pledge.objects.create(
        wall=PledgeWallPage.objects.get(slug="qijiang-qibi"),
        author=author,
        member_name="韩祝君",
        text="我要发挥先锋模范带头作用",
        category="岗位建功",
        due_on="2030-01-01",
        status=PledgeStatus.APPROVED,
    )


def run_at_once(work, threads=THREADS):
    barrier = threading.Barrier(threads)
    results, errors = [], []

    def worker(i):
        try:
            barrier.wait(timeout=30)
            results.append(work(i))
        except Exception as error:
            errors.append(error)
        finally:
            connections.close_all()

    workers = [threading.Thread(target=worker, args=(i,)) for i in range(threads)]
    for thread in workers:
        thread.start()
    for thread in workers:
        thread.join(timeout=120)
    assert not errors, errors[:3]
    return results


@pytest.mark.django_db(transaction=True)
def test_fifty_concurrent_likes_by_different_people_count_exactly(pledge):
    users = [get_user_model().objects.create_user(f"liker{i}") for i in range(THREADS // 2)]

    def like(i):
        if i < len(users):
            return services.like(pledge=pledge, user=users[i])
        return services.like(
            pledge=pledge, user=AnonymousUser(), visitor_key=f"visitor-{i}", ip=f"10.0.0.{i}"
        )

    results = run_at_once(like)
    assert all(liked for liked, _ in results)
    pledge.refresh_from_db()
    assert pledge.like_count == THREADS == pledge.likes.count()
    assert sorted(count for _, count in results)[-1] == THREADS


@pytest.mark.django_db(transaction=True)
def test_fifty_concurrent_likes_by_one_person_count_once(pledge):
    user = get_user_model().objects.create_user("eager")
    results = run_at_once(lambda i: services.like(pledge=pledge, user=user))
    assert sum(1 for liked, _ in results if liked) == 1
    pledge.refresh_from_db()
    assert pledge.like_count == 1 == pledge.likes.count()


@pytest.mark.django_db(transaction=True)
def test_concurrent_posts_by_one_member_stop_at_the_walls_limit(pledge, settings):
    import datetime

    from django.core.exceptions import ValidationError
    from django.utils import timezone

    from cms.models import Member, Organisation

    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "pledge_created": "1000/hour"}
    wall = pledge.wall
    wall.max_pledges_per_member = 3
    wall.save()
    user = get_user_model().objects.create_user("hasty")
    Member.objects.create(user=user, name="急先锋", organisation=Organisation.objects.first())
    due = timezone.localdate() + datetime.timedelta(days=30)

    def post(i):
        try:
            return services.post_pledge(
                wall=PledgeWallPage.objects.get(pk=wall.pk),
                user=user,
                text=f"我承诺第{i}次认真完成志愿服务工作。",
                category="岗位建功",
                due_on=due,
            )
        except ValidationError as refused:  # the expected answer once the limit is reached
            return refused

    results = run_at_once(post, threads=12)
    made = [r for r in results if isinstance(r, Pledge)]
    refused = [r for r in results if isinstance(r, ValidationError)]
    assert len(made) == 3 and len(refused) == 9
    assert all("上限" in str(error) for error in refused)
    assert Pledge.objects.filter(wall=wall, author=user).count() == 3
