"""The main pages at phone (390×844) and desktop (1280×800) size with the demo data, as
visitors, a member, a secretary and an editor see them: each page answers and fits the
screen's width.

The pictures go to tests/artifacts/screenshots-latest/ on every run (ignored by git). With
XF_SCREENSHOTS=after they go to tests/artifacts/screenshots/after/, the committed set that
tests/artifacts/screenshots/before/ (the site before issue 19's phone-first work) is compared
with:

    XF_SCREENSHOTS=after XF_TEST_DB=sqlite .venv/bin/python -m pytest tests/cms/test_screenshots.py

Committed pictures are PNG, optimised; install fonts-noto-cjk (.ci/system-packages) first, or
Chromium draws the Chinese as empty boxes.
"""

import io
import os
import re
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

SIZES = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 800}}
ARTIFACTS = Path(__file__).resolve().parent.parent / "artifacts"


def shots_dir():
    if os.environ.get("XF_SCREENSHOTS") == "after":
        path = ARTIFACTS / "screenshots" / "after"
    else:
        path = ARTIFACTS / "screenshots-latest"
    path.mkdir(parents=True, exist_ok=True)
    return path


def save(page, path):
    """A small PNG: Pillow's optimised encoding of Chromium's shot."""
    from PIL import Image

    image = Image.open(io.BytesIO(page.screenshot()))
    image.save(path, format="PNG", optimize=True)


def sign_in(page, base, login_path, username, password, next_path):
    page.goto(f"{base}{login_path}?next={next_path}")
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill(password)
    page.locator("input[name=password]").press("Enter")
    page.wait_for_url(re.compile(re.escape(next_path) + "$"))


def pages_to_shoot():
    """(name, path, who) of the main pages; who: None, "member", "secretary" or "admin"."""
    from cms.models import BrandPage, PledgeWallPage, ProfilePage, StoryPage
    from learning.models import LecturePage

    brand = BrandPage.objects.live().get(title="密云先锋")
    profile = ProfilePage.objects.live().get(title="何秀玲")
    story = StoryPage.objects.live().filter(title__contains="密云先锋").first() or (
        StoryPage.objects.live().order_by("pk").first()
    )
    lecture = LecturePage.objects.live().order_by("pk").first()
    wall = PledgeWallPage.objects.live().get(slug="qijiang-qibi")
    return [
        ("home", "/", None),
        ("brands", "/brands/", None),
        ("brand", brand.url, None),
        ("stories", "/stories/", None),
        ("story", story.url, None),
        ("profile", profile.url, None),
        ("search", "/search/?q=%E5%85%88%E9%94%8B", None),
        ("pledge-wall", wall.url, None),
        ("study", f"/study/lecture/{lecture.pk}/", "member"),
        ("me", "/me/", "member"),
        ("branch", "/branch/", "secretary"),
        ("admin-dashboard", "/admin/", "admin"),
        ("admin-page-edit", f"/admin/pages/{story.pk}/edit/", "admin"),
    ]


def test_main_pages_at_phone_and_desktop(browser, live_demo_site):
    from cms.demo import ADMIN_PASSWORD, ADMIN_USERNAME
    from learning.branch.demo import SECRETARY_PASSWORD, SECRETARY_USERNAME, load_demo_branch
    from learning.demo import DEMO_PASSWORD, DEMO_USERNAME

    load_demo_branch(log=lambda message: None)
    base = live_demo_site.url
    logins = {
        "member": ("/accounts/login/", DEMO_USERNAME, DEMO_PASSWORD),
        "secretary": ("/accounts/login/", SECRETARY_USERNAME, SECRETARY_PASSWORD),
        "admin": ("/admin/login/", ADMIN_USERNAME, ADMIN_PASSWORD),
    }
    out = shots_dir()
    shot = pages_to_shoot()
    problems = []
    for size, viewport in SIZES.items():
        contexts = {}
        for name, path, who in shot:
            if who not in contexts:
                context = browser.new_context(
                    viewport=viewport, locale="zh-CN", is_mobile=size == "phone"
                )
                page = context.new_page()
                if who:
                    login_path, username, password = logins[who]
                    sign_in(page, base, login_path, username, password, path)
                contexts[who] = page
            page = contexts[who]
            response = page.goto(base + path)
            page.wait_for_load_state("networkidle")
            if response.status != 200:
                problems.append((name, size, response.status))
            if not page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"):
                problems.append((name, size, "wider than the screen"))
            save(page, out / f"{name}-{size}.png")
        for page in contexts.values():
            page.context.close()
    assert not problems, problems
