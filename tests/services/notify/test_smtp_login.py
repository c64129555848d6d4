"""The kommun's mail server as most are set up: STARTTLS first, then a login; mail goes only
after both (``MB_SMTP_STARTTLS``, ``MB_SMTP_USERNAME``, ``MB_SMTP_PASSWORD``)."""

import ipaddress
import socket
import ssl
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from fastapi import FastAPI
from fastapi.testclient import TestClient

from services.notify.sender import Sender
from services.notify.settings import NotifySettings
from tests.conftest import TokenFactory
from tests.services.notify.helpers import PEOPLE, announce, give_contact
from tests.services.notify.mail_sink import Collector


def _certificate(folder: Path) -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1 (the mail server's, and the client's CA)."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.now(UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(minutes=1))
        .not_valid_after(now + timedelta(hours=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert, private = folder / "cert.pem", folder / "key.pem"
    cert.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    private.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert, private


class Login:
    def __init__(self) -> None:
        self.logins: list[tuple[bytes, bool]] = []

    def __call__(
        self, _server: Any, session: Any, _envelope: Any, mechanism: str, data: Any
    ) -> Any:
        assert isinstance(data, LoginPassword)
        ok = (data.login, data.password) == (b"are-kommun", b"hemligt")
        self.logins.append((data.login, session.ssl is not None))
        return AuthResult(success=ok, handled=False)


def test_mail_goes_after_starttls_and_login(
    client: TestClient,
    app: FastAPI,
    settings: NotifySettings,
    auth: TokenFactory,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    cert, private = _certificate(tmp_path)
    server_tls = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    server_tls.load_cert_chain(cert, private)
    trusting = ssl.create_default_context(cafile=str(cert))
    default_context = ssl.create_default_context

    def context(*args: Any, **kwargs: Any) -> ssl.SSLContext:
        """The mail adapter's (no arguments) trusts the test's certificate; others as ever."""
        return trusting if not (args or kwargs) else default_context(*args, **kwargs)

    monkeypatch.setattr(ssl, "create_default_context", context)
    collector, login = Collector(), Login()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(
        collector,
        hostname="127.0.0.1",
        port=port,
        tls_context=server_tls,
        require_starttls=True,
        auth_required=True,
        authenticator=login,
    )
    controller.start()
    try:
        give_contact(client, auth, PEOPLE[0], email="kim@example.se")
        announce(client, auth, "voting_opened", closes_at="2027-05-31T20:00:00+00:00")
        secured = settings.model_copy(
            update={
                "smtp_port": port,
                "smtp_starttls": True,
                "smtp_username": "are-kommun",
                "smtp_password": "hemligt",
            }
        )
        assert Sender(app.state.engine, secured).send_batch() == 1
    finally:
        controller.stop()
    assert login.logins == [(b"are-kommun", True)]
    assert [m["To"] for m in collector.messages] == ["kim@example.se"]
