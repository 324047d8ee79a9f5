"""Moving Member from learning to cms loses nothing: a populated database at the migrations
before the move (cms.0005, learning.0010) is migrated forward, and every row, foreign key,
group permission and admin log entry still points at the same members.

Runs on SQLite and PostgreSQL (migrations need a transactional test: SQLite's schema editor
refuses to run inside the test's atomic block). The demo is loaded and migrated back once for
the module, and each test starts from a copy of that database (tests/db_snapshot.py)."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from tests.db_snapshot import Snapshot

BEFORE = [
    ("cms", "0005_pledge_share_card_retries"),
    ("learning", "0010_quiz_gate_and_ledger_corrections"),
]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    ContentType.objects.clear_cache()
    return executor


def leaves():
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


@pytest.fixture(scope="module")
def snapshots(django_db_blocker):
    """Copies of the test database shared by this module's tests (tests/db_snapshot.py):
    migrating back is most of their time, so the demo is loaded and taken back once."""
    taken = {}
    yield taken
    with django_db_blocker.unblock():
        for snapshot in taken.values():
            snapshot.drop()


@pytest.fixture
def old_state(wagtail_tree, snapshots):
    """The demo site loaded, then the database taken back to before the move."""
    from cms.demo import load_demo

    as_found = Snapshot()
    try:
        if "before" in snapshots:
            snapshots["before"].restore()
        else:
            load_demo(log=lambda message: None)
            migrate(BEFORE)
            snapshots["before"] = Snapshot()
        yield MigrationExecutor(connection).loader.project_state(BEFORE).apps
    finally:
        # Leave the database at the newest migrations whatever happened in the test.
        as_found.restore()
        as_found.drop()


def populate(apps, *, premade_new_content_type):
    """A member with study progress, points, a pledge, a group permission and a log entry,
    written with the models as they were before the move."""
    from django.contrib.admin.models import LogEntry

    from cms.models import PledgeWallPage
    from learning.models import LecturePage

    # The organisation as it was then (later migrations add columns to it).
    Organisation = apps.get_model("cms", "Organisation")
    OldMember = apps.get_model("learning", "Member")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    OldContentType = apps.get_model("contenttypes", "ContentType")

    old_type = OldContentType.objects.get(app_label="learning", model="member")
    user = get_user_model().objects.create_user("move_tester", password="x")
    secretary = get_user_model().objects.create_user("move_secretary", password="x")
    branch = Organisation.objects.get(name="套里村党支部")
    member = OldMember.objects.create(
        user_id=user.pk, name="迁移测试", organisation_id=branch.pk, role="secretary"
    )
    lecture = LecturePage.objects.live().first()
    section = lecture.sections.first()
    apps.get_model("learning", "StudyClock").objects.create(
        member=member, credit_horizon=timezone.now()
    )
    apps.get_model("learning", "LectureProgress").objects.create(
        member=member, lecture_id=lecture.pk
    )
    apps.get_model("learning", "SectionProgress").objects.create(
        member=member, section_id=section.pk, lecture_id=lecture.pk, covered_seconds=42
    )
    apps.get_model("learning", "PointsEntry").objects.create(
        member=member, ledger="study", reason="lecture", points=7, source_key="move-test:1"
    )
    wall = PledgeWallPage.objects.live().first()
    apps.get_model("cms", "Pledge").objects.create(
        wall_id=wall.pk,
        author_id=user.pk,
        member_name=member.name,
        organisation_id=branch.pk,
        text="迁移后承诺还在",
        category="学习",
        due_on=datetime.date.today() + datetime.timedelta(days=30),
    )
    group = Group.objects.create(name="成员管理员")
    group.permissions.add(Permission.objects.get(content_type=old_type, codename="change_member"))
    get_user_model().objects.get(pk=secretary.pk).groups.add(group.pk)
    LogEntry.objects.create(
        user_id=secretary.pk,
        content_type_id=old_type.pk,
        object_id=str(member.pk),
        object_repr=member.name,
        action_flag=2,
        change_message="[]",
        action_time=timezone.now(),
    )
    if premade_new_content_type:
        # What post_migrate leaves when a migrate stops between cms.0006 and learning.0011:
        # the new label already exists, with its own permissions, one of them granted.
        new_type = OldContentType.objects.create(app_label="cms", model="member")
        for codename in ("add_member", "change_member", "delete_member", "view_member"):
            Permission.objects.create(content_type=new_type, codename=codename, name=codename)
        group.permissions.add(Permission.objects.get(content_type=new_type, codename="view_member"))
    return {"member": member.pk, "type": old_type.pk, "user": user.pk, "secretary": secretary.pk}


@pytest.mark.parametrize("premade_new_content_type", [False, True])
def test_member_move_keeps_rows_keys_and_permissions(old_state, premade_new_content_type):
    from django.contrib.admin.models import LogEntry
    from django.contrib.auth.models import Permission

    from cms.models import Member, Pledge
    from learning.models import LectureProgress, PointsEntry, SectionProgress, StudyClock

    before = populate(old_state, premade_new_content_type=premade_new_content_type)
    counts = {
        name: model.objects.count()
        for name, model in [
            ("members", Member),
            ("points", PointsEntry),
            ("lectures", LectureProgress),
            ("sections", SectionProgress),
            ("clocks", StudyClock),
            ("pledges", Pledge),
        ]
    }

    migrate(leaves())

    member = Member.objects.get(pk=before["member"])
    assert (member.name, member.role, member.user_id) == ("迁移测试", "secretary", before["user"])
    assert member.points_entries.get().points == 7
    assert member.study_clock.credit_horizon is not None
    assert member.lecture_progress.count() == 1
    assert member.section_progress.get().covered_seconds == 42
    assert Pledge.objects.get(text="迁移后承诺还在").author.member == member
    assert {
        "members": Member.objects.count(),
        "points": PointsEntry.objects.count(),
        "lectures": LectureProgress.objects.count(),
        "sections": SectionProgress.objects.count(),
        "clocks": StudyClock.objects.count(),
        "pledges": Pledge.objects.count(),
    } == counts

    # The content type kept its id under its new label: permissions and log entries follow.
    member_type = ContentType.objects.get_for_model(Member)
    assert member_type.pk == before["type"] and member_type.app_label == "cms"
    assert not ContentType.objects.filter(app_label="learning", model="member").exists()
    assert Permission.objects.filter(content_type=member_type).count() == 4
    secretary = get_user_model().objects.get(pk=before["secretary"])
    assert secretary.has_perm("cms.change_member")
    assert secretary.has_perm("cms.view_member") is premade_new_content_type
    entry = LogEntry.objects.get(object_id=str(member.pk), content_type=member_type)
    assert entry.get_edited_object() == member

    # And back: the reverse migration gives the content type its old label again.
    migrate(BEFORE)
    ContentType.objects.clear_cache()
    assert ContentType.objects.get(pk=before["type"]).app_label == "learning"
    assert not ContentType.objects.filter(app_label="cms", model="member").exists()
