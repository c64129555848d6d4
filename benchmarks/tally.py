"""Our counting engine against pabutools on the largest shared pabulib elections, same run.

    .venv/bin/python -m benchmarks.tally            # large files, every rule (about an hour)
    .venv/bin/python -m benchmarks.tally --quick    # medium files, fast rules (< 1 minute)
    .venv/bin/python -m benchmarks.tally --json --files Poland_Lodz_2022.pb --rules mes+greedy

Each rule is timed on both engines after the election is loaded (neither parse is timed). Our
time is the median of five ``count()`` calls, pabutools' one call; the ballots fingerprint of
the certificate is computed once per election, not per rule, and is shown on its own line.
Outcomes are compared too: a row where the two disagree is marked. pabutools gets the same
ballots and our tie order (see ``tests/counting/oracle.py``). Targets: at least 100x faster on
every rule; Łódź 2022 MES + completion under 0.5 s.
"""

import argparse
import csv
import json
import statistics
import sys
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

from counting.certificate import ballots_sha256
from counting.pabulib import read_pb
from counting.rules import Options, count
from tests.counting.oracle import Oracle

PABULIB = Path(__file__).resolve().parents[1] / ".." / "shared" / "pabulib"
SEED = "benchmark"
# name: (our rule, our options, pabutools call)
RULES: dict[str, tuple[str, Options, Callable[[Oracle], set[object]]]] = {
    "greedy": ("greedy", Options(), lambda o: o.greedy()),
    "mes": ("mes", Options(completion="none"), lambda o: o.mes("cost", "none")),
    "mes+greedy": ("mes", Options(completion="greedy"), lambda o: o.mes("cost", "greedy")),
    "mes-cardinality": (
        "mes",
        Options(utilities="cardinality", completion="none"),
        lambda o: o.mes("cardinality", "none"),
    ),
    "mes+add1": ("mes", Options(completion="add1"), lambda o: o.mes("cost", "add1")),
    "mes+add1+greedy": (
        "mes",
        Options(completion="add1+greedy"),
        lambda o: o.mes("cost", "add1+greedy"),
    ),
}
QUICK_RULES = ["greedy", "mes", "mes+greedy"]
# Our count takes milliseconds, so one preemption by another process would decide a single
# timing: ours is the median of this many counts (the same outcome each time), pabutools' one.
REPEATS = 5


def _files(size_class: str) -> list[str]:
    with (PABULIB / "INDEX.tsv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    chosen = [r for r in rows if r["size_class"] == size_class]
    return [r["file"] for r in sorted(chosen, key=lambda r: -int(r["voters"]))]


def _timed(work: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    answer = work()
    return time.perf_counter() - start, answer


def bench(name: str, rules: list[str], report: Callable[[dict[str, Any]], None]) -> None:
    election = read_pb(PABULIB / name)
    profile = election.profile
    hashing, _ = _timed(lambda: ballots_sha256(profile))
    report({"file": name, "rule": "certificate (once per election)", "ours_s": hashing})
    oracle = Oracle(profile, SEED)
    for label in rules:
        rule, options, reference = RULES[label]
        ours = partial(count, profile, rule, options, SEED)  # type: ignore[arg-type]
        counted = [_timed(ours) for _ in range(REPEATS)]
        ours_s, result = statistics.median(t for t, _ in counted), counted[-1][1]
        theirs_s, expected = _timed(partial(reference, oracle))
        report(
            {
                "file": name,
                "rule": label,
                "voters": profile.voter_count,
                "projects": len(profile.costs),
                "ours_s": ours_s,
                "pabutools_s": theirs_s,
                "ratio": theirs_s / ours_s if ours_s else None,
                "same_outcome": set(result.selected) == expected,
            }
        )


def _print_row(row: dict[str, Any]) -> None:
    if "pabutools_s" not in row:
        print(f"{row['file'][:40]:40} {row['rule']:34} ours {row['ours_s']:8.3f} s", flush=True)
        return
    mark = "" if row["same_outcome"] else "  OUTCOMES DIFFER"
    print(
        f"{row['file'][:40]:40} {row['rule']:16} ours {row['ours_s']:8.3f} s  "
        f"pabutools {row['pabutools_s']:8.2f} s  ratio {row['ratio']:8.0f}x{mark}",
        flush=True,
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="medium files, fast rules")
    parser.add_argument("--json", action="store_true", help="one JSON object at the end")
    parser.add_argument("--files", nargs="*", help="file names in ../shared/pabulib")
    parser.add_argument("--rules", nargs="*", choices=sorted(RULES), help="rules to time")
    args = parser.parse_args(argv)
    if not (PABULIB / "INDEX.tsv").exists():
        print(f"no pabulib elections at {PABULIB}", file=sys.stderr)
        return 2
    files = args.files or _files("medium" if args.quick else "large")
    rules = args.rules or (QUICK_RULES if args.quick else list(RULES))
    rows: list[dict[str, Any]] = []
    for name in files:
        bench(name, rules, rows.append if args.json else _print_row)
    if args.json:
        print(json.dumps({"seed": SEED, "results": rows}, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
