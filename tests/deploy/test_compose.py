"""docker-compose.yml cannot be started here (no Docker engine), so check it against the code:
every command, module, port and environment variable it names must exist."""

import importlib
import importlib.util
import re
import shlex
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import pytest
import yaml

from medborgarbudget.cli import main as cli_main
from medborgarbudget.stack import SERVICES, LocalStack, Ports
from services.common.settings import ServiceSettings
from services.notify.settings import NotifySettings
from services.web.settings import WebSettings
from workflows.settings import WorkerSettings

ROOT = Path(__file__).resolve().parents[2]
COMPOSE: dict[str, Any] = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
APP_SERVICES = {
    name: spec for name, spec in COMPOSE["services"].items() if spec.get("build") == "."
}


def _known_env() -> set[str]:
    names = {"DATABASE_URL", "MB_WORKERS"}  # MB_WORKERS: the service command's --workers
    for settings in (ServiceSettings, WorkerSettings, WebSettings, NotifySettings):
        names |= {f"MB_{field.upper()}" for field in settings.model_fields}
    return names


def test_every_project_service_is_there() -> None:
    expected = {"intake", "assessment", "voting", "decision", "notify", "web", "worker"}
    expected.add("temporal-setup")
    assert expected <= APP_SERVICES.keys()
    assert {"postgres", "temporal", "temporal-ui"} <= COMPOSE["services"].keys()


def _command(name: str) -> list[str]:
    """The service's command; a shell line (``sh -c``, to expand ``$MB_WORKERS``) split."""
    command: list[str] = APP_SERVICES[name]["command"]
    if command[:2] == ["sh", "-c"]:
        [line] = command[2:]
        words = shlex.split(line.replace("$$", "$"))  # compose's escape for a literal $
        assert words[0] == "exec", "uvicorn replaces the shell, so it gets the stop signal"
        return words[1:]
    return command


@pytest.mark.parametrize("name", sorted(APP_SERVICES))
def test_commands_exist_in_the_code(name: str) -> None:
    command = _command(name)
    if command[0] == "uvicorn":
        module_name, attr = command[command.index("--factory") + 1].split(":")
        assert callable(getattr(importlib.import_module(module_name), attr))
        port = int(command[command.index("--port") + 1])
        assert APP_SERVICES[name]["ports"] == [f"{port}:{port}"]
        assert port == Ports().service(name), "compose and `make run` use the same port"
    elif command[:2] == ["python", "-m"]:
        assert importlib.util.find_spec(command[2]) is not None
    elif command[0] == "medborgarbudget":
        with pytest.raises(SystemExit) as exit_info:
            cli_main([*command[1:], "--help"])
        assert exit_info.value.code == 0
    else:
        pytest.fail(f"unexpected command {command}")


@pytest.mark.parametrize("name", [*SERVICES, "web"])
def test_services_run_stock_uvicorn_with_mb_workers_processes(name: str) -> None:
    command = _command(name)
    assert command[0] == "uvicorn"
    assert not any(word.startswith(("--http", "--loop")) for word in command), "uvicorn's own"
    assert command[command.index("--workers") + 1] == "$MB_WORKERS"
    assert APP_SERVICES[name]["environment"]["MB_WORKERS"] == "${MB_WORKERS:-2}"


@pytest.mark.parametrize(("workers", "expected"), [(None, "1"), ("3", "3")])
def test_make_run_serves_with_stock_uvicorn_and_mb_workers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, workers: str | None, expected: str
) -> None:
    stack = LocalStack(tmp_path, extra_env={} if workers is None else {"MB_WORKERS": workers})
    monkeypatch.delenv("MB_WORKERS", raising=False)
    spawned: dict[str, list[str]] = {}
    monkeypatch.setattr(stack, "_spawn", lambda name, command, env: spawned.update({name: command}))
    stack._start_service("voting")
    command = spawned["voting"]
    assert command[command.index("--workers") + 1] == expected
    assert not any(word.startswith(("--http", "--loop")) for word in command)


@pytest.mark.parametrize("name", sorted(APP_SERVICES))
def test_environment_variables_are_read_by_the_code(name: str) -> None:
    env: dict[str, str] = APP_SERVICES[name]["environment"]
    unknown = set(env) - _known_env()
    assert not unknown, f"{name} sets variables no code reads: {unknown}"
    for value in env.values():
        if value.startswith("http://"):
            url = urlparse(value)
            target = APP_SERVICES[str(url.hostname)]
            assert f"{url.port}:{url.port}" in target["ports"]


