"""Write-side operations on content: creating organisations and pages idempotently, and the
member lock."""

from django.db import transaction
from wagtail.models import Page, Site

from cms.models import HomePage, Member, Organisation
from xianfeng.links import site_host_and_port


def member_lock(member: Member) -> None:
    """Lock the member's row until the current transaction ends: the one member lock.

    Pledge posts and approvals take it (a wall's per-member limit) and the points ledger takes
    it (daily caps), so counts read under it stay true until the write. Take it last: callers
    may already hold a pledge row or learning's study clock, never the other way round.
    """
    list(Member.objects.select_for_update().filter(pk=member.pk).values_list("pk", flat=True))


def ensure_organisation(name, kind, region, parent=None):
    """The organisation called `name` under `parent`, created if missing."""
    siblings = parent.get_children() if parent else Organisation.get_root_nodes()
    existing = siblings.filter(name=name).first()
    if existing:
        return existing
    node = Organisation(name=name, kind=kind, region=region)
    return parent.add_child(instance=node) if parent else Organisation.add_root(instance=node)


def ensure_child_page(parent, model, slug, **fields):
    """A live page of `model` with `slug` under `parent`; created and published if missing.

    Returns (page, created). An existing page is left as the editors have it.
    """
    existing = parent.get_children().filter(slug=slug).first()
    if existing:
        return existing.specific, False
    inline = {
        k: fields.pop(k)
        for k in list(fields)
        if isinstance(fields[k], list)
        and k in {rel.get_accessor_name() for rel in model._meta.related_objects}
    }
    page = model(slug=slug, **fields)
    for name, rows in inline.items():
        for index, row in enumerate(rows):
            # The admin numbers inline rows; rows made in code would otherwise keep a null
            # sort_order and come back in no fixed order (PostgreSQL).
            order_field = getattr(row, "sort_order_field", None)
            if order_field and getattr(row, order_field) is None:
                setattr(row, order_field, index)
        setattr(page, name, rows)
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page, True


@transaction.atomic
def ensure_home_page(title, **fields):
    """The site's home page, replacing Wagtail's placeholder welcome page on first run."""
    home = HomePage.objects.first()
    if home:
        return home, False
    root = Page.get_first_root_node()
    for placeholder in root.get_children().filter(slug="home"):
        if placeholder.specific_class is Page and not placeholder.get_children().exists():
            placeholder.delete()
    home = HomePage(title=title, slug="home", **fields)
    root.add_child(instance=home)
    home.save_revision().publish()
    hostname, port = site_host_and_port()  # the configured address, for absolute links
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={"hostname": hostname, "port": port, "root_page": home, "site_name": title},
    )
    return home, True
