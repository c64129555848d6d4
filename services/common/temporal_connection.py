"""How a process connects to Temporal: address, namespace, and in production TLS and an API
key (a JWT the server's authorizer checks against the kommun's keys). One place, so the worker,
the CLI and the services' clients connect the same way."""

from pathlib import Path
from typing import Any

from temporalio.client import Client
from temporalio.contrib.pydantic import pydantic_data_converter
from temporalio.runtime import Runtime
from temporalio.service import TLSConfig

from services.common.settings import PlatformSettings


def tls_config(settings: PlatformSettings) -> TLSConfig | bool:
    """``False`` without TLS; with it, the private CA and server name when they are set."""
    if not settings.temporal_tls:
        return False
    ca = Path(settings.temporal_tls_ca_file).read_bytes() if settings.temporal_tls_ca_file else None
    return TLSConfig(server_root_ca_cert=ca, domain=settings.temporal_tls_server_name or None)


def connect_options(settings: PlatformSettings) -> dict[str, Any]:
    """``Client.connect`` keyword arguments from the settings (not the address)."""
    return {
        "namespace": settings.temporal_namespace,
        "data_converter": pydantic_data_converter,
        "tls": tls_config(settings),
        "api_key": settings.temporal_api_key or None,
    }


async def connect(settings: PlatformSettings, runtime: Runtime | None = None) -> Client:
    """``runtime``: the worker passes one that exports the SDK's metrics."""
    options = connect_options(settings)
    return await Client.connect(settings.temporal_address, runtime=runtime, **options)