def test_each_service_has_its_own_database_created_at_init() -> None:
    created = set(
        re.findall(r"CREATE DATABASE (\w+);", (ROOT / "deploy/postgres-init.sql").read_text())
    )
    databases = []
    for spec in APP_SERVICES.values():
        url = spec["environment"].get("DATABASE_URL")
        if url and "uvicorn" in " ".join(spec["command"]):
            databases.append(url.rsplit("/", 1)[1])
    assert sorted(databases) == ["assessment", "decision", "intake", "notify", "voting"]
    assert set(databases) <= created
    assert {"temporal", "temporal_visibility"} <= created


def test_dockerfile_copies_what_exists() -> None:
    for line in (ROOT / "Dockerfile").read_text().splitlines():
        if line.startswith("COPY "):
            for source in line.split()[1:-1]:
                assert (ROOT / source).exists(), source


@pytest.mark.parametrize("name", SERVICES)
def test_each_service_starts_after_its_migrations(name: str) -> None:
    """`medborgarbudget migrate NAME` runs to completion on the same database first."""
    service = APP_SERVICES[name]
    migrate_name = f"{name}-migrate"
    step = APP_SERVICES[migrate_name]
    assert step["command"] == ["medborgarbudget", "migrate", name]
    assert step["environment"]["DATABASE_URL"] == service["environment"]["DATABASE_URL"]
    assert step["restart"] == "on-failure", "a finished migration must not be restarted"
    assert service["depends_on"][migrate_name] == {"condition": "service_completed_successfully"}
    assert step["depends_on"]["postgres"] == {"condition": "service_healthy"}


def test_the_console_is_signed_in_and_temporal_speaks_tls() -> None:
    """The Web UI signs staff in with the kommun's OIDC provider, the server authorizes every
    call by JWT against the same keys and serves gRPC over TLS, and the worker connects with
    TLS and an API key (docs/console.md)."""
    services = COMPOSE["services"]
    server, ui, worker = (services[name] for name in ("temporal", "temporal-ui", "worker"))
    server_env: dict[str, str] = server["environment"]
    assert server_env["TEMPORAL_AUTH_AUTHORIZER"] == "default"
    assert server_env["TEMPORAL_AUTH_CLAIM_MAPPER"] == "default"
    assert "MB_AUTH_JWKS_URL" in server_env["TEMPORAL_JWT_KEY_SOURCE1"]
    assert {"TEMPORAL_TLS_FRONTEND_CERT", "TEMPORAL_TLS_FRONTEND_KEY"} <= server_env.keys()
    ui_env: dict[str, str] = ui["environment"]
    assert ui_env["TEMPORAL_AUTH_ENABLED"] == "true"
    for name in ("PROVIDER_URL", "CLIENT_ID", "CLIENT_SECRET", "CALLBACK_URL"):
        assert ui_env[f"TEMPORAL_AUTH_{name}"].startswith("${"), f"{name} comes from the .env"
    assert ui_env["TEMPORAL_TLS_CA"] == server_env["TEMPORAL_TLS_CLIENT1_CA_CERT"]
    worker_env: dict[str, str] = worker["environment"]
    assert worker_env["MB_TEMPORAL_TLS"] == "true"
    assert worker_env["MB_TEMPORAL_API_KEY"].startswith("${")
    assert (
        worker_env["MB_TEMPORAL_TLS_SERVER_NAME"] == server_env["TEMPORAL_TLS_FRONTEND_SERVER_NAME"]
    )
    mounted = {volume.split(":")[1] for volume in worker["volumes"]}
    assert worker_env["MB_TEMPORAL_TLS_CA_FILE"] in mounted
    settings = WorkerSettings.model_validate(
        {
            key.removeprefix("MB_").lower(): value
            for key, value in worker_env.items()
            if key.startswith("MB_TEMPORAL_")
        }
    )
    assert settings.temporal_tls and settings.temporal_api_key


@pytest.mark.parametrize("name", ["worker", "temporal-setup", "decision", "web"])
def test_every_temporal_client_connects_with_tls_and_an_api_key(name: str) -> None:
    """Not the worker alone: setup registers search attributes, the decision service signals
    approvals and the web front reads a round's status, all through the TLS frontend."""
    service = APP_SERVICES[name]
    env: dict[str, str] = service["environment"]
    server_env: dict[str, str] = COMPOSE["services"]["temporal"]["environment"]
    assert env["MB_TEMPORAL_TLS"] == "true"
    assert env["MB_TEMPORAL_API_KEY"].startswith("${")
    assert env["MB_TEMPORAL_TLS_SERVER_NAME"] == server_env["TEMPORAL_TLS_FRONTEND_SERVER_NAME"]
    mounted = {volume.split(":")[1] for volume in service["volumes"]}
    assert env["MB_TEMPORAL_TLS_CA_FILE"] in mounted
