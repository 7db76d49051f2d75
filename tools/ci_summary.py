"""Say why a CI run failed, in Markdown for the job summary.

    python3 tools/ci_summary.py test-artifacts >> "$GITHUB_STEP_SUMMARY"

Reads the pytest JUnit XML files (junit-*.xml) and, where a job wrote none,
the pytest logs (*.log) in the folder. For each failed notebook or test it
prints its name and the first lines of the failure: for a notebook whose
stored output no longer matches, the first lines of the difference. It
always exits 0, so it never hides the failure that called it.
"""

from __future__ import annotations

import os
import re
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

MAX_LINES = 15
MAX_FAILURES = 20
ANSI = re.compile(r"(\x1b|#x1B)\[[0-9;]*m")
SECTION = re.compile(r"^_{3,} (.+?) _{3,}$")
SHORT = re.compile(r"^(FAILED|ERROR) (\S+)(?: - (.*))?$")


def first_lines(text: str, limit: int = MAX_LINES) -> list[str]:
    """The lines that say most: nbval's difference if there is one, else the assertion."""
    lines = [ANSI.sub("", line).rstrip() for line in (text or "").splitlines()]
    lines = [line for line in lines if line.strip() and not line.startswith("-------")]
    for pattern in (r"mismatch|Cell outputs differ", r"^\s*[-+] |^[-+]{3}", r"^E\s"):
        for i, line in enumerate(lines):
            if re.search(pattern, line):
                return lines[i : i + limit]
    return lines[:limit]


def from_junit(path: Path) -> list[tuple[str, list[str]]]:
    try:
        root = ET.parse(path).getroot()
    except (ET.ParseError, OSError) as exc:
        return [(f"{path.name} could not be read", [str(exc)])]
    failures = []
    for case in root.iter("testcase"):
        for kind in ("failure", "error"):
            node = case.find(kind)
            if node is None:
                continue
            name = case.get("name", "?")
            where = case.get("classname", "") or case.get("file", "")
            if where.endswith(".ipynb"):  # nbval: notebooks.05_x.ipynb -> notebooks/05_x.ipynb
                where = where[: -len(".ipynb")].replace(".", "/") + ".ipynb"
            label = f"{where}::{name}" if where and where not in name else name
            detail = (node.text or "") or node.get("message", "")
            failures.append((f"{label} ({kind})", first_lines(detail)))
    return failures


def from_log(path: Path) -> list[tuple[str, list[str]]]:
    text = ANSI.sub("", path.read_text(encoding="utf-8", errors="replace"))
    sections: dict[str, list[str]] = {}
    current = None
    for line in text.splitlines():
        m = SECTION.match(line.strip())
        if m and m.group(1) not in ("FAILURES", "ERRORS", "warnings summary", "short test summary info"):
            current = m.group(1)
            sections[current] = []
            continue
        if line.startswith(("=====", "----------- ")) and current:
            current = None if line.startswith("=====") else current
            continue
        if current:
            sections[current].append(line)
    failures = []
    for line in text.splitlines():
        m = SHORT.match(line.strip())
        if m:
            test = m.group(2)
            key = next((k for k in sections if k.split("::")[-1] in test or test.endswith(k)), None)
            detail = "\n".join(sections.get(key, [])) if key else (m.group(3) or "")
            failures.append((test, first_lines(detail)))
    if not failures and sections:
        failures = [(name, first_lines("\n".join(body))) for name, body in sections.items()]
    if not failures:
        tail = [line for line in text.splitlines() if line.strip()][-MAX_LINES:]
        if tail:
            failures.append((f"{path.name}: no test failure found; the log ends", tail))
    return failures


def summary(folder: Path) -> str:
    event = os.environ.get("GITHUB_EVENT_NAME", "")
    out = ["## Why this run failed", ""]
    if event == "schedule":
        out += [
            "This was a **scheduled run**: nothing in the repository changed, so the cause is outside it "
            "(a package, a runner image, or the data's world). A notebook whose stored output differs "
            "shows the difference below; regenerate it with `python3 tasks.py outputs NOTEBOOK` once you "
            "have checked that the new output is right.",
            "",
        ]
    found = False
    for path in sorted(folder.glob("junit-*.xml")):
        failures = from_junit(path)
        log = path.with_name(path.stem.replace("junit-", "") + ".log")
        if not failures and log.exists():
            failures = from_log(log)
        found |= bool(failures)
        out += render(path.name, failures)
    covered = {p.stem.replace("junit-", "") for p in folder.glob("junit-*.xml")}
    for path in sorted(folder.glob("*.log")):
        if path.stem in covered or path.stem.endswith("server"):
            continue
        failures = from_log(path)
        found |= bool(failures)
        out += render(path.name, failures)
    if not found:
        out += ["No failed test was recorded: a set-up step failed before the tests ran. See the job's log."]
    return "\n".join(out) + "\n"


def render(source: str, failures: list[tuple[str, list[str]]]) -> list[str]:
    if not failures:
        return []
    out = [f"### {source}: {len(failures)} failed", ""]
    if any("mismatch" in line for _, lines in failures for line in lines):
        out += ["In a notebook's difference (pytest's), `+` is the stored output and `-` the output of this run.", ""]
    for name, lines in failures[:MAX_FAILURES]:
        out += [f"**{name}**", "", "```diff", *lines, "```", ""]
    if len(failures) > MAX_FAILURES:
        out.append(f"... and {len(failures) - MAX_FAILURES} more.")
    return out


def main(argv: list[str]) -> int:
    folder = Path(argv[0] if argv else "test-artifacts")
    if not folder.is_dir():
        print(f"## Why this run failed\n\nNo {folder}/ folder: the job failed before any test ran. See the job's log.")
        return 0
    print(summary(folder), end="")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
