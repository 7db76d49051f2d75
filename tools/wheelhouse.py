"""Download every wheel the learner lock needs, for every system a classroom may have.

    python3 tasks.py wheelhouse DIR [--platform linux-x86_64,windows-x86_64,...] [--python 3.11,3.12,3.13]
    python3 tasks.py wheelhouse DIR --here       only this computer's system and Python

Platforms: linux-x86_64, linux-aarch64, macos-x86_64, macos-arm64, windows-x86_64,
windows-arm64 (all by default); Pythons 3.11, 3.12 and 3.13 (CPython). The lock
is universal, with environment markers (pywinpty on Windows, appnope on macOS):
they are evaluated here for each target, so each gets exactly its packages.
Where a package has no wheel for a target (arm64 Windows, for some), the
command says so and goes on: students on that system need the network.
Then, on each laptop with no network: python3 tasks.py lab --wheelhouse DIR
"""

from __future__ import annotations

import importlib.util
import platform
import re
import subprocess
import sys
import tempfile
from pathlib import Path

from packaging.markers import Marker

ROOT = Path(__file__).resolve().parents[1]
LOCK = ROOT / "requirements-learner.txt"
PYTHONS = ["3.11", "3.12", "3.13"]
PLATFORMS = {
    "linux-x86_64": (
        [
            "manylinux_2_28_x86_64",
            "manylinux_2_17_x86_64",
            "manylinux2014_x86_64",
            "manylinux_2_5_x86_64",
            "manylinux1_x86_64",
        ],
        {"sys_platform": "linux", "platform_system": "Linux", "platform_machine": "x86_64", "os_name": "posix"},
    ),
    "linux-aarch64": (
        ["manylinux_2_28_aarch64", "manylinux_2_17_aarch64", "manylinux2014_aarch64"],
        {"sys_platform": "linux", "platform_system": "Linux", "platform_machine": "aarch64", "os_name": "posix"},
    ),
    "macos-x86_64": (
        ["macosx_12_0_x86_64"],
        {"sys_platform": "darwin", "platform_system": "Darwin", "platform_machine": "x86_64", "os_name": "posix"},
    ),
    "macos-arm64": (
        ["macosx_12_0_arm64"],
        {"sys_platform": "darwin", "platform_system": "Darwin", "platform_machine": "arm64", "os_name": "posix"},
    ),
    "windows-x86_64": (
        ["win_amd64"],
        {"sys_platform": "win32", "platform_system": "Windows", "platform_machine": "AMD64", "os_name": "nt"},
    ),
    "windows-arm64": (
        ["win_arm64"],
        {"sys_platform": "win32", "platform_system": "Windows", "platform_machine": "ARM64", "os_name": "nt"},
    ),
}


def this_platform() -> str:
    machine = platform.machine().lower()
    arch = "x86_64" if machine in ("x86_64", "amd64") else ("arm64" if machine in ("arm64", "aarch64") else machine)
    if sys.platform.startswith("linux"):
        return f"linux-{'aarch64' if arch == 'arm64' else arch}"
    if sys.platform == "darwin":
        return f"macos-{arch}"
    return f"windows-{arch}"


def lock_entries(text: str) -> list[tuple[str, str, list[str]]]:
    """(name==version, marker or '', hash lines) for every entry of the hashed lock."""
    entries, current = [], None
    for line in text.splitlines():
        m = re.match(r"([A-Za-z0-9_.\-]+==[^\s;\\]+)\s*(?:;\s*([^\\]+?))?\s*\\?$", line)
        if m:
            current = (m.group(1), (m.group(2) or "").strip(), [])
            entries.append(current)
        elif current and "--hash=" in line:
            current[2].append(line.strip().rstrip("\\").strip())
    return entries


def wanted(entries, target_env: dict, python: str) -> list[tuple[str, list[str]]]:
    """The entries a target needs, for any patch release of its Python (the lock may split at 3.11.5, say)."""
    found = []
    for patch in ("0", "99"):
        env = dict(
            target_env,
            python_version=python,
            python_full_version=f"{python}.{patch}",
            implementation_name="cpython",
            platform_python_implementation="CPython",
            platform_release="",
            platform_version="",
            extra="",
        )
        found += [
            (req, hashes)
            for req, marker, hashes in entries
            if (not marker or Marker(marker).evaluate(env)) and (req, hashes) not in found
        ]
    return found


