"""Faults (issue 13, item 6), with the real services: the portal's PostgreSQL connection is
killed under it (pg_terminate_backend, as a database restart or a failover does) and the next
request is answered without restarting the portal — production keeps connections
(CONN_MAX_AGE) and checks them before reuse (CONN_HEALTH_CHECKS, tests/planportal/test_project.py
holds production to both). The control shows that without the health check the same kill costs a
visitor a server error, so the test can fail."""

import io

import psycopg
import pytest
from django.core.wsgi import get_wsgi_application
from django.db import connection

pytestmark = pytest.mark.django_db(transaction=True)


def _get(application, path="/api/v1/themes/"):
    """One GET through the WSGI application, as gunicorn calls it (request_started/finished
    signals included: that is where Django checks its connections)."""
    status = []
    environ = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": path,
        "QUERY_STRING": "",
        "SERVER_NAME": "localhost",
        "SERVER_PORT": "80",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_ACCEPT": "application/json",
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(),
        "wsgi.errors": io.StringIO(),
    }
    response = application(environ, lambda s, headers, exc_info=None: status.append(s))
    try:
        b"".join(response)
    finally:
        response.close()
    return int(status[0][:3])


def _terminate_portal_connection():
    """Kills the portal's PostgreSQL session from another connection; returns its pid."""
    pid = connection.connection.info.backend_pid
    with psycopg.connect(**connection.get_connection_params(), autocommit=True) as other:
        other.execute("SELECT pg_terminate_backend(%s)", [pid])
    return pid


@pytest.fixture
def persistent_connections():
    """The connection settings production runs with, on this test's connection."""
    saved = dict(connection.settings_dict), connection.health_check_enabled

    def use(health_checks: bool):
        connection.close()
        connection.settings_dict["CONN_MAX_AGE"] = 600
        connection.settings_dict["CONN_HEALTH_CHECKS"] = health_checks
        connection.health_check_enabled = health_checks

    yield use
    connection.close()
    connection.settings_dict.clear()
    connection.settings_dict.update(saved[0])
    connection.health_check_enabled = saved[1]


def test_the_portal_answers_again_after_its_database_connection_is_killed(persistent_connections):
    persistent_connections(health_checks=True)
    application = get_wsgi_application()
    assert _get(application) == 200
    first_pid = connection.connection.info.backend_pid
    assert _get(application) == 200 and connection.connection.info.backend_pid == first_pid  # kept

    _terminate_portal_connection()
    assert _get(application) == 200  # the very next request: no error, a new connection
    assert connection.connection.info.backend_pid != first_pid
    assert _get(application, "/") == 200


def test_without_the_health_check_the_same_kill_costs_a_server_error(persistent_connections):
    persistent_connections(health_checks=False)
    application = get_wsgi_application()
    assert _get(application) == 200
    _terminate_portal_connection()
    assert _get(application) == 500
    assert _get(application) == 200  # Django drops the broken connection after the error
