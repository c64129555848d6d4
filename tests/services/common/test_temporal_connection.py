"""The Temporal client's options from the settings: plain locally, TLS and an API key in
production (docs/console.md)."""

from pathlib import Path

from temporalio.service import TLSConfig

from services.common.settings import PlatformSettings
from services.common.temporal_connection import connect_options


def test_locally_the_client_connects_without_tls_or_key() -> None:
    options = connect_options(PlatformSettings())
    assert options["tls"] is False and options["api_key"] is None
    assert options["namespace"] == "default"


def test_in_production_it_sends_the_api_key_over_tls_with_the_private_ca(tmp_path: Path) -> None:
    ca = tmp_path / "ca.pem"
    ca.write_bytes(b"-----BEGIN CERTIFICATE-----\nkommunens-ca\n-----END CERTIFICATE-----\n")
    settings = PlatformSettings(
        temporal_tls=True,
        temporal_tls_ca_file=str(ca),
        temporal_tls_server_name="temporal",
        temporal_api_key="eyJ.worker.jwt",
    )
    options = connect_options(settings)
    assert options["tls"] == TLSConfig(server_root_ca_cert=ca.read_bytes(), domain="temporal")
    assert options["api_key"] == "eyJ.worker.jwt"


def test_tls_without_a_private_ca_uses_the_system_roots() -> None:
    options = connect_options(PlatformSettings(temporal_tls=True))
    assert options["tls"] == TLSConfig(server_root_ca_cert=None, domain=None)
