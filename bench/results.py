"""One result per measured comparison, the same shape for every benchmark.

A benchmark module `bench/bench_<name>.py` defines `run(report)`; `make bench` (`python -m bench`)
calls it with the `report` of the current run:

    def run(report):
        ...
        report(name="search p95: endpoint / bare SQL", ratio=measured, goal=1.5, lower_is_better=True,
               note="(12.1 ms vs 9.8 ms, 200 000 documents)")

`ratio` is the measured figure (a ratio of two sides timed in the same run, or a count ratio), `goal`
the target it must meet (`≤ goal` when `lower_is_better`, else `≥ goal`). `note` (alias `detail`)
says what was compared. Each result records the command that reproduces it
(`python -m bench <name>`). At the end the run prints every result as a table, writes them to a file
(JSON, or Markdown when the path ends in `.md`) and exits non-zero when a goal was missed or a
module failed."""

import datetime
import json
import math
import os
import platform
from dataclasses import asdict, dataclass, field
from pathlib import Path

DEFAULT_OUTPUT = Path(__file__).resolve().parent / "results" / "latest.json"


@dataclass
class Result:
    module: str
    name: str
    ratio: float | None
    goal: float | None
    lower_is_better: bool = True
    passed: bool = False
    note: str = ""
    command: str = ""
    error: str = ""  # a module that raised: its exception, counted as a miss

    @property
    def goal_text(self) -> str:
        if self.goal is None:
            return ""
        return f"{'≤' if self.lower_is_better else '≥'} {self.goal:g}"

    @property
    def ratio_text(self) -> str:
        if self.ratio is None:
            return "error"
        return f"{self.ratio:.3f}"

    @property
    def status(self) -> str:
        return "PASS" if self.passed else ("ERROR" if self.error else "MISS")


def command_for(module: str) -> str:
    short = module.removeprefix("bench_")
    return f"python -m bench {short}"


def meets(ratio: float, goal: float, lower_is_better: bool) -> bool:
    if ratio is None or (isinstance(ratio, float) and math.isnan(ratio)):
        return False
    return ratio <= goal if lower_is_better else ratio >= goal


@dataclass
class Results:
    results: list[Result] = field(default_factory=list)
    module: str = ""
    started: str = field(default_factory=lambda: datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"))

    def report(self, *, name, ratio, goal, lower_is_better=True, note="", detail="", command=""):
        """Records one comparison (the callable benchmarks receive as `report`) and prints it."""
        ratio = float(ratio)
        result = Result(
            module=self.module,
            name=name,
            ratio=ratio,
            goal=goal,
            lower_is_better=lower_is_better,
            passed=meets(ratio, goal, lower_is_better),
            note=note or detail,
            command=command or command_for(self.module),
        )
        self.results.append(result)
        print(f"{result.status}  {name}: {result.ratio_text} (goal {result.goal_text}) {result.note}", flush=True)
        return result

    def failed_module(self, module: str, exc: BaseException):
        """A module that raised before finishing: one ERROR row, so the run fails visibly."""
        result = Result(
            module=module,
            name=f"{module} did not finish",
            ratio=None,
            goal=None,
            error=f"{type(exc).__name__}: {exc}"[:500],
            command=command_for(module),
        )
        self.results.append(result)
        print(f"ERROR {module}: {result.error}", flush=True)
        return result

    @property
    def missed(self) -> list[Result]:
        return [r for r in self.results if not r.passed]

    def table(self) -> str:
        """A plain-text table of every result, for the end of the run."""
        headers = ("", "benchmark", "measured", "goal", "command")
        rows = [(r.status, r.name, r.ratio_text, r.goal_text, r.command) for r in self.results]
        widths = [max(len(str(row[i])) for row in [headers, *rows]) for i in range(len(headers))]
        lines = [
            "  ".join(str(cell).ljust(widths[i]) for i, cell in enumerate(row)).rstrip() for row in [headers, *rows]
        ]
        lines.insert(1, "  ".join("-" * w for w in widths))
        lines.append("")
        lines.append(self.summary())
        return "\n".join(lines)

    def summary(self) -> str:
        missed = self.missed
        return f"{len(self.results)} measured, {len(self.results) - len(missed)} within goal, {len(missed)} missed."

    def as_dict(self) -> dict:
        return {
            "started": self.started,
            "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "system": platform.platform()},
            "summary": self.summary(),
            "results": [asdict(r) | {"status": r.status} for r in self.results],
        }

    def markdown(self) -> str:
        info = self.as_dict()
        lines = [
            "# Benchmark results",
            "",
            f"Measured {info['started']} on {info['machine']['cpus']} CPUs, Python {info['machine']['python']} "
            "(`make bench`; each ratio compares two sides timed in the same run). " + info["summary"],
            "",
            "| | benchmark | measured | goal | command |",
            "|---|---|---|---|---|",
        ]
        for r in self.results:
            name = r.name.replace("|", "\\|")
            note = (r.note or r.error).replace("|", "\\|")
            lines.append(
                f"| {r.status} | {name}<br><small>{note}</small> | {r.ratio_text} | {r.goal_text} | `{r.command}` |"
            )
        return "\n".join(lines) + "\n"

    def write(self, path: Path | str) -> Path:
        """JSON, or a Markdown table when the path ends in `.md`."""
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.suffix == ".md":
            path.write_text(self.markdown(), encoding="utf-8")
        else:
            path.write_text(json.dumps(self.as_dict(), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        return path
