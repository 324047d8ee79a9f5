"""Other domains add sections to the branch report and the member's record through hooks
(learning.sections), so the workspace shows meetings, tasks and reviews without importing them."""

import pytest
from django.urls import reverse
from wagtail import hooks

from learning.sections import (
    BRANCH_REPORT_SECTION,
    BRANCH_TABS,
    MEMBER_RECORD_SECTION,
    Section,
    Tab,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def probe_template(tmp_path, settings):
    (tmp_path / "tests").mkdir()
    (tmp_path / "tests" / "probe_section.html").write_text(
        '<p data-probe="{{ section.key }}">{{ section.title }}：{{ section.context.figure }}</p>'
    )
    templates = [dict(engine) for engine in settings.TEMPLATES]
    templates[0]["DIRS"] = [tmp_path, *templates[0]["DIRS"]]
    settings.TEMPLATES = templates


def test_a_registered_section_and_tab_show_on_the_branch_report(tree, signed_in):
    seen = []

    def section(*, organisation, user):
        seen.append((organisation.pk, user.pk))
        return Section(
            key="probe",
            title="探针",
            template="tests/probe_section.html",
            context={"figure": organisation.name},
        )

    def nothing(*, organisation, user):
        return None

    with (
        hooks.register_temporarily(BRANCH_REPORT_SECTION, section),
        hooks.register_temporarily(BRANCH_REPORT_SECTION, nothing),
        hooks.register_temporarily(
            BRANCH_TABS, lambda: Tab(title="探针页", url_name="branch:hours")
        ),
    ):
        client = signed_in(tree.east_secretary)
        page = client.get(reverse("branch:overview")).content.decode()

    assert seen == [(tree.east.pk, tree.east_secretary.user.pk)]
    assert '<p data-probe="probe">探针：东村党支部</p>' in page
    assert f'{reverse("branch:hours")}?org={tree.east.pk}">探针页</a>' in page


def test_a_registered_section_shows_on_the_member_record(tree, signed_in):
    def section(*, member):
        return Section(
            key="probe",
            title="探针",
            template="tests/probe_section.html",
            context={"figure": member.name},
        )

    with hooks.register_temporarily(MEMBER_RECORD_SECTION, section):
        page = signed_in(tree.e1).get(reverse("learning:record")).content.decode()
    assert '<p data-probe="probe">探针：东一</p>' in page
