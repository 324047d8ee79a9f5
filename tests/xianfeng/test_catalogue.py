"""Our Chinese catalogue is whole: every message of ours has a translation that is used.

`makemessages` marks a new msgid that resembles an old one as fuzzy with the old one's
Chinese as a guess (such guesses read 题目 for "dimensions", 品牌 for "Branch"), and
`compilemessages` leaves fuzzy entries out, so the interface shows the English."""

from pathlib import Path

import polib

CATALOGUE = Path(__file__).resolve().parents[2] / "locale/zh_Hans/LC_MESSAGES/django.po"


def test_no_message_is_fuzzy_or_untranslated():
    po = polib.pofile(str(CATALOGUE))
    fuzzy = [e.msgid for e in po.fuzzy_entries() if not e.obsolete]
    untranslated = [e.msgid for e in po.untranslated_entries() if not e.obsolete]
    assert not fuzzy, fuzzy
    assert not untranslated, untranslated
