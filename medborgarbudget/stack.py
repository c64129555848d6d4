"""The whole system on one machine: Temporal dev server, four services, one worker.

`make run` uses it in the foreground; the end-to-end tests use it with their own ports and a
temporary data folder, so the code that starts the stack for a newcomer is the code under test.
"""

import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from workflows.search_attributes import DEV_SERVER_FLAGS

SERVICES = ("intake", "assessment", "voting", "decision")


@dataclass
class Ports:
    temporal: int = 7233
    ui: int = 8233
    intake: int = 8101
    assessment: int = 8102
    voting: int = 8103
    decision: int = 8104

    def service(self, name: str) -> int:
        port: int = getattr(self, name)
        return port


@dataclass
class LocalStack:
    """Starts and stops the processes; every wait is bounded so a failure cannot hang."""

    data_dir: Path
    ports: Ports = field(default_factory=Ports)
    host: str = "127.0.0.1"
    extra_env: dict[str, str] = field(default_factory=dict)
    database_urls: dict[str, str] = field(default_factory=dict)
    processes: dict[str, subprocess.Popen[bytes]] = field(default_factory=dict)

    @property
    def log_dir(self) -> Path:
        return self.data_dir / "logs"

    @property
    def temporal_address(self) -> str:
        return f"{self.host}:{self.ports.temporal}"

    def url(self, service: str) -> str:
        return f"http://{self.host}:{self.ports.service(service)}"

    def env(self) -> dict[str, str]:
        env = dict(os.environ)
        env.update(
            {
                "MB_TEMPORAL_ADDRESS": self.temporal_address,
                **{f"MB_{name.upper()}_URL": self.url(name) for name in SERVICES},
                "PYTHONUNBUFFERED": "1",
            }
        )
        env.update(self.extra_env)
        return env

    def start(self, timeout: float = 90.0) -> None:
        """Start everything and return once the server, services and worker answer."""
        self.log_dir.mkdir(parents=True, exist_ok=True)
        busy = [p for p in vars(self.ports).values() if _port_open(self.host, p)]
        if busy:
            raise RuntimeError(f"Ports already in use: {busy}. Is another stack running?")
        try:
            self._start_temporal()
            for name in SERVICES:
                self._start_service(name)
            deadline = time.monotonic() + timeout
            _wait_for_port(self.host, self.ports.temporal, deadline, self.processes)
            for name in SERVICES:
                _wait_for_health(f"{self.url(name)}/health", deadline, self.processes)
            self._spawn("worker", [sys.executable, "-m", "workflows.worker"], self.env())
            _wait_for_worker(self.log_dir / "worker.log", deadline, self.processes)
        except BaseException:
            self.stop()
            raise

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

    def _start_service(self, name: str) -> None:
        env = self.env()
        env["DATABASE_URL"] = self.database_urls.get(
            name, f"sqlite:///{self.data_dir / (name + '.db')}"
        )
        command = [
            sys.executable, "-m", "uvicorn", "--factory", f"services.{name}.main:create_app",
            "--host", self.host, "--port", str(self.ports.service(name)),
            "--log-level", "warning",
        ]  # fmt: skip
        self._spawn(name, command, env)

    def _spawn(self, name: str, command: list[str], env: dict[str, str]) -> None:
        log = (self.log_dir / f"{name}.log").open("ab")
        self.processes[name] = subprocess.Popen(
            command, stdout=log, stderr=subprocess.STDOUT, env=env, start_new_session=True
        )
        log.close()

    def kill(self, name: str) -> None:
        """SIGKILL one process (crash tests)."""
        process = self.processes.pop(name)
        process.kill()
        process.wait(timeout=10)

    def stop(self, timeout: float = 15.0) -> None:
        """Stop the worker first, then services, then the server; SIGKILL what lingers."""
        order = ["worker", *SERVICES, "temporal"]
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


def _check_alive(processes: dict[str, subprocess.Popen[bytes]]) -> None:
    for name, process in processes.items():
        if process.poll() is not None:
            raise RuntimeError(f"{name} exited with code {process.returncode}; see its log")


def _wait_for_port(
    host: str, port: int, deadline: float, processes: dict[str, subprocess.Popen[bytes]]
) -> None:
    while not _port_open(host, port):
        _check_alive(processes)
        if time.monotonic() > deadline:
            raise TimeoutError(f"nothing answers on {host}:{port}")
        time.sleep(0.2)


def _wait_for_health(
    url: str, deadline: float, processes: dict[str, subprocess.Popen[bytes]]
) -> None:
    while True:
        _check_alive(processes)
        try:
            if httpx.get(url, timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        if time.monotonic() > deadline:
            raise TimeoutError(f"{url} did not answer in time")
        time.sleep(0.2)


def _wait_for_worker(
    log: Path, deadline: float, processes: dict[str, subprocess.Popen[bytes]]
) -> None:
    """The worker logs a line once it polls its task queue."""
    while True:
        _check_alive(processes)
        if log.exists() and b"polling task queue" in log.read_bytes():
            return
        if time.monotonic() > deadline:
            raise TimeoutError("the worker did not start in time; see its log")
        time.sleep(0.2)
