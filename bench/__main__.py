"""`make bench`: runs every bench/bench_*.py and prints each measured ratio beside its goal.

A benchmark module defines `run(report)` and calls
    report(name="...", ratio=measured, goal=target, lower_is_better=True, detail="...")
for each comparison it measures side by side in the same run. Benchmarks build their own
data in a throw-away test database (pytest-django's machinery is not used here: we create
one with Django's test runner utilities)."""

import importlib
import os
import pkgutil
import sys
import warnings

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "planportal.settings.test")


def main() -> int:
    warnings.filterwarnings("ignore", message="No directory at")
    import django

    django.setup()
    from django.conf import settings
    from django.test.utils import get_runner, setup_test_environment

    setup_test_environment()
    runner = get_runner(settings)(verbosity=0, interactive=False)
    old_config = runner.setup_databases()
    rows = []

    def report(*, name, ratio, goal, lower_is_better=True, detail=""):
        ok = ratio <= goal if lower_is_better else ratio >= goal
        rows.append((name, ratio, goal, lower_is_better, ok, detail))
        sign = "≤" if lower_is_better else "≥"
        print(f"{'PASS' if ok else 'MISS'}  {name}: {ratio:.3f} (goal {sign} {goal}) {detail}", flush=True)

    wanted = sys.argv[1:]
    try:
        import bench

        for info in sorted(pkgutil.iter_modules(bench.__path__), key=lambda i: i.name):
            if not info.name.startswith("bench_") or (wanted and info.name not in wanted):
                continue
            print(f"--- {info.name}", flush=True)
            importlib.import_module(f"bench.{info.name}").run(report)
    finally:
        runner.teardown_databases(old_config)
    missed = [r for r in rows if not r[4]]
    print(f"\n{len(rows)} measured, {len(rows) - len(missed)} within goal, {len(missed)} missed.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
