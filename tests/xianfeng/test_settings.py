import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


def test_production_settings_pass_the_deploy_check(tmp_path):
    # The test process allows async-unsafe ORM calls for Playwright; production must not.
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "DJANGO_SETTINGS_MODULE": "xianfeng.settings.production",
        "SECRET_KEY": "k" * 20 + "-production-like-secret-value-0123456789abcdef",
        "ALLOWED_HOSTS": "xianfeng.example.cn",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'deploy.db'}",
        "REDIS_URL": "redis://127.0.0.1:6390/0",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "SECRET_KEY"}
    env.update(
        DJANGO_SETTINGS_MODULE="xianfeng.settings.production",
        DATABASE_URL=f"sqlite:///{tmp_path / 'x.db'}",
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_redis_page_cache_uses_its_own_database():
    from xianfeng.settings.redis_urls import redis_db_url

    assert redis_db_url("redis://127.0.0.1:6379/0", 1) == "redis://127.0.0.1:6379/1"
    assert redis_db_url("redis://:pw@cache:6379", 1) == "redis://:pw@cache:6379/1"


@pytest.mark.django_db
def test_load_demo_twice_changes_nothing():
    from django.core.management import call_command
    from wagtail.images import get_image_model
    from wagtail.models import Page

    from cms.models import Organisation

    def counts():
        return (
            Page.objects.count(),
            Organisation.objects.count(),
            get_image_model().objects.count(),
        )

    call_command("load_demo", stdout=open(os.devnull, "w"))
    first = counts()
    call_command("load_demo", stdout=open(os.devnull, "w"))
    assert counts() == first


def test_media_from_another_origin_is_allowed_by_the_content_security_policy(tmp_path):
    """MEDIA_URL on object storage or a CDN: pictures and audio from there must not be
    blocked by the policy that only allows our own origin."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "xianfeng.settings.production",
        "SECRET_KEY": "k" * 50,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'x.db'}",
        "MEDIA_URL": "https://cdn.example.cn/xianfeng/media/",
    }
    script = (
        "from django.conf import settings; from xianfeng.settings import base; "
        "d = settings.CONTENT_SECURITY_POLICY['DIRECTIVES']; "
        "print(d['img-src'], d['media-src'], d['script-src'], "
        "base.CONTENT_SECURITY_POLICY['DIRECTIVES']['img-src'])"
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", script],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    img, media, scripts, base_img = result.stdout.strip().split("] [")
    assert "'https://cdn.example.cn'" in img and "'https://cdn.example.cn'" in media
    assert "cdn.example.cn" not in scripts and "cdn.example.cn" not in base_img
