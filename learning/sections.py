"""Sections other domains add to the branch report and to a member's record.

Meetings, service tasks and reviews each report into the secretary's workspace (/branch/) and
the member's own record (/me/) without those pages importing them: a domain registers a Wagtail
hook, and the page renders whatever the hooks return, in hook order.

    @hooks.register(BRANCH_REPORT_SECTION)
    def meetings_section(*, organisation, user):
        return Section(key="meetings", title=_("Meetings"),
                       template="meetings/_branch_section.html", context={...})

    @hooks.register(MEMBER_RECORD_SECTION)
    def meetings_record(*, member):
        return Section(...)   # or None when there is nothing to show

    @hooks.register(BRANCH_TABS)
    def meetings_tab():
        return Tab(title=_("Meetings"), url_name="meetings:branch-list")

A hook runs inside the request that renders the page, so it must be cheap: one or two
aggregate queries over the organisation's subtree (organisation.path prefix), never a query
per member.
"""

from dataclasses import dataclass, field

from wagtail import hooks

BRANCH_REPORT_SECTION = "xf_branch_report_section"
MEMBER_RECORD_SECTION = "xf_member_record_section"
BRANCH_TABS = "xf_branch_tabs"


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    template: str
    context: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Tab:
    title: str
    url_name: str


def branch_report_sections(*, organisation, user) -> list[Section]:
    sections = (
        fn(organisation=organisation, user=user) for fn in hooks.get_hooks(BRANCH_REPORT_SECTION)
    )
    return [section for section in sections if section is not None]


def member_record_sections(*, member) -> list[Section]:
    sections = (fn(member=member) for fn in hooks.get_hooks(MEMBER_RECORD_SECTION))
    return [section for section in sections if section is not None]


def branch_tabs() -> list[Tab]:
    return [fn() for fn in hooks.get_hooks(BRANCH_TABS)]
