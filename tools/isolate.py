"""Run a command with no network, or no system fonts, or both (Linux, as root).

    python tools/isolate.py [--no-network] [--no-system-fonts] -- COMMAND [ARG ...]

--no-network       a new network namespace in which only the loopback interface exists
                   (brought up, so Jupyter kernels can still talk to their clients).
--no-system-fonts  a new mount namespace with an empty folder bound over each folder that
                   holds the system's fonts, so a program finds only the fonts it brings.

Used by `python3 tasks.py offline-test` and by tests/test_fonts.py. Nothing outside the
command is changed: the namespaces end with it.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

#: Where Linux programs look for fonts (fontconfig's defaults and the freedesktop user folders).
FONT_DIRS = [
    "/usr/share/fonts",
    "/usr/local/share/fonts",
    "~/.fonts",
    "~/.local/share/fonts",
]


def font_dirs() -> list[str]:
    dirs = [os.path.expanduser(d) for d in FONT_DIRS]
    if os.environ.get("XDG_DATA_HOME"):
        dirs.append(os.path.join(os.environ["XDG_DATA_HOME"], "fonts"))
    return [d for d in dict.fromkeys(dirs) if os.path.isdir(d)]


def problem() -> str | None:
    """Why isolation cannot work here, or None."""
    if not sys.platform.startswith("linux"):
        return "namespaces exist only on Linux"
    if not shutil.which("unshare"):
        return "`unshare` (util-linux) is not installed"
    if os.geteuid() != 0:
        return "new namespaces need root (run as root, or through sudo)"
    return None


def main(argv: list[str]) -> int:
    if "--" not in argv or argv.index("--") == len(argv) - 1:
        print(__doc__, file=sys.stderr)
        return 2
    options, command = argv[: argv.index("--")], argv[argv.index("--") + 1 :]
    unknown = set(options) - {"--no-network", "--no-system-fonts"}
    if unknown or not options:
        print(
            f"isolate: give --no-network and/or --no-system-fonts (not {' '.join(sorted(unknown)) or 'nothing'})",
            file=sys.stderr,
        )
        return 2
    why = problem()
    if why:
        print(f"isolate: cannot isolate the command: {why}", file=sys.stderr)
        return 2
    flags, steps = [], []
    empty = None
    if "--no-network" in options:
        flags.append("-n")
        steps.append("ip link set lo up 2>/dev/null || true")
    if "--no-system-fonts" in options:
        flags.append("-m")  # a private mount namespace: the bind mounts below end with the command
        empty = tempfile.mkdtemp(prefix="no-system-fonts-")
        steps += [f"mount --bind {shlex.quote(empty)} {shlex.quote(d)}" for d in font_dirs()]
    steps.append('exec "$@"')
    try:
        return subprocess.call(["unshare", *flags, "sh", "-ec", "\n".join(steps), "isolate", *command])
    finally:
        if empty:
            Path(empty).rmdir()


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
