"""Write data/CODEBOOK.md from data/datapackage.json (the codebook is generated, never edited by hand),
then validate every dataset against its schema and every foreign key (poscourse.validate).

    python3 tasks.py data                  regenerate data/CODEBOOK.md, validate    (python -m tools.codebook)
    python3 tasks.py data --check          exit 1 if CODEBOOK.md is out of date or the data are invalid
"""

from __future__ import annotations

import csv
import json
import sys
from collections import Counter

from poscourse import validate
from tools.paths import DATA
from tools.sources import QUALITY

PACKAGE = DATA / "datapackage.json"
CODEBOOK = DATA / "CODEBOOK.md"


def load_package() -> dict:
    return json.loads(PACKAGE.read_text(encoding="utf-8"))


def _cell(text) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def _constraints(field: dict) -> str:
    c = field.get("constraints", {})
    parts = []
    if c.get("required"):
        parts.append("required")
    if c.get("unique"):
        parts.append("unique")
    if "enum" in c:
        parts.append("one of: " + ", ".join(f"`{v}`" for v in c["enum"]))
    if "minimum" in c or "maximum" in c:
        parts.append(f"range {c.get('minimum', '')} to {c.get('maximum', '')}".strip())
    if "pattern" in c:
        parts.append(f"pattern `{c['pattern']}`")
    if field.get("format") == "uri":
        parts.append("web address")
    return "; ".join(parts)


def codebook_text(pkg: dict) -> str:
    lines = [
        f"# Codebook: {pkg.get('title', 'the course data')}",
        "",
        "_Generated from `data/datapackage.json` by `python3 tasks.py data`; edit the JSON, not this file._",
        "",
        pkg.get("description", ""),
        "",
        f"**Data as of:** {pkg.get('data_as_of', 'unknown')}. ",
        f"**Licence:** {', '.join(lic.get('title', lic.get('name', '')) for lic in pkg.get('licenses', []))}.",
        "",
    ]
    for note in pkg.get("notes", []):
        lines.append(f"- {note}")
    lines += quality_section(pkg)
    lines += ["", "## Datasets", "", "| dataset | rows | what it holds |", "|---|---|---|"]
    for res in pkg["resources"]:
        rows = _row_count(res)
        lines.append(
            f"| [`{res['name']}`](#{res['name'].replace('_', '-')}) | {rows} | {_cell(res.get('title', ''))} |"
        )
    for res in pkg["resources"]:
        lines += [
            "",
            f"## {res['name']}",
            "",
            f"**{res.get('title', '')}** (`data/{res['path']}`, {_row_count(res)} rows)",
            "",
        ]
        lines += [res.get("description", ""), ""]
        if res.get("as_of"):
            lines += [f"**As of:** {res['as_of']} (the latest date the table's sources cover).", ""]
        schema = res["schema"]
        key = schema.get("primaryKey")
        if key:
            lines.append(f"Primary key: `{'`, `'.join(key if isinstance(key, list) else [key])}`. ")
        for fk in schema.get("foreignKeys", []):
            fields = fk["fields"] if isinstance(fk["fields"], list) else [fk["fields"]]
            ref = fk["reference"]
            ref_fields = ref["fields"] if isinstance(ref["fields"], list) else [ref["fields"]]
            lines.append(f"Foreign key: `{', '.join(fields)}` refers to `{ref['resource']}.{', '.join(ref_fields)}`. ")
        lines += ["", "| column | type | unit | description | constraints |", "|---|---|---|---|---|"]
        for f in schema["fields"]:
            lines.append(
                f"| `{f['name']}` | {f['type']} | {_cell(f.get('unit', ''))} | {_cell(f.get('description', ''))} | {_cell(_constraints(f))} |"
            )
        if res.get("caveats"):
            lines += ["", "**Caveats**", ""] + [f"- {c}" for c in res["caveats"]]
        if res.get("sources"):
            lines += ["", "**Sources**", ""]
            lines += [f"- {s.get('title', '')}" + (f": <{s['path']}>" if s.get("path") else "") for s in res["sources"]]
        if res.get("update"):
            lines += ["", "**How to update**", "", res["update"]]
    return "\n".join(lines).rstrip() + "\n"


def quality_counts(res: dict) -> dict | None:
    """Rows by source_quality, and rows verified, for a table that has the column; else None."""
    path = DATA / res["path"]
    if not path.exists():
        return None
    with open(path, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    if not rows or "source_quality" not in rows[0]:
        return None
    counts = Counter(r["source_quality"] for r in rows)
    counts["verified"] = sum(r.get("source_verified") == "true" for r in rows)
    counts["rows"] = len(rows)
    return counts


def quality_section(pkg: dict) -> list[str]:
    """The data-quality table: rows by source quality for each table, counted from the data."""
    levels = list(QUALITY)
    lines = [
        "",
        "## Data quality",
        "",
        "Rows by source quality, counted from the data when this codebook was generated. "
        "A row is verified (source_verified = true) only where the content of a source it cites was seen to support it; "
        "the verification column of each row says how and when. Treat `secondary` and `unverified` rows as the compiler's claims.",
        "",
        "| dataset | as of | rows | " + " | ".join(levels) + " | verified |",
        "|---|---|---|" + "---|" * len(levels) + "---|",
    ]
    for res in pkg["resources"]:
        counts = quality_counts(res)
        if counts is None:
            continue
        cells = " | ".join(str(counts.get(level, 0)) for level in levels)
        lines.append(
            f"| `{res['name']}` | {res.get('as_of', '')} | {counts['rows']} | {cells} | {counts['verified']} |"
        )
    lines += ["", "Levels:", ""] + [f"- `{level}`: {text}" for level, text in QUALITY.items()]
    return lines


def _row_count(res: dict) -> int:
    path = DATA / res["path"]
    if not path.exists():
        return 0
    with open(path, encoding="utf-8", newline="") as f:
        return max(0, sum(1 for _ in csv.reader(f)) - 1)


def main(args: list[str]) -> int:
    text = codebook_text(load_package())
    if "--check" in args:
        if not CODEBOOK.exists() or CODEBOOK.read_text(encoding="utf-8") != text:
            print("data/CODEBOOK.md is out of date: run `python3 tasks.py data`")
            return 1
    else:
        CODEBOOK.write_text(text, encoding="utf-8")
        print("wrote data/CODEBOOK.md")
    return validate.main()


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
