"""Run by `python3 tasks.py offline-test`, inside a network namespace with only loopback and a
mount namespace with the system's fonts hidden: proves the notebooks that run alongside really
had no network and only the course's own font."""

import os
import socket

import pytest

from tools import isolate


@pytest.mark.skipif(
    os.environ.get("POS_EXPECT_OFFLINE") != "1", reason="only meaningful under python3 tasks.py offline-test"
)
def test_no_route_to_the_outside():
    with pytest.raises(OSError):
        socket.create_connection(("1.1.1.1", 443), timeout=3)
    with pytest.raises(OSError):
        socket.getaddrinfo("pypi.org", 443)


@pytest.mark.skipif(
    os.environ.get("POS_EXPECT_NO_SYSTEM_FONTS") != "1", reason="only meaningful under python3 tasks.py offline-test"
)
def test_no_system_fonts_to_be_found():
    found = {d: os.listdir(d) for d in isolate.font_dirs() if os.listdir(d)}
    assert not found, f"system fonts still visible: {found}"
