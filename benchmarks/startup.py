"""Start-up benchmark: each case against a floor process, alternating A B A B.

The floor is the smallest Typer program that does what a command does (parse
one option, print), so the median of the pairwise ratios is exactly the cost
bazhanov adds on top of the framework. Alternating the runs cancels drift in
machine load. Also reports peak RSS per case, and how `events --year 1928
--json` scales on synthetic biographies of 10,000 and 100,000 events.

    python benchmarks/startup.py            # 15 pairs per case
    python benchmarks/startup.py --pairs 31 --no-synthetic

Bytecode is compiled first: an installed wheel has .pyc files, a source tree
under PYTHONDONTWRITEBYTECODE=1 does not, and compiling would be measured.
"""

from __future__ import annotations

import argparse
import compileall
import copy
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

FLOOR = """\
import typer
from pydantic import BaseModel

app = typer.Typer()

@app.command()
def facts(json_: bool = typer.Option(False, "--json")) -> None:
    print("{}")

app()
"""

CASES = {
    "facts --json": ["facts", "--json"],
    "events --year 1928": ["events", "--year", "1928"],
    "editions --lang de": ["editions", "--lang", "de"],
    "search Trotski --json": ["search", "Trotski", "--json"],
}
TARGETS = {"facts --json": 1.10, "events --year 1928": 1.25, "editions --lang de": 1.25}
RSS_TARGET_MIB = 40


def timed_run(command: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall seconds and peak RSS (MiB) of one child process."""
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{' '.join(command)} failed: {process.stderr.read().decode()}")
    process.stderr.close()
    return elapsed, usage.ru_maxrss / 1024  # Linux reports KiB


def compare(case: list[str], floor: list[str], pairs: int, env: dict[str, str]) -> dict[str, float]:
    ratios, ours, floors, rss = [], [], [], []
    for _ in range(pairs):
        floor_time, _ = timed_run(floor, env)
        our_time, our_rss = timed_run(case, env)
        ratios.append(our_time / floor_time)
        ours.append(our_time)
        floors.append(floor_time)
        rss.append(our_rss)
    return {
        "ratio": statistics.median(ratios),
        "ms": statistics.median(ours) * 1000,
        "floor_ms": statistics.median(floors) * 1000,
        "rss_mib": max(rss),
    }


def synthetic_biography(size: int, destination: Path) -> Path:
    """The bundled data with its events repeated to ``size``, ids made unique."""
    from bazhanov_cli.loading import bundled_data_path

    data = json.loads(bundled_data_path().read_text(encoding="utf-8"))
    originals = data["events"]
    events = []
    for index in range(size):
        event = copy.deepcopy(originals[index % len(originals)])
        event["id"] = f"{event['id']}-{index}"
        events.append(event)
    data["events"] = events
    data["quotes"] = [{**quote, "event": None} for quote in data["quotes"]]
    path = destination / f"synthetic-{size}.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=int, default=15, help="A B pairs per case (default 15)")
    parser.add_argument("--no-synthetic", action="store_true", help="skip the 10k/100k runs")
    args = parser.parse_args()

    import bazhanov_cli

    compileall.compile_dir(Path(bazhanov_cli.__file__).parent, quiet=1)
    env = {**os.environ, "COLUMNS": "100", "NO_COLOR": "1"}
    env.pop("BAZHANOV_DATA", None)
    command = [sys.executable, "-m", "bazhanov_cli"]

    with tempfile.TemporaryDirectory() as scratch:
        floor_file = Path(scratch) / "floor.py"
        floor_file.write_text(FLOOR, encoding="utf-8")
        floor = [sys.executable, str(floor_file), "--json"]

        print(f"{'case':26} {'median':>8} {'floor':>8} {'ratio':>6} {'target':>7} {'peak RSS':>9}")
        for name, case_args in CASES.items():
            result = compare([*command, *case_args], floor, args.pairs, env)
            target = TARGETS.get(name)
            verdict = "" if target is None else ("ok" if result["ratio"] <= target else "MISSED")
            shown_target = f"≤{target:.2f}" if target else "-"
            print(
                f"{name:26} {result['ms']:6.0f}ms {result['floor_ms']:6.0f}ms "
                f"{result['ratio']:6.2f} {shown_target:>7} {result['rss_mib']:6.1f}MiB {verdict}"
            )

        if args.no_synthetic:
            return
        timings = {}
        for size in (10_000, 100_000):
            path = synthetic_biography(size, Path(scratch))
            runs = [
                timed_run(
                    [*command, "--data", str(path), "events", "--year", "1928", "--json"], env
                )
                for _ in range(3)
            ]
            timings[size] = statistics.median(seconds for seconds, _ in runs)
            peak = max(rss for _, rss in runs)
            print(f"synthetic {size:>7,} events: {timings[size]:.2f} s, peak RSS {peak:.0f} MiB")
        ratio = timings[100_000] / timings[10_000]
        print(f"100k/10k time ratio: {ratio:.1f} (target ≤ 12); 100k: target ≤ 1.5 s")


if __name__ == "__main__":
    main()
