"""Store the JavaScript that interactive charts need offline, so learners need no vl-convert.

    .venv/bin/python tools/chart_bundle.py [--check]

Altair's offline JupyterChart asks vl-convert (84 MB, static charts' renderer)
to bundle vega, vega-lite and vega-embed into one module. That bundle depends
only on the pinned Altair and Vega-Lite versions: it is made once here, in the
maintainers' environment (`python3 tasks.py lock` runs this), and stored in
src/poscourse/vendor/ with the versions it was made for. --check exits 1 if
the stored bundle differs from a fresh one.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import altair as alt
from altair.utils._importers import vl_version_for_vl_convert

VENDOR = Path(__file__).resolve().parents[1] / "src" / "poscourse" / "vendor"
BUNDLE = VENDOR / "jupyterchart-offline.js"
META = VENDOR / "jupyterchart-offline.json"


def fresh() -> tuple[str, dict]:
    alt.JupyterChart._is_offline = False
    alt.JupyterChart.enable_offline(True)
    return alt.JupyterChart._esm, expected_meta()


def expected_meta() -> dict:
    """What the bundle depends on: Altair's widget code, the Vega-Lite version, vl-convert's copy of Vega."""
    from importlib.metadata import version

    return {
        "altair": alt.__version__,
        "vega-lite": vl_version_for_vl_convert(),
        "vl-convert-python": version("vl-convert-python"),
    }


def main(argv: list[str]) -> int:
    if "--versions" in argv:  # fast: the bundle was made for the installed versions
        same = META.exists() and json.loads(META.read_text()) == expected_meta()
        print(
            "chart bundle matches the installed versions"
            if same
            else "chart bundle is stale: run .venv/bin/python tools/chart_bundle.py"
        )
        return 0 if same else 1
    source, meta = fresh()
    if "--check" in argv:
        same = BUNDLE.exists() and BUNDLE.read_text(encoding="utf-8") == source and json.loads(META.read_text()) == meta
        print(
            "chart bundle is current" if same else "chart bundle is stale: run .venv/bin/python tools/chart_bundle.py"
        )
        return 0 if same else 1
    VENDOR.mkdir(parents=True, exist_ok=True)
    BUNDLE.write_text(source, encoding="utf-8")
    META.write_text(json.dumps(meta, indent=1) + "\n")
    print(f"wrote {BUNDLE.name} ({len(source) // 1024} KB) for Altair {meta['altair']}, Vega-Lite {meta['vega-lite']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
