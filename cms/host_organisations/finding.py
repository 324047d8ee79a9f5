"""组织找党员: a host finds its applicants and its region's members by name, in Simplified or
Traditional script or in pinyin, and sees likely duplicates and people registered elsewhere.

Why here and not in the search app: search is the top layer and cms may not import it. The
name forms are the search analysis's own: xianfeng.text.normal_form is the fold
search.analysis.normalise applies (NFKC, invisibles out, Traditional → Simplified, case-folded),
and the pinyin forms (full and initials, pypinyin's lazy_pinyin) are built exactly as
search.analysis.pinyin_forms builds them; tests/host/test_finding.py checks both agree.

Who is searched: members who applied to the host's subtree (any status), and members whose
home organisation's region begins with the host's region (the mobile committee of a home
region looks for its own people away). What is shown: name, home organisation, status —
nothing else about a person outside the viewer's own subtrees.
"""

import re
from dataclasses import dataclass
from functools import lru_cache

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext as _

from cms.models import HostMembership, HostStatus, Member, Organisation
from xianfeng import memory
from xianfeng.text import normal_form, squeeze

_CJK_RE = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_PINYIN_RE = re.compile(r"^[a-z\s'’]+$")
MAX_QUERY = 30
MAX_RESULTS = 50


@lru_cache(maxsize=65536)
def name_forms(name: str) -> tuple[str, str, str]:
    """(folded name, full pinyin, initials): ('何秀玲', 'hexiuling', 'hxl') for 何秀鈴 too."""
    from pypinyin import Style, lazy_pinyin

    folded = squeeze(normal_form(name))
    cjk = "".join(_CJK_RE.findall(folded))
    if not cjk:
        return folded, "", ""
    syllables = [s for s in lazy_pinyin(cjk, style=Style.NORMAL, errors="ignore") if s]
    return folded, "".join(syllables), "".join(s[0] for s in syllables)


# Pure text -> forms, but the keys are members' names: forgotten with the other memories.
memory.remember(name_forms, name="member name forms", forget=name_forms.cache_clear)


def clean_query(raw) -> tuple[str, bool]:
    """(the folded query, whether it is pinyin); ValidationError with a Chinese message."""
    text = normal_form(str(raw or "")).strip()
    if not text:
        raise ValidationError(_("Please type a name (Chinese characters or pinyin)."))
    if len(text) > MAX_QUERY:
        raise ValidationError(_("A name is at most %(n)d characters.") % {"n": MAX_QUERY})
    if _PINYIN_RE.match(text):
        letters = re.sub(r"[^a-z]", "", text)
        if len(letters) < 2:
            raise ValidationError(_("Type at least two letters of pinyin."))
        return letters, True
    folded = squeeze(text)
    if not _CJK_RE.search(folded):
        raise ValidationError(_("Please type a name (Chinese characters or pinyin)."))
    return folded, False


def _matches(query: str, is_pinyin: bool, name: str) -> bool:
    folded, full, initials = name_forms(name)
    if is_pinyin:
        return bool(full) and (full.startswith(query) or initials == query)
    return query in folded


@dataclass(frozen=True)
class FoundMember:
    member_id: int
    name: str
    home_organisation: str
    status: str  # this host's status for the member: applied / accepted / ... or ""
    status_label: str
    hosted_elsewhere: bool  # accepted by a host outside this subtree
    applied_elsewhere: bool  # waiting for an answer from another host
    likely_duplicate: bool  # another member of the pool: same folded name or same e-mail


def _pool(organisation: Organisation):
    applicants = HostMembership.objects.filter(
        organisation__path__startswith=organisation.path
    ).values("member_id")
    region = Q(organisation__region__startswith=organisation.region) if organisation.region else Q()
    return Member.objects.filter(Q(pk__in=applicants) | region).values_list(
        "pk", "name", "organisation__name", "user__email"
    )


def host_find_members(*, organisation: Organisation, query) -> list[FoundMember]:
    """Members the host may look for whose name matches `query` (see the module docstring)."""
    query, is_pinyin = clean_query(query)
    rows = list(_pool(organisation))
    # Duplicates are judged over the whole pool, not only the hits: 张伟 typed as "zhangwei"
    # and 張偉 registered twice are both flagged.
    # Members carry no phone or ID number here; a shared sign-in e-mail (never shown) counts.
    seen: dict[str, int] = {}
    for _pk, name, _org, email in rows:
        for key in {f"n:{name_forms(name)[0]}", f"e:{(email or '').strip().lower()}"} - {"e:"}:
            seen[key] = seen.get(key, 0) + 1

    def duplicate(name, email):
        email = (email or "").strip().lower()
        return seen[f"n:{name_forms(name)[0]}"] > 1 or bool(email and seen[f"e:{email}"] > 1)

    hits = [row for row in rows if _matches(query, is_pinyin, row[1])][:MAX_RESULTS]
    ids = [row[0] for row in hits]
    latest_here: dict[int, str] = {}
    for member_id, status in (
        HostMembership.objects.filter(
            member_id__in=ids, organisation__path__startswith=organisation.path
        )
        .order_by("created_at")
        .values_list("member_id", "status")
    ):
        latest_here[member_id] = status  # the newest wins
    elsewhere = HostMembership.objects.filter(member_id__in=ids).exclude(
        organisation__path__startswith=organisation.path
    )
    hosted = set(elsewhere.filter(status=HostStatus.ACCEPTED).values_list("member_id", flat=True))
    waiting = set(elsewhere.filter(status=HostStatus.APPLIED).values_list("member_id", flat=True))
    labels = dict(HostStatus.choices)
    return [
        FoundMember(
            member_id=pk,
            name=name,
            home_organisation=org_name,
            status=latest_here.get(pk, ""),
            status_label=str(labels.get(latest_here.get(pk, ""), _("Not applied here"))),
            hosted_elsewhere=pk in hosted,
            applied_elsewhere=pk in waiting,
            likely_duplicate=duplicate(name, email),
        )
        for pk, name, org_name, email in hits
    ]
