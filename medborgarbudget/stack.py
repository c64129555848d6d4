"""The whole system on one machine: Temporal dev server, five services, one worker, and a
local mail sink the notify service sends to (files under ``<data>/mail``).

`make run` uses it in the foreground; the end-to-end tests use it with their own ports and a
temporary data folder, so the code that starts the stack for a newcomer is the code under test.
"""

import os
import random
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass, field, fields
from functools import partial
from pathlib import Path

import httpx

from workflows.search_attributes import DEV_SERVER_FLAGS

SERVICES = ("intake", "assessment", "voting", "decision", "notify")


def worker_processes(env: dict[str, str]) -> int:
    """uvicorn processes per service: ``MB_WORKERS`` (scale out on more cores), 1 if unset."""
    return max(1, int(env.get("MB_WORKERS") or 1))


@dataclass
class Ports:
    temporal: int = 7233
    ui: int = 8233
    intake: int = 8101
    assessment: int = 8102
    voting: int = 8103
    decision: int = 8104
    worker_metrics: int = 8105
    web: int = 8100
    notify: int = 8106
    # The local mail sink (SMTP) the notify service sends to.
    smtp: int = 8025

    def service(self, name: str) -> int:
        port: int = getattr(self, name)
        return port


def free_ports() -> Ports:
    """Free ports below the kernel's ephemeral range, so neither `make run`, another stack
    nor an outgoing connection's local port can take one between choosing and binding."""
    numbers: list[int] = []
    while len(numbers) < len(fields(Ports)):
        port = random.randrange(20_000, 32_000)
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
        if port not in numbers:
            numbers.append(port)
    return Ports(*numbers)


