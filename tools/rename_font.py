"""Make the course's chart font: Liberation Sans 2.x renamed to "Course Sans".

Not part of the course's environment (it needs fontTools). How the shipped
files in src/poscourse/fonts/ were made, on Debian:

    apt-get download fonts-liberation2 && dpkg-deb -x fonts-liberation2_*.deb deb
    python3 -m venv /tmp/fontvenv && /tmp/fontvenv/bin/pip install fonttools
    /tmp/fontvenv/bin/python tools/rename_font.py deb/usr/share/fonts/truetype/liberation2 src/poscourse/fonts

Why a new name: the static renderer measures text with the first face it
finds for a family name. Under a name that no system has, the course's own
copy is the only candidate, so charts come out the same on every machine.
The SIL Open Font License allows modified copies under a name that does not
use the Reserved Font Names ("Liberation", "Arimo").
"""

from __future__ import annotations

import sys
from pathlib import Path

from fontTools.ttLib import TTFont

OLD, NEW = "Liberation Sans", "Course Sans"
STYLES = ["Regular", "Bold", "Italic", "BoldItalic"]
#: Family, unique id, full name, PostScript name, typographic family and subfamily.
NAME_IDS = {1, 3, 4, 6, 16, 17, 21, 22}
RESERVED = ("Liberation", "Arimo")


def rename(source: Path, target: Path) -> None:
    font = TTFont(source, recalcTimestamp=False)  # the same bytes on every run
    for record in font["name"].names:
        if record.nameID in NAME_IDS:
            text = record.toUnicode()
            text = text.replace(OLD, NEW).replace(OLD.replace(" ", ""), NEW.replace(" ", ""))
            if any(word in text for word in RESERVED):
                raise SystemExit(f"{source.name}: name {record.nameID} still uses a reserved name: {text!r}")
            record.string = text
    font.save(target)


def main(args: list[str]) -> int:
    if len(args) != 2:
        print(__doc__)
        return 2
    source_dir, target_dir = Path(args[0]), Path(args[1])
    target_dir.mkdir(parents=True, exist_ok=True)
    for style in STYLES:
        target = target_dir / f"CourseSans-{style}.ttf"
        rename(source_dir / f"LiberationSans-{style}.ttf", target)
        print(f"wrote {target}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