def download(reqs, tags: list[str], python: str, dest: Path) -> bool:
    with tempfile.TemporaryDirectory() as tmp:
        listing = Path(tmp) / "requirements.txt"
        listing.write_text("".join(f"{req} {' '.join(hashes)}\n" for req, hashes in reqs))
        abi = "cp" + python.replace(".", "")
        cmd = [
            sys.executable,
            "-m",
            "pip",
            "download",
            "--quiet",
            "--disable-pip-version-check",
            "--no-deps",
            "--only-binary=:all:",
            "--ignore-requires-python",
            "--implementation",
            "cp",
            "--python-version",
            python,
            "--abi",
            abi,
            "--dest",
            str(dest),
            "-r",
            str(listing),
        ]
        for tag in tags:
            cmd += ["--platform", tag]
        return subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode == 0


def main(argv: list[str]) -> int:
    args = [a for a in argv if not a.startswith("--")]
    options = dict(a.split("=", 1) for a in argv if a.startswith("--") and "=" in a)
    for i, a in enumerate(argv):  # also --platform VALUE
        if a in ("--platform", "--python") and i + 1 < len(argv):
            options[a] = argv[i + 1]
            args = [x for x in args if x != argv[i + 1]]
    if len(args) != 1:
        print(__doc__)
        return 2
    dest = Path(args[0]).resolve()
    if importlib.util.find_spec("pip") is None:
        print(
            "wheelhouse: pip is not in this environment (the learner install leaves it out); "
            "build the maintainers' set with `python3 tasks.py env`, then run the wheelhouse command again.",
            file=sys.stderr,
        )
        return 2
    if "--here" in argv:
        platforms, pythons = [this_platform()], [f"{sys.version_info.major}.{sys.version_info.minor}"]
    else:
        platforms = options.get("--platform", ",".join(PLATFORMS)).split(",")
        pythons = options.get("--python", ",".join(PYTHONS)).split(",")
    unknown = [p for p in platforms if p not in PLATFORMS]
    if unknown:
        print(
            f"[wheelhouse] error: unknown platform {', '.join(unknown)}; choose from {', '.join(PLATFORMS)}",
            file=sys.stderr,
        )
        return 2
    dest.mkdir(parents=True, exist_ok=True)
    entries = lock_entries(LOCK.read_text())
    missing_any = False
    for plat in platforms:
        tags, target_env = PLATFORMS[plat]
        for python in pythons:
            reqs = wanted(entries, target_env, python)
            # One pip call cannot take two versions of one package (the lock may split at a patch release).
            batches, seen = [[], []], set()
            for req, hashes in reqs:
                name = req.split("==")[0].lower()
                batches[name in seen].append((req, hashes))
                seen.add(name)
            if all(download(batch, tags, python, dest) for batch in batches if batch):
                print(f"[wheelhouse] {plat}, Python {python}: all {len(reqs)} packages", flush=True)
                continue
            missing = [req for req, hashes in reqs if not download([(req, hashes)], tags, python, dest)]
            missing_any = True
            print(
                f"[wheelhouse] {plat}, Python {python}: no wheel for {', '.join(missing) or '(none found: check the network)'}; "
                "students on this system need the network",
                flush=True,
            )
    (dest / "README.txt").write_text(
        "Wheels for the Position of Strength course (the learner set, requirements-learner.txt).\n"
        f"Systems: {', '.join(platforms)}. Pythons: {', '.join(pythons)}.\n"
        "On each laptop, from the course's folder: python3 tasks.py lab --wheelhouse PATH/TO/THIS/FOLDER\n"
        "(Windows: py -3 tasks.py lab --wheelhouse E:\\wheelhouse)\n"
    )
    size = sum(p.stat().st_size for p in dest.glob("*.whl")) / 1e6
    print(f"[wheelhouse] {len(list(dest.glob('*.whl')))} wheels, {size:.0f} MB, in {dest}")
    return 1 if missing_any and "--strict" in argv else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
