"""Run by `python3 tasks.py offline-test`, inside a network namespace with only loopback:
proves the notebooks that run alongside really had no network."""

import os
import socket

import pytest


@pytest.mark.skipif(
    os.environ.get("POS_EXPECT_OFFLINE") != "1", reason="only meaningful under python3 tasks.py offline-test"
)
def test_no_route_to_the_outside():
    with pytest.raises(OSError):
        socket.create_connection(("1.1.1.1", 443), timeout=3)
    with pytest.raises(OSError):
        socket.getaddrinfo("pypi.org", 443)
