"""Looks for people's identities in everything a round left behind: every table and column of
every service database (SQLite or PostgreSQL), the Temporal dev server's database, and every
log file of the stack. Used after a whole round (tests/e2e/test_full_round.py)."""

from pathlib import Path

from sqlalchemy import MetaData, create_engine, select

from medborgarbudget.stack import SERVICES, LocalStack


def personnummer_forms(number: str) -> set[str]:
    """The ways one personnummer is written: 12 or 10 digits, with or without the dash."""
    digits = number.replace("-", "").replace("+", "")
    long, short = digits[-12:], digits[-10:]
    return {long, f"{long[:8]}-{long[8:]}", short, f"{short[:6]}-{short[6:]}"}


def _database_url(stack: LocalStack, service: str) -> str:
    return stack.database_urls.get(service) or f"sqlite:///{stack.data_dir / (service + '.db')}"


def database_findings(stack: LocalStack, needles: set[str]) -> list[str]:
    """``service.table.column: needle`` for every cell holding one of ``needles``."""
    found = []
    lowered = {needle: needle.casefold() for needle in needles}
    for service in SERVICES:
        engine = create_engine(_database_url(stack, service))
        try:
            metadata = MetaData()
            metadata.reflect(engine)
            assert metadata.sorted_tables, f"{service} has no tables"
            with engine.connect() as conn:
                for table in metadata.sorted_tables:
                    for row in conn.execute(select(table)).mappings():
                        for column, value in row.items():
                            text = str(value).casefold()
                            found += [
                                f"{service}.{table.name}.{column}: {needle}"
                                for needle, folded in lowered.items()
                                if folded in text
                            ]
        finally:
            engine.dispose()
    return found


def file_findings(paths: list[Path], needles: set[str]) -> list[str]:
    """``file: needle`` for every file (database or log) holding one of ``needles``."""
    found = []
    for path in paths:
        content = path.read_bytes()
        found += [f"{path.name}: {n}" for n in needles if n.encode() in content]
    return found


def stack_files(stack: LocalStack) -> list[Path]:
    """The stack's log files and SQLite databases (Temporal's included)."""
    logs = sorted(stack.log_dir.glob("*.log"))
    assert {p.stem for p in logs} >= {*SERVICES, "worker"}, logs
    return logs + sorted(p for p in stack.data_dir.iterdir() if ".db" in p.name)
