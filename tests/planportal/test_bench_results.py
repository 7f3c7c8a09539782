"""`make bench`'s harness: every result in one shape, a table and a file, a non-zero exit on a miss.
(The benchmarks themselves run in `make bench`, not here: speed goals are not timed tests.)"""

import json
import sys
import types

import pytest

from bench.__main__ import available_modules, run_modules, select_modules
from bench.results import Results


def test_report_records_pass_and_miss_in_both_directions():
    results = Results(module="bench_demo")
    assert results.report(name="a", ratio=1.2, goal=1.5).passed
    assert not results.report(name="b", ratio=1.6, goal=1.5).passed
    assert results.report(name="c", ratio=12, goal=10, lower_is_better=False).passed
    assert not results.report(name="d", ratio=9, goal=10, lower_is_better=False, detail="(old keyword)").passed
    assert [r.status for r in results.results] == ["PASS", "MISS", "PASS", "MISS"]
    assert results.results[3].note == "(old keyword)"
    assert {r.command for r in results.results} == {"python -m bench demo"}
    assert [r.name for r in results.missed] == ["b", "d"]
    assert results.summary() == "4 measured, 2 within goal, 2 missed."


def test_table_and_files_show_every_result(tmp_path):
    results = Results(module="bench_demo")
    results.report(name="API / bare SQL", ratio=1.234, goal=1.5, note="(3 ms vs 2 ms)")
    results.report(name="drf-gis / endpoint", ratio=3.0, goal=10, lower_is_better=False)
    table = results.table()
    assert "PASS  API / bare SQL" in table and "1.234" in table and "≤ 1.5" in table
    assert "MISS  drf-gis / endpoint" in table and "≥ 10" in table
    assert "python -m bench demo" in table

    data = json.loads(results.write(tmp_path / "out" / "r.json").read_text())
    assert [(r["name"], r["status"], r["goal"]) for r in data["results"]] == [
        ("API / bare SQL", "PASS", 1.5),
        ("drf-gis / endpoint", "MISS", 10),
    ]
    assert data["summary"] == "2 measured, 1 within goal, 1 missed."
    markdown = results.write(tmp_path / "r.md").read_text()
    assert (
        "| PASS | API / bare SQL<br><small>(3 ms vs 2 ms)</small> | 1.234 | ≤ 1.5 | `python -m bench demo` |"
        in markdown
    )


def test_a_module_that_raises_is_an_error_row_and_the_others_still_run(monkeypatch):
    def broken(report):
        report(name="first", ratio=1, goal=2)
        raise RuntimeError("no data")

    monkeypatch.setitem(sys.modules, "bench.bench_zz_broken", types.SimpleNamespace(run=broken))
    monkeypatch.setitem(
        sys.modules,
        "bench.bench_zz_fine",
        types.SimpleNamespace(run=lambda report: report(name="fine", ratio=0.5, goal=1)),
    )
    results = Results()
    run_modules(["bench_zz_broken", "bench_zz_fine"], results)
    assert [(r.module, r.status) for r in results.results] == [
        ("bench_zz_broken", "PASS"),
        ("bench_zz_broken", "ERROR"),
        ("bench_zz_fine", "PASS"),
    ]
    assert "RuntimeError: no data" in results.results[1].error
    assert len(results.missed) == 1


def test_modules_are_chosen_by_short_or_full_name():
    assert "bench_rus" in available_modules()
    assert select_modules(["rus", "bench_foundation"]) == ["bench_rus", "bench_foundation"]
    assert select_modules([]) == available_modules()
    with pytest.raises(SystemExit, match="No benchmark 'nothing'; choose from: .*rus"):
        select_modules(["nothing"])
