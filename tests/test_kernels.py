"""The kernels nbval starts for the notebook checks talk over Unix sockets (conftest.py).

Over TCP, the process that starts a kernel picks free ports and the kernel binds them a moment
later; four pytest workers starting kernels at once could take each other's ports, and a kernel
then died before it answered ("Address already in use"). A Unix socket with a name of its own
cannot be taken by another kernel.
"""

import os

import nbval.kernel
import pytest
import zmq


@pytest.mark.skipif(not zmq.has("ipc"), reason="zmq has no Unix sockets here (Windows): kernels use TCP")
def test_nbval_kernels_use_unix_sockets_with_names_of_their_own():
    first = nbval.kernel.KernelManager(kernel_name="python3")
    second = nbval.kernel.KernelManager(kernel_name="python3")
    assert first.transport == second.transport == "ipc"
    # Absolute: the kernel runs in the notebook's folder, its client in another.
    assert os.path.isabs(first.ip) and first.ip != second.ip
    assert len(first.ip) + len("-65535") < 104  # the longest Unix socket path macOS allows
