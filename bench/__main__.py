"""`make bench`: runs every bench/bench_*.py and prints each measured ratio beside its goal.

    python -m bench                       # every module
    python -m bench rus referrals         # some modules (`rus` or `bench_rus`)
    python -m bench --list                # the modules there are
    python -m bench --output docs/bench-results.md   # also the committed Markdown table (run by hand)

A benchmark module defines `run(report)` and calls
    report(name="...", ratio=measured, goal=target, lower_is_better=True, note="...")
for each comparison it measures side by side in the same run (see bench/results.py). The run ends
with a table of every result, writes them to `--output` (default bench/results/latest.json, not
committed) and exits 1 when a goal is missed or a module fails. Benchmarks build their own data in
a throw-away test database (Django's test runner utilities, not pytest)."""

import argparse
import importlib
import os
import pkgutil
import sys
import traceback
import warnings

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "planportal.settings.test")


def available_modules() -> list[str]:
    import bench

    return sorted(info.name for info in pkgutil.iter_modules(bench.__path__) if info.name.startswith("bench_"))


def select_modules(wanted: list[str]) -> list[str]:
    """The modules to run, in order; a name not found is an error naming the choices."""
    available = available_modules()
    if not wanted:
        return available
    chosen = []
    for name in wanted:
        module = name if name.startswith("bench_") else f"bench_{name}"
        module = module.removesuffix(".py")
        if module not in available:
            raise SystemExit(
                f"No benchmark {name!r}; choose from: {', '.join(m.removeprefix('bench_') for m in available)}"
            )
        chosen.append(module)
    return chosen


class FreshDatabase:
    """Each module starts from the freshly migrated test database (with the rows migrations seed):
    a copy kept as a PostgreSQL template, restored before every module after the first, so one
    module's data (or its deletions) cannot change another's figures or make it fail."""

    def __init__(self):
        from django.db import connection

        self.connection = connection
        self.name = connection.settings_dict["NAME"]
        self.template = f"{self.name}_pristine"
        self.conn_max_age = connection.settings_dict["CONN_MAX_AGE"]
        self._run(
            f'DROP DATABASE IF EXISTS "{self.template}"', f'CREATE DATABASE "{self.template}" TEMPLATE "{self.name}"'
        )

    def _run(self, *statements):
        self.connection.close()
        with self.connection._nodb_cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)

    def restore(self):
        self.connection.settings_dict["CONN_MAX_AGE"] = self.conn_max_age  # a module may have changed it
        self._run(f'DROP DATABASE "{self.name}"', f'CREATE DATABASE "{self.name}" TEMPLATE "{self.template}"')

    def drop(self):
        self._run(f'DROP DATABASE IF EXISTS "{self.template}"')


def run_modules(modules: list[str], results, fresh_database=None) -> None:
    """Runs each module's `run(report)`; a module that raises becomes an ERROR row and the rest still run."""
    for number, module in enumerate(modules):
        if fresh_database and number:
            fresh_database.restore()
        print(f"--- {module}", flush=True)
        results.module = module
        try:
            importlib.import_module(f"bench.{module}").run(results.report)
        except Exception as exc:  # one module's failure must not hide the others' figures
            traceback.print_exc()
            results.failed_module(module, exc)


def parse_args(argv):
    parser = argparse.ArgumentParser(prog="python -m bench", description="Measured ratios beside their goals.")
    parser.add_argument("modules", nargs="*", help="modules to run (default: all), e.g. rus or bench_rus")
    parser.add_argument(
        "--output",
        "-o",
        action="append",
        help="file for the results: .json, or .md for a Markdown table (repeatable; default bench/results/latest.json)",
    )
    parser.add_argument("--list", action="store_true", help="list the modules and exit")
    return parser.parse_args(argv)


def main(argv=None) -> int:
    from bench.results import DEFAULT_OUTPUT, Results

    args = parse_args(sys.argv[1:] if argv is None else argv)
    if args.list:
        print("\n".join(m.removeprefix("bench_") for m in available_modules()))
        return 0
    modules = select_modules(args.modules)

    warnings.filterwarnings("ignore", message="No directory at")
    import django

    django.setup()
    from django.conf import settings
    from django.test.utils import get_runner, setup_test_environment

    setup_test_environment()
    runner = get_runner(settings)(verbosity=0, interactive=False)
    old_config = runner.setup_databases()
    results = Results()
    fresh_database = FreshDatabase() if len(modules) > 1 else None
    try:
        run_modules(modules, results, fresh_database)
    finally:
        if fresh_database:
            fresh_database.drop()
        runner.teardown_databases(old_config)
    print()
    print(results.table())
    for path in args.output or [DEFAULT_OUTPUT]:
        print(f"Written: {results.write(path)}")
    return 1 if results.missed else 0


if __name__ == "__main__":
    sys.exit(main())
