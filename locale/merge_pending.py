"""Fill empty Simplified Chinese translations from locale/pending/*.json, then compile.

Work in progress keeps its new translations in locale/pending/<area>.json ({"English msgid":
"中文"}), so that people working on different areas never edit django.po at the same time.
`make messages` extracts the msgids, runs this, and compiles the catalogue.
"""

import json
import sys
from pathlib import Path

import polib

LOCALE = Path(__file__).resolve().parent
PO_PATH = LOCALE / "zh_Hans" / "LC_MESSAGES" / "django.po"


def main():
    pending = {}
    for path in sorted((LOCALE / "pending").glob("*.json")):
        pending.update(json.loads(path.read_text(encoding="utf-8")))
    catalogue = polib.pofile(str(PO_PATH))
    filled, missing = 0, []
    for entry in catalogue:
        if entry.obsolete:
            continue
        if "fuzzy" in entry.flags and entry.msgid in pending:
            # A fuzzy entry holds msgmerge's guess from a similar msgid; ours replaces it.
            entry.flags.remove("fuzzy")
            entry.msgstr = ""
            entry.msgstr_plural = {index: "" for index in entry.msgstr_plural}
        if entry.msgid_plural:
            if not any(entry.msgstr_plural.values()) and entry.msgid in pending:
                entry.msgstr_plural = {0: pending[entry.msgid]}
                filled += 1
            elif not any(entry.msgstr_plural.values()):
                missing.append(entry.msgid)
        elif not entry.msgstr:
            if entry.msgid in pending:
                entry.msgstr = pending[entry.msgid]
                filled += 1
            else:
                missing.append(entry.msgid)
    catalogue.save(str(PO_PATH))
    print(f"filled {filled} translations; {len(missing)} still untranslated")
    for msgid in missing:
        print("  untranslated:", msgid, file=sys.stderr)


if __name__ == "__main__":
    main()
