"""Reading gettext catalogs (.po) without extra packages, for the translation checks."""

import ast
from pathlib import Path


def parse_po(path: Path) -> list[dict]:
    """Entries of a .po file: msgctxt, msgid, msgid_plural, msgstr {index: text}, flags; no header."""
    entries, entry, key, flags = [], None, None, set()

    def start():
        nonlocal entry, flags
        if entry is not None and entry.get("msgid"):
            entries.append(entry)
        entry, flags = {"flags": flags, "msgstr": {}}, set()

    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if line.startswith("#,"):
            flags |= {f.strip() for f in line[2:].split(",")}
        if not line or line.startswith("#"):
            continue
        if line.startswith('"'):
            field, index = key
            if field == "msgstr":
                entry["msgstr"][index] += ast.literal_eval(line)
            else:
                entry[field] += ast.literal_eval(line)
            continue
        word, _, rest = line.partition(" ")
        value = ast.literal_eval(rest)
        if word == "msgctxt" or (word == "msgid" and (entry is None or "msgid" in entry)):
            start()
        if word.startswith("msgstr"):
            index = int(word[7:-1]) if "[" in word else 0
            entry["msgstr"][index] = value
            key = ("msgstr", index)
        else:
            entry[word] = value
            key = (word, None)
    start()
    return entries
