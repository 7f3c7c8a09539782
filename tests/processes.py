"""Real processes for tests that need more than one: web processes (gunicorn) and Celery
workers started as a deployment would start them, against the test database and the local
Redis. Each is stopped when the test ends; its output is kept for the failure message."""

import os
import socket
import subprocess
import sys
import threading
import time
import urllib.request

from django.db import connection


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def process_env(**extra) -> dict:
    """The environment of a portal process on the test database (which the test's own
    transactional_db commits to, so the processes see what the test wrote)."""
    db = connection.settings_dict
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "planportal.settings.test",
        "DATABASE_URL": f"postgis://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}",
        **{key: str(value) for key, value in extra.items()},
    }


class Process:
    def __init__(self, name: str, args: list[str], env: dict):
        self.name = name
        self.log: list[str] = []
        self.proc = subprocess.Popen(args, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        for line in self.proc.stdout:
            self.log.append(line)

    def output(self, last: int = 40) -> str:
        return f"--- {self.name} ---\n" + "".join(self.log[-last:])

    def wait_for_line(self, text: str, timeout: float = 40):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if any(text in line for line in self.log):
                return
            if self.proc.poll() is not None:
                break
            time.sleep(0.1)
        raise AssertionError(f"{self.name} did not say {text!r}:\n{self.output()}")

    def stop(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)


def start_web(env: dict, *, workers: int = 2) -> tuple[Process, str]:
    """gunicorn with `workers` processes, as in production; answers when /healthz does."""
    port = free_port()
    args = [sys.executable, "-m", "gunicorn", "planportal.wsgi:application"]
    args += ["--bind", f"127.0.0.1:{port}", "--workers", str(workers), "--timeout", "60"]
    web = Process(f"web :{port}", args, env)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 40
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(base + "/healthz", timeout=2) as response:
                if response.status == 200:
                    return web, base
        except OSError:
            time.sleep(0.2)
        if web.proc.poll() is not None:
            break
    web.stop()
    raise AssertionError("gunicorn did not answer /healthz:\n" + web.output())


def start_worker(env: dict, *, queue: str, name: str) -> Process:
    """A Celery worker (prefork, one child, one task at a time) on its own node name."""
    args = [sys.executable, "-m", "celery", "-A", "planportal", "worker", "-Q", queue, "-n", f"{name}@%h"]
    args += ["--concurrency=1", "--prefetch-multiplier=1", "--without-gossip", "--without-mingle"]
    args += ["--without-heartbeat", "--loglevel=INFO"]
    worker = Process(name, args, env)
    worker.wait_for_line(" ready.")
    return worker


class PrivateRedis:
    """A redis-server of the test's own on a free port, without persistence: stopping it (the
    broker going away) touches no other test's Redis. start() again on the same port."""

    def __init__(self, directory):
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.directory = directory
        self.process = None

    def start(self):
        args = ["/usr/bin/redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", ""]
        args += ["--appendonly", "no", "--dir", str(self.directory)]
        self.process = Process(f"redis :{self.port}", args, dict(os.environ))
        self.process.wait_for_line("Ready to accept connections", timeout=15)

    def stop(self):
        if self.process:
            self.process.stop()
            self.process = None


def signed_in_session(base: str, username: str, password: str = "secret-pass-123"):
    """A requests session signed in through a started web process's sign-in form (its CSRF cookie
    and Referer, as a browser sends them)."""
    import requests

    session = requests.Session()
    session.get(f"{base}/konto/logga-in/", timeout=20)
    response = session.post(
        f"{base}/konto/logga-in/",
        data={"username": username, "password": password, "csrfmiddlewaretoken": session.cookies["csrftoken"]},
        headers={"Referer": f"{base}/konto/logga-in/"},
        timeout=20,
        allow_redirects=False,
    )
    assert response.status_code == 302, response.text[:500]
    return session
