"""The learner's workspace: copies of the lessons and exercises that JupyterLab may write.

    python3 tools/workspace.py update [--quiet]          create the workspace or bring course changes into it
    python3 tools/workspace.py reset NN [--exercise]     a fresh copy of lesson (or exercise) NN; the old one is backed up

Needs only the standard library (Binder's postBuild and hubs run it without the
course's environment). The workspace mirrors the course's folder names
(`notebooks/`, `exercises/`), so links such as `../exercises/05_....ipynb`
work inside it. Its location is `workspace/` at the top of the repository, or
the folder named by POS_WORKSPACE.

Merge rules (after nbgitpuller's, with "changed" decided by cell sources only:
outputs, execution counts and metadata do not count):
- a new course notebook is copied in;
- a copy the learner never changed is replaced by the course's new version;
- a copy the learner changed is kept; if the course changed it too, the new
  version is placed beside it as NAME.course-update-DATE.ipynb;
- a lesson the learner deleted comes back, with a message;
- a lesson renamed in the course: the new name gets the course's version; an
  unchanged old copy is moved to the new name, a changed one is kept;
- a workspace notebook that is not valid JSON is kept and reported, and the
  course's version is placed beside it.
Nothing is ever deleted: reset moves the old copy to backups/ with the date.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import re
import shutil
import sys
import tempfile
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FOLDERS = ("notebooks", "exercises")  # the learner's copies; exercises/solutions/ stays out
RECORD = ".course/record.json"
FORMAT = 1
ENV = "POS_WORKSPACE"


class WorkspaceError(Exception):
    """A problem the learner can fix; its message says what to do."""


def workspace_dir() -> Path:
    override = os.environ.get(ENV, "").strip()
    return Path(override).expanduser().resolve() if override else ROOT / "workspace"


def course_files(root: Path = ROOT) -> dict[str, Path]:
    """Every notebook a learner gets, keyed by its path relative to the course (with / separators)."""
    found = {}
    for folder in FOLDERS:
        for path in sorted((root / folder).glob("*.ipynb")):
            found[f"{folder}/{path.name}"] = path
    return found


def source_hash(path: Path) -> str | None:
    """A hash of the notebook's cell types and sources; None if the file is not a readable notebook."""
    try:
        nb = json.loads(path.read_text(encoding="utf-8"))
        cells = nb["cells"]
        h = hashlib.sha256()
        for cell in cells:
            source = cell.get("source", "")
            if isinstance(source, list):
                source = "".join(source)
            h.update(cell.get("cell_type", "").encode() + b"\0" + source.encode("utf-8") + b"\0\0")
        return h.hexdigest()
    except (OSError, UnicodeDecodeError, ValueError, KeyError, TypeError, AttributeError):
        return None


def _today() -> str:
    return datetime.now().strftime("%Y-%m-%d")


def _stamp() -> str:
    return datetime.now().strftime("%Y-%m-%d-%H%M%S")


def _free_name(path: Path) -> Path:
    """path itself if free, else path with -2, -3, ... before the suffix."""
    if not path.exists():
        return path
    n = 2
    while True:
        candidate = path.with_name(f"{path.stem}-{n}{path.suffix}")
        if not candidate.exists():
            return candidate
        n += 1


