"""The `medborgarbudget` command: run the stack, start and follow rounds, mint dev tokens,
replay a real election (`demo`)."""

import argparse
import asyncio
import importlib
import json
import os
import sys
from collections.abc import Coroutine
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from services.common.settings import ServiceSettings

SERVICES = ("intake", "assessment", "voting", "decision", "notify")


def main(argv: list[str] | None = None) -> int:
    # The CLI is the developer's tool (`make run`, the demo, tokens): development mode unless
    # told otherwise. Services and the worker started any other way default to production.
    os.environ.setdefault("MB_ENVIRONMENT", "development")
    parser = _parser()
    args = parser.parse_args(argv)
    if not hasattr(args, "handler"):
        parser.print_help()
        return 2
    handler = args.handler
    result: int = handler(args)
    return result


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="medborgarbudget", description=__doc__)
    commands = parser.add_subparsers(title="commands")

    run = commands.add_parser("run", help="start the whole system locally (make run)")
    run.add_argument("--data-dir", type=Path, default=Path(".data"))
    run.set_defaults(handler=_run)

    round_parser = commands.add_parser("round", help="start and follow budget rounds")
    rounds = round_parser.add_subparsers(title="round commands")
    start = rounds.add_parser("start", help="start a round from a JSON config file")
    start.add_argument("file", type=Path)
    start.add_argument("--id", help="round id (defaults to the file's id)")
    start.set_defaults(handler=_round_start)
    status = rounds.add_parser("status", help="show a round's phase and what it waits for")
    status.add_argument("round_id")
    status.add_argument("--json", action="store_true", help="machine-readable output")
    status.set_defaults(handler=_round_status)
    listing = rounds.add_parser("list", help="list rounds, optionally by phase")
    listing.add_argument("--phase", help="e.g. INTAKE, BALLOT_APPROVAL, COUNCIL_DECISION")
    listing.set_defaults(handler=_round_list)
    extend = rounds.add_parser("extend-deadline", help="move a phase's deadline to later")
    extend.add_argument("round_id")
    extend.add_argument("--phase", required=True, help="e.g. INTAKE, ASSESSMENT, EVALUATION")
    extend.add_argument("--until", required=True, help="ISO 8601 with time zone")
    extend.add_argument("--reason", required=True)
    extend.add_argument("--by", required=True, help="who asks for the change")
    extend.set_defaults(handler=_round_extend)
    cancel = rounds.add_parser("cancel", help="cancel a round for good")
    cancel.add_argument("round_id")
    cancel.add_argument("--reason", required=True)
    cancel.add_argument("--by", required=True, help="who cancels it")
    cancel.set_defaults(handler=_round_cancel)

    migrate = commands.add_parser(
        "migrate", help="bring a service's database to the newest schema (Alembic upgrade head)"
    )
    migrate.add_argument("service", choices=SERVICES)
    migrate.add_argument("--database-url", help="default: the service's DATABASE_URL")
    migrate.set_defaults(handler=_migrate)
    revision = commands.add_parser(
        "revision", help="write a service's next migration from its changed models"
    )
    revision.add_argument("service", choices=SERVICES)
    revision.add_argument("-m", "--message", required=True, help="what changes, e.g. 'add x'")
    revision.set_defaults(handler=_revision)

    setup = commands.add_parser("setup", help="register the search attributes (idempotent)")
    setup.set_defaults(handler=_setup)

    token = commands.add_parser("token", help="mint a development token (dev issuer only)")
    token.add_argument("--role", action="append", required=True, help="repeatable")
    token.add_argument("--subject", default="dev-user")
    token.add_argument("--name", default="")
    token.add_argument("--hours", type=float, default=8.0)
    token.add_argument("--kommun", help="the kommun an official acts for (claim kommun)")
    token.set_defaults(handler=_token)

    tally = commands.add_parser("tally", help="count a pabulib .pb election file")
    tally.add_argument("file", type=Path)
    tally.add_argument("--rule", help="counting rule (default: the file's META rule, else greedy)")
    tally.add_argument("--json", action="store_true", help="one JSON object")
    tally.add_argument("--seed", help="tie-break lottery seed (default: from the ballots)")
    tally.add_argument("--exclusive", action="append", default=[], help="A,B (repeatable)")
    tally.set_defaults(handler=_tally)

    from medborgarbudget.demo_cli import add_parser as add_demo_parser

    add_demo_parser(commands).set_defaults(handler=_demo)
    return parser


