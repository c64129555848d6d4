"""The prepared HMAC gives exactly the standard library's HMAC-SHA256."""

import hmac

from hypothesis import given
from hypothesis import strategies as st

from services.common.fast_hmac import PreparedHmac


@given(key=st.binary(max_size=200), message=st.binary(max_size=2000))
def test_the_prepared_hmac_is_hmac_sha256(key: bytes, message: bytes) -> None:
    assert PreparedHmac(key).digest(message) == hmac.digest(key, message, "sha256")


def test_one_prepared_key_serves_many_messages() -> None:
    mac = PreparedHmac(b"secret")
    for message in (b"", b"a", b"a" * 64, b"b" * 1000):
        assert mac.digest(message) == hmac.digest(b"secret", message, "sha256")
