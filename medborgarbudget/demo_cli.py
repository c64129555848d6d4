"""The ``demo`` command's options: which file, where the running stack listens, how hard to
push; then the replay and its table."""

import argparse
import json
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from workflows.settings import WorkerSettings

if TYPE_CHECKING:
    from medborgarbudget.driver import StackUrls

DEFAULT_CLIENTS = 32
# Ballots per second the voting window is planned for, times a margin. `make run` took about
# 1,500/s on an idle two-core machine; when casting is slower, the demo extends the window.
DEFAULT_BALLOT_RATE = 1000.0


def add_parser(
    commands: "argparse._SubParsersAction[argparse.ArgumentParser]",
) -> argparse.ArgumentParser:
    """The ``demo`` subcommand; its defaults are `make run`'s addresses or the ``MB_`` ones."""
    demo = commands.add_parser(
        "demo",
        help="replay a real election (.pb) through the running system (make run)",
        description="Spelar upp ett riktigt val ur pabulib genom hela det körande systemet.",
    )
    demo.add_argument(
        "file",
        type=Path,
        nargs="?",
        help="a pabulib .pb file (approval or cumulative), or a folder of one city's files "
        "(one pot per file)",
    )
    settings = WorkerSettings()
    demo.add_argument("--temporal", default=settings.temporal_address, help="MB_TEMPORAL_ADDRESS")
    for service in ("intake", "assessment", "voting", "decision"):
        default = getattr(settings, f"{service}_url")
        demo.add_argument(f"--{service}-url", default=default, help=f"MB_{service.upper()}_URL")
    ui = os.environ.get("MB_TEMPORAL_UI_URL", "http://127.0.0.1:8233")
    demo.add_argument("--ui-url", default=ui, help="Temporal Web UI (MB_TEMPORAL_UI_URL)")
    demo.add_argument(
        "--clients",
        type=int,
        default=DEFAULT_CLIENTS,
        help=f"concurrent voters (default {DEFAULT_CLIENTS})",
    )
    demo.add_argument(
        "--ballot-rate",
        type=float,
        default=DEFAULT_BALLOT_RATE,
        help="ballots/s the voting window is planned for (extended when casting is slower)",
    )
    demo.add_argument("--pace", type=float, default=1.0, help="stretch every other window")
    demo.add_argument("--round-id", help="default: demo-<file>-<time>")
    demo.add_argument(
        "--json",
        action="store_true",
        help="print one JSON object when the round ends (progress goes to stderr)",
    )
    return demo


def stack_urls(args: argparse.Namespace) -> "StackUrls":
    from medborgarbudget.driver import StackUrls

    return StackUrls(
        temporal_address=args.temporal,
        intake=args.intake_url,
        assessment=args.assessment_url,
        voting=args.voting_url,
        decision=args.decision_url,
        namespace=WorkerSettings().temporal_namespace,
    )


async def run(args: argparse.Namespace) -> int:
    import httpx
    from rich.console import Console
    from temporalio.exceptions import TemporalError
    from temporalio.service import RPCError

    from medborgarbudget.demo import DemoOptions, Replay
    from medborgarbudget.demo_city import DemoCity
    from medborgarbudget.demo_election import default_file
    from medborgarbudget.demo_report import as_json, show
    from medborgarbudget.driver import DriverError

    # With --json only the one object goes to stdout.
    console = Console(stderr=args.json)
    path = args.file or default_file()
    try:
        city = DemoCity.load(path)
    except (OSError, ValueError) as exc:
        print(f"Kan inte spela upp {path}: {exc}", file=sys.stderr)
        return 2
    urls = stack_urls(args)
    options = DemoOptions(
        clients=max(1, args.clients),
        ballot_rate=args.ballot_rate,
        pace=args.pace,
        round_id=args.round_id,
        namespace=urls.namespace,
    )
    main = city.main
    console.print(
        f"{path.name}: {len(city.pots)} pott(er), {city.project_count} projekt, "
        f"{city.ballot_count} röster, budget {main.money(city.budget)}, regel {main.rule}"
    )
    try:
        outcome = await Replay(city, urls, options, console).run()
    except (DriverError, httpx.HTTPError, RPCError, TemporalError, RuntimeError, ValueError) as exc:
        console.print(f"[red]Återuppspelningen avbröts:[/] {exc}")
        console.print("Är systemet igång? Starta det med `make run` i en annan terminal.")
        console.print(
            "På en långsam eller upptagen dator: prova --pace 2 och en lägre --ballot-rate."
        )
        return 1
    comparisons = show(console, city, outcome, args.ui_url.rstrip("/"))
    if args.json:
        print(json.dumps(as_json(outcome, comparisons), ensure_ascii=False))
    return 0
