"""Article import, the Django side: a parsed article becomes a draft story with draft profiles.

`import_article` is the one entry point (the management command, the admin screen and the demo
all call it). It is idempotent by content: the same article again, in either script, changes
nothing. Everything an import creates is written in one transaction, so a failure leaves no
half import behind.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.db.models.functions import Length
from django.utils import timezone
from django.utils.html import escape
from django.utils.text import slugify
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.rich_text import RichText

from cms.importer.parse import ArticleError, ParsedArticle, Person, parse_article
from cms.importer.places import anchored_chains, units_at
from cms.importer.text import content_key, to_simplified
from cms.models import ArticleImport, ProfilePage, StoryPage, StoryProfileLink

logger = logging.getLogger(__name__)

CREATED, UNCHANGED, FAILED = "created", "unchanged", "failed"
DUPLICATE = "duplicate"  # another article with the same title is already a story on the site
UNEXPECTED = _("The import failed; nothing was saved.")

# Field limits of the page models, so a long line never makes an import fail.
TITLE_MAX, SOURCE_MAX, BYLINE_MAX, SUMMARY_MAX = 255, 120, 200, 120
ROLE_MAX, REGION_MAX, BIO_MAX, HEADING_MAX = 200, 80, 300, 120
FIGURE_VALUE_MAX, FIGURE_UNIT_MAX, FIGURE_LABEL_MAX = 20, 20, 60
ROLE_UNKNOWN = "待补充"  # a profile's role is required; the editor fills it in

# County level or above, at the start of a place or role: 密云区, 嘉兴市, 海盐县.
_REGION_RE = re.compile(r"^([\u4e00-\u9fff]{1,7}?(?:自治区|省|市|县|区))")
_NOT_REGION = (
    "社区",
    "小区",
    "园区",
    "街区",
    "城区",
    "景区",
    "辖区",
    "片区",
    "库区",
    "北区",
    "南区",
    "东区",
    "西区",
)


@dataclass
class ProposedPerson:
    """A person of the article as a profile: created new, or an existing profile reused."""

    person: Person
    name: str  # Simplified, the profile's title
    role: str
    region: str
    bio: str
    existing: ProfilePage | None = None


@dataclass
class ImportResult:
    status: str  # created | unchanged | duplicate | failed
    filename: str = ""
    story: StoryPage | None = None
    profiles: list = field(default_factory=list)  # every profile linked to the story
    created_profiles: list = field(default_factory=list)  # the subset this import created
    message: str = ""  # for the editor (Simplified Chinese)
    code: str = ""  # ArticleError code when failed
    parsed: ParsedArticle | None = None


# --- pure helpers -------------------------------------------------------------------------


def clip(text: str, limit: int) -> str:
    text = (text or "").strip()
    return text if len(text) <= limit else text[: limit - 1] + "…"


def story_title(parsed: ParsedArticle) -> str:
    """The headline, or a stand-in the editor will see is one (subtitle, heading, first words)."""
    if parsed.title:
        return clip(parsed.title, TITLE_MAX)
    if parsed.subtitle:
        return clip(parsed.subtitle, TITLE_MAX)
    for block in parsed.blocks:
        if block.kind == "heading":
            return clip(block.text, TITLE_MAX)
    first = parsed.blocks[0].text if parsed.blocks else parsed.filename
    sentence = re.split(r"[。！？；]", first, maxsplit=1)[0]
    return clip(sentence, 30)


def story_summary(parsed: ParsedArticle) -> str:
    if parsed.subtitle and parsed.title:
        return clip(parsed.subtitle, SUMMARY_MAX)
    for text in parsed.paragraphs:
        if len(text) >= 20:
            return clip(text, SUMMARY_MAX)
    return ""


def body_blocks(parsed: ParsedArticle) -> list:
    """StoryBlock children: heading, paragraph (escaped text in <p>), figure + its paragraph."""
    blocks = []
    for block in parsed.blocks:
        if block.kind == "heading":
            blocks.append(("heading", clip(block.text, HEADING_MAX)))
            continue
        if block.kind == "figure" and block.value:
            blocks.append(
                (
                    "figure",
                    {
                        "value": clip(block.value, FIGURE_VALUE_MAX),
                        "unit": clip(block.unit or "", FIGURE_UNIT_MAX),
                        "label": clip(block.label or "", FIGURE_LABEL_MAX),
                    },
                )
            )
        blocks.append(("paragraph", RichText(f"<p>{escape(block.text)}</p>")))
    return blocks


def region_of(text: str) -> str:
    match = _REGION_RE.match(to_simplified(text or ""))
    if not match:
        return ""
    region = match.group(1)
    if region.endswith(_NOT_REGION) or len(region) < 3:
        return ""
    return region


def story_region(parsed: ParsedArticle) -> str:
    """The county-level place the story is about, when the people and the text agree on one.

    Taken from the people's places, roles and organisations (密云区委组织部 -> 密云区): the place
    most people share if it clearly leads, or the only place found if the text names it again.
    """
    counts = Counter()
    for person in parsed.people:
        found = {region_of(person.place), region_of(person.role), region_of(person.organisation)}
        counts.update(r for r in found if r)
    ranked = counts.most_common(2)
    if not ranked:
        return named_region(parsed.simplified_text)
    region, count = ranked[0]
    if len(ranked) == 1:
        return clip(region, REGION_MAX) if parsed.simplified_text.count(region) >= 2 else ""
    return clip(region, REGION_MAX) if count >= 2 and count > ranked[1][1] else ""


def named_region(text: str) -> str:
    """The first county-level unit of a place chain the text names (走进苍梧县沙头镇… -> 苍梧县)."""
    for pos, _chain in anchored_chains(text):
        place = ""
        for unit in units_at(text, pos):
            place += unit
            if region := region_of(place):
                return clip(region, REGION_MAX)
    return ""


def story_with_title(title: str) -> StoryPage | None:
    """An imported story already on the site under this title in either script (OpenCC t2s on
    both sides, whitespace ignored), so a re-import is caught even if the text changed. Stories
    written by hand are not matched: an editor may keep a short story beside the full article
    under the same headline (the demo's 密云先锋 story does)."""
    key = content_key(title)
    if not key:
        return None
    # Conversion keeps lengths; a few characters of slack allow for spaces in the titles.
    candidates = (
        StoryPage.objects.filter(imports__isnull=False)
        .distinct()
        .annotate(title_length=Length("title"))
        .filter(title_length__range=(len(key), len(key) + 8))
        .order_by("pk")
    )
    return next((s for s in candidates if content_key(s.title) == key), None)


def duplicate_message(story: StoryPage) -> str:
    return gettext(
        "A story titled “%(title)s” is already on the site; nothing was imported. "
        "Edit that story, or change the title if this is a different story."
    ) % {"title": story.title}


def person_bio(person: Person, parsed: ParsedArticle) -> str:
    """The first sentence of the article that names the person, as a draft biography."""
    names = {person.name, person.name_simplified}
    for text in parsed.paragraphs:
        for sentence in re.findall(r"[^。！？]*[。！？]?", text):
            if any(name in sentence for name in names):
                return clip(to_simplified(sentence), BIO_MAX)
    return ""


def same_person(profile: ProfilePage, role: str, organisation: str) -> bool:
    """An existing profile of the same name is the same person if role or organisation agree."""
    old = (profile.role or "").strip()
    if not role or not old or old == ROLE_UNKNOWN:
        return True
    if role == old or role in old or old in role:
        return True
    return bool(organisation) and organisation in old


def propose_people(parsed: ParsedArticle) -> list[ProposedPerson]:
    """The profiles an import would link: existing ones reused, the rest to be created. Reads only."""
    people = {}
    for person in parsed.people:
        name = to_simplified(person.name_simplified or person.name).strip()
        if name and name not in people:
            people[name] = person
    namesakes = {}
    for profile in ProfilePage.objects.filter(title__in=people).order_by("pk"):
        namesakes.setdefault(profile.title, []).append(profile)
    proposed = []
    for name, person in people.items():
        role = clip(to_simplified(person.role), ROLE_MAX)
        organisation = to_simplified(person.organisation)
        existing = next(
            (p for p in namesakes.get(name, ()) if same_person(p, role, organisation)), None
        )
        proposed.append(
            ProposedPerson(
                person=person,
                name=name,
                role=role or ROLE_UNKNOWN,
                region=clip(to_simplified(person.place), REGION_MAX),
                bio=person_bio(person, parsed),
                existing=existing,
            )
        )
    return proposed


# --- slugs --------------------------------------------------------------------------------


def pinyin_slug(text: str, limit: int = 50) -> str:
    from pypinyin import lazy_pinyin

    slug = slugify("-".join(lazy_pinyin(text, errors="ignore")))[:limit].strip("-")
    return slug


def free_slug(parent, base: str, fallback: str) -> str:
    base = base or fallback
    taken = set(parent.get_children().filter(slug__startswith=base).values_list("slug", flat=True))
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug


# --- the import ---------------------------------------------------------------------------


def create_profile(proposed: ProposedPerson, profile_index, user=None) -> ProfilePage:
    profile = ProfilePage(
        title=proposed.name,
        role=proposed.role,
        region=proposed.region,
        bio=proposed.bio,
        slug=free_slug(profile_index, pinyin_slug(proposed.name), "person"),
        live=False,
        owner=user,
    )
    profile_index.add_child(instance=profile)
    profile.save_revision(user=user)
    return profile


def create_story(parsed: ParsedArticle, profiles, story_index, user=None) -> StoryPage:
    title = story_title(parsed)
    story = StoryPage(
        title=title,
        date=parsed.date or timezone.localdate(),
        source=clip(parsed.source_site, SOURCE_MAX),
        byline=clip("、".join(parsed.byline), BYLINE_MAX),
        summary=story_summary(parsed),
        region=story_region(parsed),
        body=body_blocks(parsed),
        slug=free_slug(
            story_index, pinyin_slug(to_simplified(title)), f"article-{parsed.content_hash[:10]}"
        ),
        live=False,
        owner=user,
    )
    story.profile_links = [StoryProfileLink(profile=p) for p in profiles]
    story_index.add_child(instance=story)
    story.save_revision(user=user)
    return story


def _unchanged(record: ArticleImport, filename: str, parsed=None) -> ImportResult:
    story = record.story
    profiles = list(ProfilePage.objects.filter(story_links__page=story)) if story else []
    return ImportResult(
        UNCHANGED,
        filename=filename,
        story=story,
        profiles=profiles,
        message=_("This article was imported before; nothing was changed."),
        parsed=parsed,
    )


def import_article(
    raw: bytes | str, filename: str = "", *, story_index, profile_index, user=None
) -> ImportResult:
    """Import one article as a draft story with draft profiles; see the module docstring."""
    try:
        parsed = parse_article(raw, filename=filename)
        if not parsed.blocks:
            raise ArticleError("no_content")
    except ArticleError as error:
        return ImportResult(FAILED, filename=filename, message=error.message, code=error.code)

    record = ArticleImport.objects.filter(content_hash=parsed.content_hash).first()
    if record:
        return _unchanged(record, filename, parsed)
    if parsed.title and (same := story_with_title(story_title(parsed))):
        return ImportResult(
            DUPLICATE,
            filename=filename,
            story=same,
            profiles=list(ProfilePage.objects.filter(story_links__page=same)),
            message=duplicate_message(same),
            code=DUPLICATE,
            parsed=parsed,
        )
    try:
        with transaction.atomic():
            proposed = propose_people(parsed)
            profiles, created = [], []
            for item in proposed:
                if item.existing is not None:
                    profiles.append(item.existing)
                else:
                    profile = create_profile(item, profile_index, user)
                    profiles.append(profile)
                    created.append(profile)
            story = create_story(parsed, profiles, story_index, user)
            ArticleImport.objects.create(
                content_hash=parsed.content_hash,
                filename=filename[:255],
                story=story,
                people_count=len(profiles),
            )
    except IntegrityError:
        # Imported concurrently by someone else a moment ago.
        record = ArticleImport.objects.filter(content_hash=parsed.content_hash).first()
        if record:
            return _unchanged(record, filename, parsed)
        logger.exception("Import of %s failed", filename)
        return ImportResult(
            FAILED, filename=filename, message=UNEXPECTED, code="error", parsed=parsed
        )
    except Exception:  # any failure: nothing was saved, tell the editor so
        logger.exception("Import of %s failed", filename)
        return ImportResult(
            FAILED, filename=filename, message=UNEXPECTED, code="error", parsed=parsed
        )
    return ImportResult(
        CREATED,
        filename=filename,
        story=story,
        profiles=profiles,
        created_profiles=created,
        message=_("Draft created."),
        parsed=parsed,
    )


def default_indexes():
    """The site's story and profile index pages, or (None, None) if the site has none yet."""
    from cms.models import ProfileIndexPage, StoryIndexPage

    return StoryIndexPage.objects.first(), ProfileIndexPage.objects.first()
