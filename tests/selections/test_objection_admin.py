"""An objection in the admin reads in Chinese: named by its candidate (not "Objection object
(1)"), its columns and fields headed in Chinese."""

import re

from django.utils import translation

ZH = {"HTTP_ACCEPT_LANGUAGE": "zh-hans"}


def test_objection_is_named_and_labelled_in_chinese(shortlisted, admin_client):
    from learning.selections.models import Objection
    from learning.selections.services import objection_raise

    t = shortlisted
    objection = objection_raise(
        candidate=t.c_e1, text="情况不属实，请核查。", contact="13800000000"
    )
    name = t.c_e1.member.name
    with translation.override("zh-hans"):
        assert str(objection) == f"对{name}的异议"
        labels = [
            str(f.verbose_name)
            for f in Objection._meta.get_fields()
            if f.concrete and not f.primary_key
        ]
    assert not [label for label in labels if re.search(r"[A-Za-z]{2,}", label)], labels

    listing = admin_client.get("/admin/selection-objections/", **ZH).content.decode()
    for heading in ("人选", "状态", "提出时间", "答复时间"):
        assert heading in listing, heading
    assert "Created at" not in listing and "Answered at" not in listing
    edit = admin_client.get(f"/admin/selection-objections/edit/{objection.pk}/", **ZH)
    html = edit.content.decode()
    assert f"对{name}的异议" in html and "Objection object" not in html
