"""Fixtures shared by the fault and outbox tests."""

import pytest

from tests.processes import PrivateRedis


@pytest.fixture
def redis_server(tmp_path):
    """A private redis-server on a free port (started; stopped and started again by the test
    when it plays a broker outage), never the machine's shared Redis."""
    server = PrivateRedis(tmp_path)
    server.start()
    yield server
    server.stop()