def _atomic_copy(src: Path, dst: Path) -> None:
    """Copy through a temporary file, so a full disk never leaves half a notebook."""
    dst.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=dst.parent)
    try:
        with os.fdopen(fd, "wb") as out, open(src, "rb") as inp:
            shutil.copyfileobj(inp, out)
        os.replace(tmp, dst)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _write_json(path: Path, data: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            json.dump(data, out, indent=1, sort_keys=True)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _read_record(ws: Path) -> dict | None:
    try:
        record = json.loads((ws / RECORD).read_text(encoding="utf-8"))
        if isinstance(record, dict) and record.get("format") == FORMAT and isinstance(record.get("files"), dict):
            return record
    except (OSError, ValueError):
        pass
    return None


def _friendly(err: OSError, ws: Path) -> WorkspaceError:
    if err.errno == errno.ENOSPC:
        return WorkspaceError(
            f"the disk that holds the workspace {ws} is full. Free some space, then run "
            "`python3 tasks.py update` again; nothing in the workspace was removed."
        )
    if isinstance(err, PermissionError) or err.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return WorkspaceError(
            f"the workspace folder {ws} cannot be written ({err.strerror}: {err.filename}). Make it writable, "
            f"or choose another folder: set {ENV}=/a/folder/you/own and run the command again."
        )
    return WorkspaceError(f"the workspace {ws} could not be updated: {err}. Nothing in it was removed.")


def _renamed_to(old: str, old_hash: str | None, new_names: list[str], hashes: dict[str, str | None]) -> str | None:
    """The new course name of a notebook that left the course: same folder and number, or same sources."""
    folder, name = old.split("/", 1)
    number = re.match(r"(\d+)_", name)
    for new in new_names:
        if not new.startswith(folder + "/"):
            continue
        if old_hash and hashes.get(new) == old_hash:
            return new
        if number and new.split("/", 1)[1].startswith(number.group(0)):
            return new
    return None


def update(ws: Path | None = None, root: Path = ROOT, say=print) -> list[str]:
    """Create or update the workspace; returns the messages it printed."""
    ws = ws or workspace_dir()
    messages: list[str] = []

    def tell(text: str) -> None:
        messages.append(text)
        say(f"[workspace] {text}")

    try:
        return _update(ws, root, tell, messages)
    except OSError as err:
        raise _friendly(err, ws) from None


def _update(ws: Path, root: Path, tell, messages: list[str]) -> list[str]:
    course = course_files(root)
    hashes = {rel: source_hash(path) for rel, path in course.items()}
    fresh = not ws.exists() or not any(ws.iterdir())
    ws.mkdir(parents=True, exist_ok=True)
    probe = ws / ".course-write-test"
    probe.write_text("ok")
    probe.unlink()
    record = _read_record(ws)
    if record is None and not fresh:
        tell(
            f"{ws} was made by an older version of the course (or its record is missing): every copy there is kept; "
            "where the course's version differs, the new version is placed beside yours."
        )
    files = dict(record["files"]) if record else {}
    new_record = {}

    def place_beside(rel: str, why: str) -> None:
        target = ws / rel
        for earlier in target.parent.glob(f"{target.stem}.course-update-*{target.suffix}"):
            if source_hash(earlier) == hashes[rel]:
                tell(
                    f"{rel}: {why}; yours is kept, the course's version is still in {earlier.relative_to(ws).as_posix()}"
                )
                return
        beside = _free_name(target.with_name(f"{target.stem}.course-update-{_today()}{target.suffix}"))
        _atomic_copy(course[rel], beside)
        tell(f"{rel}: {why}; yours is kept, the course's new version is {beside.relative_to(ws).as_posix()}")

    # Lessons that left the course under an old name.
    gone = [rel for rel in files if rel not in course]
    arrivals = [rel for rel in course if rel not in files]
    renamed = {}
    for old in gone:
        new = _renamed_to(old, files[old], arrivals, hashes) if record else None
        if new and new not in renamed.values():
            renamed[old] = new
    for old, new in renamed.items():
        old_path, new_path = ws / old, ws / new
        if new_path.exists():
            continue  # handled below like any other copy
        if old_path.exists() and source_hash(old_path) == files[old]:
            os.replace(old_path, new_path)
            tell(f"{old} is now {new} in the course: your copy was unchanged, so it moved to the new name")
            files[new] = files[old]
        elif old_path.exists():
            tell(f"{old} is now {new} in the course: your changed copy {old} is kept, the new lesson is {new}")
        files.pop(old, None)
    for old in gone:
        if old not in renamed and (ws / old).exists():
            tell(f"{old} is no longer part of the course; your copy is kept")

    for rel, src in course.items():
        target = ws / rel
        now = hashes[rel]
        before = files.get(rel)
        if not target.exists():
            _atomic_copy(src, target)
            if rel in files:
                tell(f"{rel}: you had deleted it; a fresh copy is back")
            elif not fresh:
                tell(f"{rel}: new in the course, copied in")
            new_record[rel] = now
            continue
        mine = source_hash(target)
        if mine is None:
            place_beside(rel, "your copy is not a readable notebook (not valid JSON)")
            new_record[rel] = before or now
            continue
        if mine == now:
            new_record[rel] = now  # same sources as the course: nothing to do (outputs are the learner's)
        elif before is not None and mine == before:
            _atomic_copy(src, target)
            tell(f"{rel}: updated to the course's new version (you had not changed it)")
            new_record[rel] = now
        elif before is not None and now == before:
            new_record[rel] = before  # the learner changed it, the course did not: keep it quietly
        else:
            place_beside(rel, "the course changed it and so did you")
            new_record[rel] = now

    for old in gone:
        if old not in renamed and (ws / old).exists():
            new_record[old] = files[old]
    _write_json(ws / RECORD, {"format": FORMAT, "files": new_record, "updated": _stamp()})
    if fresh:
        tell(
            f"created the workspace {ws}: your copies of the lessons and exercises; the course's own files are never changed"
        )
    elif not messages:
        tell(f"{ws} is up to date")
    return messages


def find(number: str, exercise: bool = False, root: Path = ROOT) -> str:
    folder = "exercises" if exercise else "notebooks"
    number = number.zfill(2)
    matches = [rel for rel in course_files(root) if rel.startswith(f"{folder}/{number}_")]
    if not matches:
        what = "exercise" if exercise else "lesson"
        raise WorkspaceError(f"there is no {what} {number} in the course ({folder}/{number}_*.ipynb).")
    return matches[0]


def reset(number: str, exercise: bool = False, ws: Path | None = None, root: Path = ROOT, say=print) -> Path | None:
    """A fresh copy of one lesson or exercise; the learner's copy goes to backups/ with the date. Returns the backup."""
    ws = ws or workspace_dir()
    rel = find(number, exercise, root)
    target = ws / rel
    backup = None
    try:
        if target.exists():
            backup = _free_name(ws / "backups" / rel.split("/")[0] / f"{target.stem}.{_stamp()}{target.suffix}")
            backup.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(target, backup)
        _atomic_copy(root / rel, target)
        record = _read_record(ws) or {"format": FORMAT, "files": {}}
        record["files"][rel] = source_hash(root / rel)
        _write_json(ws / RECORD, record)
    except OSError as err:
        raise _friendly(err, ws) from None
    if backup:
        say(f"[workspace] {rel}: fresh copy from the course; your old copy is {backup.relative_to(ws).as_posix()}")
    else:
        say(f"[workspace] {rel}: fresh copy from the course")
    return backup


def main(argv: list[str]) -> int:
    for stream in (sys.stdout, sys.stderr):  # a Windows console (cp1252) must not crash on a folder's name
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")
    try:
        if argv[:1] == ["update"]:
            update(say=(lambda _m: None) if "--quiet" in argv else print)
            return 0
        if argv[:1] == ["reset"] and len(argv) >= 2:
            numbers = [a for a in argv[1:] if not a.startswith("-")]
            if len(numbers) != 1 or not numbers[0].isdigit():
                raise WorkspaceError("say which lesson, by number: python3 tasks.py reset 05 [--exercise]")
            reset(numbers[0], exercise="--exercise" in argv)
            return 0
        print(__doc__)
        return 2
    except WorkspaceError as err:
        print(f"[workspace] error: {err}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
