"""CPU time a benchmark phase cost, by who spent it: a service's processes, PostgreSQL, us.

Read from /proc (Linux); elsewhere the figures are None. PostgreSQL's share is every process
named ``postgres``: the backends serving the phase and the WAL writer and checkpointer that
flush its commits (other work on the same server counts too: run on an otherwise idle one).
"""

import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

_TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def _own_ticks(pid: int) -> int | None:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return int(fields[11]) + int(fields[12])


def process_tree_seconds(pid: int) -> float | None:
    """CPU time (user and system) of a process and its children so far."""
    ticks = _own_ticks(pid)
    if ticks is None:
        return None
    try:
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        children = []
    return ticks / _TICKS + sum(process_tree_seconds(int(c)) or 0.0 for c in children)


def database_seconds() -> float | None:
    """CPU time of every PostgreSQL process alive now."""
    proc = Path("/proc")
    if not proc.is_dir():
        return None
    total = 0
    for entry in proc.iterdir():
        if entry.name.isdigit():
            try:
                if (entry / "comm").read_text().strip() != "postgres":
                    continue
            except OSError:
                continue
            total += _own_ticks(int(entry.name)) or 0
    return total / _TICKS


@contextmanager
def cpu_use(service_pid: int | None = None) -> Iterator[dict[str, float | None]]:
    """Seconds of CPU spent in the block: ``service`` (its process tree, if given),
    ``database`` and ``clients`` (this process); filled in when the block ends."""
    service = process_tree_seconds(service_pid) if service_pid else None
    database, clients = database_seconds(), time.process_time()
    used: dict[str, float | None] = {}
    yield used
    service_after = process_tree_seconds(service_pid) if service_pid else None
    database_after = database_seconds()
    used["clients"] = time.process_time() - clients
    used["service"] = None if service is None or service_after is None else service_after - service
    used["database"] = (
        None if database is None or database_after is None else database_after - database
    )


def per_ballot_us(used: dict[str, float | None], ballots: int) -> dict[str, int]:
    """Microseconds per ballot, for the parts that could be measured."""
    return {part: round(s / ballots * 1e6) for part, s in used.items() if s is not None}
