"""One English word, two Chinese ones: a msgid that means different things in two places gets
a context, so each place reads right in Chinese — a lecture's progress is 学习进度 (the
pledge's is 践诺进展), the admin's Pages menu 页面 (our pagination's 分页), an assignment's
deadline 截止日期 (a pledge's 承诺期限)."""

import pytest
from django.utils import translation

from tests.learning.conftest import make_lecture, make_member

ZH = {"HTTP_ACCEPT_LANGUAGE": "zh-hans"}


def test_the_catalogue_keeps_the_meanings_apart():
    from cms.models import Pledge
    from learning.models import Assignment

    with translation.override("zh-hans"):
        assert translation.pgettext("study", "Progress") == "学习进度"
        assert translation.gettext("Progress") == "践诺进展"  # the pledge's progress
        assert translation.gettext("Pages") == "页面"  # Wagtail's, no longer our pagination's
        assert translation.pgettext("pagination", "Pages") == "分页"
        assert str(Assignment._meta.get_field("due_on").verbose_name) == "截止日期"
        assert str(Pledge._meta.get_field("due_on").verbose_name) == "承诺期限"


@pytest.mark.django_db
def test_the_study_page_says_study_progress(client, demo_site, settings):
    from cms.models import Organisation

    settings.PAGE_CACHE_ENABLED = False
    member = make_member("xianfeng_ctx", Organisation.objects.get(name="雪水港村党总支"))
    lecture = make_lecture([("reading", 60)] * 2)
    client.force_login(member.user)
    html = client.get(f"/study/lecture/{lecture.pk}/", **ZH).content.decode()
    assert html.count('aria-label="学习进度"') == 2
    assert "践诺进展" not in html


@pytest.mark.django_db
def test_admin_pages_menu_and_assignment_form_in_chinese(admin_client, demo_site):
    import json
    import re

    html = admin_client.get("/admin/", **ZH).content.decode()
    props = re.search(r'id="wagtail-sidebar-props"[^>]*>(.*?)</script>', html, re.S).group(1)
    sidebar = json.dumps(json.loads(props), ensure_ascii=False)
    assert '"页面"' in sidebar and "分页" not in sidebar  # 分页 is pagination
    # The assignment's edit form labels its deadline as a study deadline.
    form = admin_client.get("/admin/snippets/learning/assignment/add/", **ZH).content.decode()
    assert "截止日期" in form and "承诺期限" not in form
