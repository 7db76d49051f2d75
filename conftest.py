"""Shared test set-up.

Notebooks run in the static chart mode (SVG through vl-convert), in UTC and a
fixed locale, so their outputs do not depend on the machine or the time of day.
The kernels that nbval starts inherit this environment.

With --chart-fingerprints (the test command, python3 tasks.py test) the kernels
run in the fingerprint mode instead: each chart gives only its fingerprint (a
digest of its Vega-Lite spec, data included, with the renderer's versions and
the font's digest), and nbval compares that with the fingerprint stored beside
the chart's SVG, not the SVG itself. A chart whose data or encoding changed
still fails. python3 tasks.py offline-test compares the SVG byte for byte.
"""

import os
from pathlib import Path

import pytest

os.environ["POS_RENDER"] = "static"
os.environ["TZ"] = "UTC"
os.environ["LC_ALL"] = "C.UTF-8"
os.environ.pop("POS_DATA_DIR", None)
# Exercise checks record results in a progress file: in the tests, in a temporary folder
# (never the course's files, never the user's own progress).
if not os.environ.get("POS_PROGRESS_DIR"):
    import atexit
    import shutil
    import tempfile

    os.environ["POS_PROGRESS_DIR"] = tempfile.mkdtemp(prefix="pos-progress-")
    atexit.register(shutil.rmtree, os.environ["POS_PROGRESS_DIR"], ignore_errors=True)  # removed at the end

ROOT = Path(__file__).resolve().parent


SVG = "image/svg+xml"


def _kernels_over_unix_sockets() -> None:
    """nbval's kernels talk over Unix sockets, each with a name of its own, not over TCP ports.

    A kernel's TCP ports are picked free by the process that starts it and bound by the kernel a
    moment later; with four pytest workers starting kernels, another worker could take a port in
    between, and the kernel died before it answered ("Kernel died before replying to kernel_info";
    its log: "Address already in use"). Where zmq has no Unix sockets (Windows), TCP stays."""
    try:
        import nbval.kernel
        import zmq
    except ImportError:
        return
    if not zmq.has("ipc") or getattr(nbval.kernel.KernelManager, "unix_sockets", False):
        return

    class UnixSocketKernelManager(nbval.kernel.KernelManager):
        unix_sockets = True

        def __init__(self, **kwargs):
            import tempfile
            import uuid

            kwargs.setdefault("transport", "ipc")
            # An absolute path: the kernel runs in the notebook's folder, the client does not.
            kwargs.setdefault("ip", os.path.join(tempfile.gettempdir(), f"pos-kernel-{uuid.uuid4().hex[:16]}"))
            super().__init__(**kwargs)

    nbval.kernel.KernelManager = UnixSocketKernelManager


_kernels_over_unix_sockets()


def pytest_addoption(parser):
    parser.addoption(
        "--chart-fingerprints",
        action="store_true",
        help="compare each stored chart by its fingerprint, not its SVG (faster: no chart is drawn)",
    )


def pytest_configure(config):
    if config.getoption("chart_fingerprints"):
        os.environ["POS_RENDER"] = "fingerprint"


def pytest_collection_modifyitems(config, items):
    """In the fingerprint mode nbval leaves the stored SVG out of its comparison (the kernels draw
    none); each chart's fingerprint, stored beside it, is compared instead."""
    if not config.getoption("chart_fingerprints"):
        return
    for item in items:
        notebook = item.parent
        if hasattr(notebook, "skip_compare") and SVG not in notebook.skip_compare:
            notebook.skip_compare = (*notebook.skip_compare, SVG)


@pytest.fixture
def root() -> Path:
    return ROOT


@pytest.fixture(autouse=True)
def own_progress_file(tmp_path_factory, monkeypatch):
    """Each test's checks write a progress file of their own: no test sees another's results,
    and the file stays small (one shared file grew to thousands of results, each check
    rewriting it, which made the tests slow)."""
    monkeypatch.setenv("POS_PROGRESS_DIR", str(tmp_path_factory.mktemp("progress")))


def pytest_ignore_collect(collection_path, config):
    """Learners' copies (exercises/NN_*.ipynb) are run by tests/test_learner_notebooks.py, all in
    one process, unless a path to one is given on the command line (then nbval runs it)."""
    if collection_path.suffix == ".ipynb" and collection_path.parent == ROOT / "exercises":
        return True
    return None
