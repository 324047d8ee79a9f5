import datetime

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.utils import timezone

from cms.models import Organisation, PledgeWallPage


@pytest.fixture
def wall(demo_site):
    from cms.models import Pledge

    # The demo brings a few pledges of its own (tests/cms/pledges/test_demo.py covers them);
    # these tests start from an empty wall so their counts mean what they say.
    Pledge.objects.all().delete()
    return PledgeWallPage.objects.get(slug="qijiang-qibi")


def make_member(username, name="张三", org_name="雪水港村党总支"):
    from cms.models import Member

    user = get_user_model().objects.create_user(username, password="pw-" + username)
    Member.objects.create(
        user=user, name=name, organisation=Organisation.objects.get(name=org_name)
    )
    return user


@pytest.fixture
def member(wall):
    return make_member("zhang", "张三")


@pytest.fixture
def other_member(wall):
    return make_member("li", "李四")


@pytest.fixture
def editor(wall):
    user = get_user_model().objects.create_user("editor", password="pw-editor")
    user.user_permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(codename="change_pledge"),
    )
    return get_user_model().objects.get(pk=user.pk)


@pytest.fixture
def due():
    return timezone.localdate() + datetime.timedelta(days=60)
