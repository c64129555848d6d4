"""`make run`: the whole system in the foreground until Ctrl-C."""

import signal
import sys
import time
from pathlib import Path
from types import FrameType

from medborgarbudget.stack import SERVICES, LocalStack


def run_stack(data_dir: Path) -> int:
    stack = LocalStack(data_dir=data_dir.resolve())
    print(f"Startar Temporal, tjänsterna och arbetaren (loggar i {stack.log_dir}) ...")
    try:
        stack.start()
    except (RuntimeError, TimeoutError) as exc:
        print(f"Kunde inte starta: {exc}", file=sys.stderr)
        return 1

    stopping = False

    def request_stop(_signum: int, _frame: FrameType | None) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGINT, request_stop)
    signal.signal(signal.SIGTERM, request_stop)
    print()
    print(f"  Webbplatsen       {stack.url('web')}")
    print(f"  Temporal Web UI   http://{stack.host}:{stack.ports.ui}")
    print(f"  Temporal (gRPC)   {stack.temporal_address}")
    for name in SERVICES:
        print(f"  {name:<17} {stack.url(name)}/docs")
    print(f"  worker metrics    {stack.worker_metrics_url}")
    print(f"  e-post (lokalt)   {stack.url('web')}/utveckling/e-post")
    print(f"                    filer i {stack.mail_dir} (SMTP {stack.host}:{stack.ports.smtp})")
    print()
    print("Starta en omgång:  .venv/bin/medborgarbudget round start rounds/example-round.json")
    print("Ctrl-C stoppar allt.")
    try:
        while not stopping:
            for name, process in stack.processes.items():
                if process.poll() is not None:
                    print(f"{name} avslutades (kod {process.returncode}); se {stack.log_dir}")
                    stopping = True
            time.sleep(0.5)
    finally:
        print("Stoppar ...")
        stack.stop()
        print("Stoppat.")
    return 0
