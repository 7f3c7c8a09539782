"""Timing helpers for benchmarks: interleaved runs so both sides see the same machine state."""

import statistics
import time


def interleaved(funcs: dict, *, rounds: int = 30, warmup: int = 3) -> dict[str, list[float]]:
    """Runs each callable once per round, alternating, and returns the seconds per call."""
    for _ in range(warmup):
        for func in funcs.values():
            func()
    times = {name: [] for name in funcs}
    for _ in range(rounds):
        for name, func in funcs.items():
            start = time.perf_counter()
            func()
            times[name].append(time.perf_counter() - start)
    return times


def median(values):
    return statistics.median(values)


def p95(values):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]
