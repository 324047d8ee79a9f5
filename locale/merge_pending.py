"""Fill empty Simplified Chinese translations from locale/pending/*.json, then compile.

Work in progress keeps its new translations in locale/pending/<area>.json ({"English msgid":
"中文"}), so that people working on different areas never edit django.po at the same time.
`make messages` extracts the msgids, runs this, and compiles the catalogue.

A key may name a message with a context or a plural, as gettext writes them in a .mo file:
"context\\u0004msgid" (pgettext) and "msgid\\u0000msgid plural" (ngettext; Chinese has one
form, so the value is one string).

Keys may also name messages of Wagtail's or Django's own catalogues that our code does not
use: our catalogue (LOCALE_PATHS) is read before theirs, so an entry here supplies a string
their Chinese catalogue lacks or corrects one it translates badly. Such an entry is added to
django.po (makemessages marks it obsolete on every run, as no code of ours uses it; this
brings it back), and its value replaces the current translation, since it is there to
correct. A key that is neither ours nor theirs is reported: it would translate nothing.
"""

import json
import sys
from pathlib import Path

import polib

LOCALE = Path(__file__).resolve().parent
PO_PATH = LOCALE / "zh_Hans" / "LC_MESSAGES" / "django.po"
CONTEXT, PLURAL = "\x04", "\x00"


def split_key(key):
    """(msgctxt or None, msgid, msgid_plural or None) of a pending key."""
    context, _, rest = key.rpartition(CONTEXT)
    msgid, _, plural = rest.partition(PLURAL)
    return context or None, msgid, plural or None


def third_party_messages():
    """(msgctxt, msgid) -> msgid_plural of every message in Wagtail's and Django's catalogues."""
    import django
    import wagtail

    roots = [Path(wagtail.__file__).parent, Path(django.__file__).parent]
    messages = {}
    for root in roots:
        for path in root.rglob("locale/en/LC_MESSAGES/django.po"):
            for entry in polib.pofile(str(path)):
                messages[(entry.msgctxt, entry.msgid)] = entry.msgid_plural or None
    return messages


def main():
    pending = {}
    for path in sorted((LOCALE / "pending").glob("*.json")):
        pending.update(json.loads(path.read_text(encoding="utf-8")))
    by_message = {split_key(key)[:2]: (key, value) for key, value in pending.items()}
    catalogue = polib.pofile(str(PO_PATH))
    theirs = third_party_messages()
    filled, missing = 0, []
    live = set()
    for entry in catalogue:
        if entry.obsolete:
            continue
        message = (entry.msgctxt, entry.msgid)
        live.add(message)
        # An unkeyed context falls back on the plain msgid, as before contexts were keyed.
        value = by_message.get(message, by_message.get((None, entry.msgid), (None, None)))[1]
        if "fuzzy" in entry.flags and value is not None:
            # A fuzzy entry holds msgmerge's guess from a similar msgid; ours replaces it.
            entry.flags.remove("fuzzy")
            entry.msgstr = ""
            entry.msgstr_plural = {index: "" for index in entry.msgstr_plural}
        if value is not None and (message in theirs or message in by_message and entry.msgctxt):
            # Theirs: ours corrects it. A context's own key: more precise than the plain
            # msgid's translation a context used to fall back on.
            filled += _set(entry, value)
        elif entry.msgid_plural:
            if not any(entry.msgstr_plural.values()) and value is not None:
                filled += _set(entry, value)
            elif not any(entry.msgstr_plural.values()):
                missing.append(entry.msgid)
        elif not entry.msgstr:
            if value is not None:
                filled += _set(entry, value)
            else:
                missing.append(entry.msgid)
    unknown = []
    for message, (key, value) in by_message.items():
        if message in live:
            continue
        if message not in theirs:
            unknown.append(key)
            continue
        filled += _set(_third_party_entry(catalogue, message, theirs[message]), value)
    catalogue.save(str(PO_PATH))
    print(f"filled {filled} translations; {len(missing)} still untranslated")
    for msgid in missing:
        print("  untranslated:", msgid, file=sys.stderr)
    for key in unknown:
        print("  pending key used by no catalogue:", repr(key), file=sys.stderr)


def _third_party_entry(catalogue, message, plural):
    """The catalogue's entry for a Wagtail or Django message, revived or added."""
    context, msgid = message
    for entry in catalogue:
        if entry.obsolete and (entry.msgctxt, entry.msgid) == message:
            entry.obsolete = False
            entry.previous_msgid = entry.previous_msgctxt = None
            return entry
    entry = polib.POEntry(msgctxt=context, msgid=msgid, msgid_plural=plural or "")
    entry.comment = "Supplied for Wagtail's or Django's own message (locale/pending)."
    if plural:
        entry.msgstr_plural = {0: ""}
    catalogue.append(entry)
    return entry


def _set(entry, value):
    """Give `entry` the translation `value`; 1 when that changed it."""
    if entry.msgid_plural:
        if entry.msgstr_plural == {0: value}:
            return 0
        entry.msgstr_plural = {0: value}
    else:
        if entry.msgstr == value:
            return 0
        entry.msgstr = value
    return 1


if __name__ == "__main__":
    main()