def _run(args: argparse.Namespace) -> int:
    from medborgarbudget.run import run_stack

    return run_stack(args.data_dir)


def _with_temporal(coroutine: Coroutine[Any, Any, int]) -> int:
    """Run a command that uses the Temporal client, then leave without interpreter teardown.

    The SDK's native client threads can crash CPython's finalisation at random
    ("PyGILState_Release", a known SDK issue), turning a finished command into exit 134.
    Everything is flushed first, so nothing the command printed is lost.
    """
    try:
        code = asyncio.run(coroutine)
        sys.stdout.flush()
        sys.stderr.flush()
    except BrokenPipeError:  # the output went to `head` or similar, which stopped reading
        code = 0
    os._exit(code)


def _round_start(args: argparse.Namespace) -> int:
    from medborgarbudget import rounds

    try:
        raw = json.loads(args.file.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        print(f"Kan inte läsa {args.file}: {exc}", file=sys.stderr)
        return 2
    config, problems = rounds.config_problems(raw, args.id)
    if config is None:
        print(f"Omgången startades inte; {args.file} duger inte:", file=sys.stderr)
        for problem in problems:
            print(f"  - {problem}", file=sys.stderr)
        return 2
    return _with_temporal(rounds.start(config))


def _round_status(args: argparse.Namespace) -> int:
    from medborgarbudget import rounds

    return _with_temporal(rounds.status(args.round_id, args.json))


def _round_list(args: argparse.Namespace) -> int:
    from medborgarbudget import rounds

    return _with_temporal(rounds.list_rounds(args.phase))


def _round_extend(args: argparse.Namespace) -> int:
    from medborgarbudget import operations
    from workflows.messages.updates import DeadlineExtension

    request = DeadlineExtension(
        phase=args.phase, until=args.until, reason=args.reason, requested_by=args.by
    )
    return _with_temporal(operations.extend_deadline(args.round_id, request))


def _round_cancel(args: argparse.Namespace) -> int:
    from medborgarbudget import operations
    from workflows.messages.updates import RoundCancellation

    request = RoundCancellation(reason=args.reason, cancelled_by=args.by)
    return _with_temporal(operations.cancel(args.round_id, request))


def _setup(_args: argparse.Namespace) -> int:
    from medborgarbudget import rounds

    return _with_temporal(rounds.setup())


def _migrate(args: argparse.Namespace) -> int:
    from services.common.migrations import SchemaMismatch, upgrade_url

    url = args.database_url or _service_settings(args.service).database_url
    try:
        upgrade_url(args.service, url)
    except SchemaMismatch as exc:
        print(exc, file=sys.stderr)
        return 1
    print(f"{args.service}: databasen har det senaste schemat.")
    return 0


def _service_settings(service: str) -> "ServiceSettings":
    module = importlib.import_module(f"services.{service}.settings")
    settings: ServiceSettings = getattr(module, f"{service.capitalize()}Settings")()
    return settings


def _revision(args: argparse.Namespace) -> int:
    from services.common.migrations import new_revision

    path = new_revision(args.service, args.message)
    if path is None:
        print(f"{args.service}: modellerna och migreringarna stämmer redan överens.")
        return 0
    print(f"Skrev {path}; granska den och kör `ruff format` på den.")
    return 0


def _tally(args: argparse.Namespace) -> int:
    from medborgarbudget.tally import run

    return run(args.file, args.rule, args.json, args.seed, args.exclusive)


def _demo(args: argparse.Namespace) -> int:
    from medborgarbudget import demo_cli

    return _with_temporal(demo_cli.run(args))


def _token(args: argparse.Namespace) -> int:
    from services.common.auth import KOMMUN_BOUND, Role, issue_token
    from services.common.settings import PlatformSettings

    known = {r.value for r in Role}
    unknown = [r for r in args.role if r not in known]
    if unknown:
        print(f"Okänd roll: {', '.join(unknown)} (finns: {', '.join(sorted(known))})")
        return 2
    bound = [r for r in args.role if Role(r) in KOMMUN_BOUND]
    if bound and not args.kommun:
        print(f"--kommun krävs för rollen {bound[0]}: den gäller bara en kommuns omgångar")
        return 2
    ttl = timedelta(hours=args.hours)
    claims = {"kommun": args.kommun} if args.kommun else {}
    settings = PlatformSettings()
    print(issue_token(settings, args.subject, args.role, name=args.name, ttl=ttl, claims=claims))
    return 0


if __name__ == "__main__":
    sys.exit(main())
