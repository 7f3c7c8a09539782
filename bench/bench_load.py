"""Load (issue 13, item 8): gunicorn with several workers, as in production, under wrk at 32
connections for BENCH_LOAD_SECONDS (default 60) on each of the public register, the document
search and the map's GeoJSON of referral areas, with the demo data — and on a minimal Django
JSON view served the same way, measured in the same run.

Reported: for each page, the share of answers that were errors (socket errors, timeouts or a
status other than 2xx/3xx; goal 0) and its throughput as a share of the minimal view's (the
stack's ceiling on this machine). The throughput goal (≥ 0.02: at least one fiftieth of an
empty view's rate) is ours, a floor that catches a page gone pathological, not a promise."""

import os
import re
import subprocess

from django.core.management import call_command

from tests.processes import process_env, start_web

SECONDS = int(os.environ.get("BENCH_LOAD_SECONDS", "60"))
CONNECTIONS = 32
WEB_WORKERS = int(os.environ.get("BENCH_LOAD_WORKERS", "4"))
TARGETS = [
    ("public register", "/diarium/"),
    ("document search", "/dokument/sok/?q=plan"),
    ("map GeoJSON (referral areas)", "/api/v1/referrals/areas/"),
]
MINIMAL = "/bench/minimal/"


def wrk(url: str) -> dict:
    out = subprocess.run(
        ["wrk", "-t", "2", "-c", str(CONNECTIONS), "-d", f"{SECONDS}s", "--timeout", "10s", url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    requests = int(re.search(r"(\d+) requests in", out).group(1))
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    socket = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    errors = (int(non_2xx.group(1)) if non_2xx else 0) + (sum(map(int, socket.groups())) if socket else 0)
    return {"requests": requests, "rate": rate, "errors": errors}


def run(report):
    call_command("load_demo", verbosity=0)
    web, base = start_web(process_env(DJANGO_SETTINGS_MODULE="bench.load_settings"), workers=WEB_WORKERS)
    try:
        minimal = wrk(base + MINIMAL)
        print(f"  minimal JSON view: {minimal['rate']:.0f} requests/s ({minimal['errors']} errors)")
        for name, path in TARGETS:
            measured = wrk(base + path)
            # No answer at all in the whole run counts as all errors, never as none.
            share = measured["errors"] / measured["requests"] if measured["requests"] else 1.0
            where = f"{CONNECTIONS} connections, {SECONDS} s, gunicorn × {WEB_WORKERS}, {path}"
            report(
                name=f"load: {name} errors / requests",
                ratio=share,
                goal=0,
                note=f"{measured['errors']} of {measured['requests']} ({where})",
            )
            report(
                name=f"load: {name} throughput / minimal view",
                ratio=measured["rate"] / minimal["rate"],
                goal=0.02,
                lower_is_better=False,
                note=f"{measured['rate']:.1f} vs {minimal['rate']:.0f} requests/s ({where})",
            )
    finally:
        web.stop()