@dataclass
class LocalStack:
    """Starts and stops the processes; every wait is bounded so a failure cannot hang."""

    data_dir: Path
    ports: Ports = field(default_factory=Ports)
    host: str = "127.0.0.1"
    extra_env: dict[str, str] = field(default_factory=dict)
    database_urls: dict[str, str] = field(default_factory=dict)
    # False when the caller runs the Temporal server at ``ports.temporal`` itself (the e2e
    # tests' time-skipping test server); the stack then starts everything else.
    temporal_server: bool = True
    processes: dict[str, subprocess.Popen[bytes]] = field(default_factory=dict)

    @property
    def log_dir(self) -> Path:
        return self.data_dir / "logs"

    @property
    def temporal_address(self) -> str:
        return f"{self.host}:{self.ports.temporal}"

    def url(self, service: str) -> str:
        return f"http://{self.host}:{self.ports.service(service)}"

    @property
    def mail_dir(self) -> Path:
        return self.data_dir / "mail"

    @property
    def worker_metrics_url(self) -> str:
        return f"http://{self.host}:{self.ports.worker_metrics}/metrics"

    def env(self) -> dict[str, str]:
        env = dict(os.environ)
        env.update(
            {
                "MB_TEMPORAL_ADDRESS": self.temporal_address,
                **{f"MB_{name.upper()}_URL": self.url(name) for name in SERVICES},
                "MB_SMTP_HOST": self.host,
                "MB_SMTP_PORT": str(self.ports.smtp),
                "MB_MAIL_DIR": str(self.mail_dir),
                "PYTHONUNBUFFERED": "1",
            }
        )
        env.update(self.extra_env)
        return env

    def start(self, timeout: float = 90.0) -> None:
        """Start everything and return once the server, services and worker answer."""
        self.log_dir.mkdir(parents=True, exist_ok=True)
        ours = [
            p for p in vars(self.ports).values() if self.temporal_server or p != self.ports.temporal
        ]
        busy = [p for p in ours if _port_open(self.host, p)]
        if busy:
            raise RuntimeError(f"Ports already in use: {busy}. Is another stack running?")
        try:
            if self.temporal_server:
                self._start_temporal()
            self._start_mail_sink()
            for name in SERVICES:
                self._start_service(name)
            deadline = time.monotonic() + timeout
            temporal = self.ports.temporal
            self._wait(lambda: _port_open(self.host, temporal), "Temporal", deadline)
            for name in SERVICES:
                health = f"{self.url(name)}/health"
                self._wait(partial(_health_ok, health), name, deadline)
            self._start_service("web", database=False)
            self._wait(partial(_health_ok, f"{self.url('web')}/health"), "web", deadline)
            self._start_worker(deadline)
        except BaseException:
            self.stop()
            raise

    def _start_worker(self, deadline: float) -> None:
        worker_log = self.log_dir / "worker.log"
        # The worker logs this line once it polls its task queue; the log is appended to.
        polling = b"polling task queue"
        seen = worker_log.read_bytes().count(polling) if worker_log.exists() else 0
        worker_env = self.env()
        worker_env["MB_METRICS_ADDRESS"] = f"{self.host}:{self.ports.worker_metrics}"
        self._spawn("worker", [sys.executable, "-m", "workflows.worker"], worker_env)
        self._wait(lambda: worker_log.read_bytes().count(polling) > seen, "the worker", deadline)

    def restart(self, name: str, timeout: float = 60.0) -> None:
        """Start one process again after ``kill`` (crash tests): same ports, same data."""
        deadline = time.monotonic() + timeout
        if name == "worker":
            self._start_worker(deadline)
        elif name == "mail":
            self._start_mail_sink()
            port = self.ports.smtp
            self._wait(lambda: _port_open(self.host, port), "the mail sink", deadline)
        elif name == "temporal":
            self._start_temporal()
            port = self.ports.temporal
            self._wait(lambda: _port_open(self.host, port), "Temporal", deadline)
        else:
            self._start_service(name, database=name != "web")
            self._wait(partial(_health_ok, f"{self.url(name)}/health"), name, deadline)

    def _wait(self, ready: Callable[[], bool], what: str, deadline: float) -> None:
        """Wait until ``ready()``; fail at once, with the log's tail, if a process died."""
        while not ready():
            for name, process in self.processes.items():
                if process.poll() is not None:
                    log = self.log_dir / f"{name}.log"
                    raise RuntimeError(
                        f"{name} exited with code {process.returncode} ({log}):\n{_log_tail(log)}"
                    )
            if time.monotonic() > deadline:
                raise TimeoutError(f"{what} did not answer in time; see {self.log_dir}")
            time.sleep(0.2)

    def _start_temporal(self) -> None:
        binary = Path(sys.executable).parent / "temporal"
        command = [
            str(binary), "server", "start-dev",
            "--ip", self.host,
            "--port", str(self.ports.temporal),
            "--ui-port", str(self.ports.ui),
            "--db-filename", str(self.data_dir / "temporal.db"),
            "--log-level", "warn",
            "--ui-disable-news-fetch",
            *DEV_SERVER_FLAGS,
        ]  # fmt: skip
        self._spawn("temporal", command, self.env())

    def _start_mail_sink(self) -> None:
        command = [
            sys.executable, "-m", "medborgarbudget.mail_sink",
            "--host", self.host, "--port", str(self.ports.smtp), "--dir", str(self.mail_dir),
        ]  # fmt: skip
        self._spawn("mail", command, self.env())

    def _start_service(self, name: str, database: bool = True) -> None:
        env = self.env()
        if name == "notify":  # links in messages point at the web front
            env["MB_PUBLIC_URL"] = self.url("web")
        if database:  # the web front owns no data
            env["DATABASE_URL"] = self.database_urls.get(
                name, f"sqlite:///{self.data_dir / (name + '.db')}"
            )
        command = [
            sys.executable, "-m", "uvicorn", "--factory", f"services.{name}.main:create_app",
            "--host", self.host, "--port", str(self.ports.service(name)),
            "--workers", str(worker_processes(env)), "--log-level", "warning",
        ]  # fmt: skip
        self._spawn(name, command, env)

    def _spawn(self, name: str, command: list[str], env: dict[str, str]) -> None:
        log = (self.log_dir / f"{name}.log").open("ab")
        self.processes[name] = subprocess.Popen(
            command, stdout=log, stderr=subprocess.STDOUT, env=env, start_new_session=True
        )
        log.close()

    def kill(self, name: str) -> None:
        """SIGKILL one process and the workers it started (crash tests)."""
        process = self.processes.pop(name)
        with suppress(ProcessLookupError):  # its own session (_spawn), so its own group
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)

    def stop(self, timeout: float = 15.0) -> None:
        """Stop the worker first, then services, then the server; SIGKILL what lingers."""
        order = ["worker", "web", *SERVICES, "mail", "temporal"]
        for name in order:
            process = self.processes.get(name)
            if process and process.poll() is None:
                process.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + timeout
        for name in order:
            process = self.processes.pop(name, None)
            if process is None:
                continue
            try:
                process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=5)


def _port_open(host: str, port: int) -> bool:
    with socket.socket() as sock:
        sock.settimeout(0.2)
        return sock.connect_ex((host, port)) == 0


def _health_ok(url: str) -> bool:
    try:
        return httpx.get(url, timeout=2).status_code == 200
    except httpx.HTTPError:
        return False


def _log_tail(path: Path, lines: int = 15) -> str:
    if not path.exists():
        return ""
    text = path.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:]
    return "\n".join("    " + line for line in text)
