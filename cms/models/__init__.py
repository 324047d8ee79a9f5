from cms.models.brands import BrandGalleryImage, BrandIndexPage, BrandPage
from cms.models.home import HomePage
from cms.models.host_memberships import HostMembership, HostStatus
from cms.models.imports import ArticleImport
from cms.models.links import BrandProfileLink, BrandStoryLink, StoryProfileLink
from cms.models.members import YEARLY_QUOTA_HOURS, Member, MemberRole
from cms.models.organisation_admins import OrganisationAdministrator
from cms.models.organisations import Organisation, OrganisationKind
from cms.models.pledges import ModerationMode, PledgeWallIndexPage, PledgeWallPage
from cms.models.profiles import ProfileIndexPage, ProfilePage
from cms.models.stories import StoryIndexPage, StoryPage, StoryTag
from cms.pledges.models import (
    Pledge,
    PledgeLike,
    PledgeStatus,
    PledgeUpdate,
    SensitiveWord,
)

__all__ = [
    "ArticleImport",
    "BrandGalleryImage",
    "BrandIndexPage",
    "BrandPage",
    "BrandProfileLink",
    "BrandStoryLink",
    "HomePage",
    "HostMembership",
    "HostStatus",
    "Member",
    "MemberRole",
    "ModerationMode",
    "Organisation",
    "OrganisationAdministrator",
    "OrganisationKind",
    "PledgeWallIndexPage",
    "Pledge",
    "PledgeLike",
    "PledgeStatus",
    "PledgeUpdate",
    "PledgeWallPage",
    "SensitiveWord",
    "ProfileIndexPage",
    "ProfilePage",
    "StoryIndexPage",
    "StoryPage",
    "StoryProfileLink",
    "StoryTag",
    "YEARLY_QUOTA_HOURS",
]
