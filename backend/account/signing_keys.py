"""The RSA key that signs our JWTs, and its public half as a JWKS.

Production passes the private key in ``JWT_PRIVATE_KEY`` (PEM). Development (DEBUG or
the embedded database) makes one on first use and keeps it in ``var/``, so tokens
survive restarts. The key id (``kid``) is the RFC 7638 thumbprint of the public key.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
from functools import lru_cache
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

ALGORITHM = "RS256"


@lru_cache(maxsize=1)
def private_key() -> rsa.RSAPrivateKey:
    pem = settings.JWT_PRIVATE_KEY
    if pem:
        return _load(pem.encode())
    path: Path | None = settings.JWT_DEV_KEY_FILE
    if path is None:
        raise ImproperlyConfigured("JWT_PRIVATE_KEY must be set in production")
    if path.exists():
        return _load(path.read_bytes())
    return _create(path)


def _load(pem: bytes) -> rsa.RSAPrivateKey:
    key = serialization.load_pem_private_key(pem, password=None)
    if not isinstance(key, rsa.RSAPrivateKey):
        raise ImproperlyConfigured("JWT_PRIVATE_KEY must be an RSA private key")
    return key


def _create(path: Path) -> rsa.RSAPrivateKey:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                            serialization.NoEncryption())
    path.parent.mkdir(parents=True, exist_ok=True)
    # Written to a temporary name first: two processes starting together keep one key.
    temporary = path.with_suffix(f".{os.getpid()}.tmp")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(pem)
    try:
        os.link(temporary, path)
    except FileExistsError:
        return _load(path.read_bytes())
    finally:
        temporary.unlink()
    return key


def public_key() -> rsa.RSAPublicKey:
    return private_key().public_key()


def _b64(number: int) -> str:
    raw = number.to_bytes((number.bit_length() + 7) // 8, "big")
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def _public_jwk_members() -> dict[str, str]:
    numbers = public_key().public_numbers()
    return {"e": _b64(numbers.e), "kty": "RSA", "n": _b64(numbers.n)}


@lru_cache(maxsize=1)
def key_id() -> str:
    """RFC 7638 thumbprint: SHA-256 of the required members in lexicographic order."""
    canonical = json.dumps(_public_jwk_members(), separators=(",", ":"), sort_keys=True)
    digest = hashlib.sha256(canonical.encode()).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def jwks() -> dict[str, Any]:
    """The JSON Web Key Set published at /.well-known/jwks.json."""
    return {"keys": [{**_public_jwk_members(), "use": "sig", "alg": ALGORITHM,
                      "kid": key_id()}]}


def reset_cache() -> None:
    """Forget the loaded key (tests that change the settings)."""
    private_key.cache_clear()
    key_id.cache_clear()
