"""Reviews in the admin (listing and inspection; grades are given on /branch/reviews/), the
moderation of residents' comments on pledges, the branch workspace's tab and report section,
the member record's section and the demo."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import FieldPanel
from wagtail.admin.ui.tables import BooleanColumn
from wagtail.admin.views.generic import EditView
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permissions import register_permission_policy

from cms.organisation_access import (
    OrganisationScopedPermissionPolicy,
    OrganisationScopedViewSetMixin,
)
from cms.pledges.models import PledgeRating
from learning.reviews.models import Review
from learning.sections import (
    BRANCH_REPORT_SECTION,
    BRANCH_TABS,
    MEMBER_RECORD_SECTION,
    Section,
    Tab,
)

# Organisation administrators reach their subtrees' reviews and their members' pledge ratings.
register_permission_policy(Review, OrganisationScopedPermissionPolicy(Review))
register_permission_policy(
    PledgeRating,
    OrganisationScopedPermissionPolicy(
        PledgeRating,
        organisation_field="pledge__author__member__organisation",
        actions={"change", "view"},
    ),
)


class ReviewViewSet(OrganisationScopedViewSetMixin, ModelViewSet):
    """Reviews at a glance. Peer ratings are not here at all: they are counters the committee
    sees on /branch/reviews/ once rating has closed, and nobody sees who gave which."""

    model = Review
    icon = "group"
    menu_label = _("Member reviews")
    list_display = ["organisation", "year", "status", "opened_on", "finished_on"]
    list_filter = ["status", "year"]
    panels = [FieldPanel("status", read_only=True), FieldPanel("year", read_only=True)]
    add_view_enabled = False
    copy_view_enabled = False
    inspect_view_enabled = True
    inspect_view_fields = [
        "organisation",
        "year",
        "status",
        "opened_on",
        "closed_on",
        "finished_on",
    ]


class RatingModerationView(EditView):
    def save_instance(self):
        # Through the service: the editor's reach is checked and cached wall pages retired.
        from cms.pledges.models import CommentStatus
        from cms.pledges.verdicts import pledge_rating_moderate

        instance = self.form.instance
        approve = instance.comment_status == CommentStatus.APPROVED
        return pledge_rating_moderate(rating=instance, editor=self.request.user, approve=approve)


class PledgeRatingViewSet(OrganisationScopedViewSetMixin, ModelViewSet):
    model = PledgeRating
    icon = "comment"
    menu_label = _("Residents' ratings")
    # A yes/no column shows a tick or a cross, not Python's True/False.
    list_display = [
        "pledge",
        BooleanColumn("satisfied", label=PledgeRating._meta.get_field("satisfied").verbose_name),
        *["comment", "comment_status", "created_at"],
    ]
    list_filter = ["comment_status", "satisfied"]
    search_fields = ["comment"]
    panels = [FieldPanel("comment", read_only=True), FieldPanel("comment_status")]
    edit_view_class = RatingModerationView
    add_view_enabled = False
    copy_view_enabled = False


class ReviewsGroup(ViewSetGroup):
    menu_label = _("Reviews")
    menu_icon = "tasks"
    menu_order = 320
    items = (ReviewViewSet("member-reviews"), PledgeRatingViewSet("pledge-ratings"))


@hooks.register("register_admin_viewset")
def register_reviews_admin():
    return ReviewsGroup()


@hooks.register(BRANCH_TABS)
def reviews_tab():
    return Tab(title=_("Reviews"), url_name="reviews:branch")


@hooks.register(BRANCH_REPORT_SECTION)
def reviews_section(*, organisation, user):
    from learning.reviews.selectors import grade_figures, pledges_to_review

    figures = grade_figures(organisation=organisation)
    waiting = pledges_to_review(organisation=organisation).count()
    if figures is None and not waiting:
        return None
    return Section(
        key="reviews",
        title=_("Member review and pledges"),
        template="reviews/_branch_section.html",
        context={
            "figures": figures or {},
            "pledges_waiting": waiting,
            "url": f"{reverse('reviews:branch')}?org={organisation.pk}",
        },
    )


@hooks.register(MEMBER_RECORD_SECTION)
def reviews_record(*, member):
    from learning.reviews.selectors import member_grades

    grades = member_grades(member=member)
    if not grades:
        return None
    return Section(
        key="reviews",
        title=_("Member review results"),
        template="reviews/_record_section.html",
        context={"grades": grades},
    )


@hooks.register("xf_load_demo")
def load_demo_reviews(site):
    from learning.reviews.demo import load_demo_reviews

    load_demo_reviews(site)
