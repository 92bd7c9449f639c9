"""E-mail configuration from one URL (``EMAIL_URL``), read by the settings.

    smtp://user:pass@host:25          plain SMTP (loopback relays, test servers)
    smtp+tls://user:pass@host:587     SMTP with STARTTLS (also ``submission://``)
    smtps://user:pass@host:465        SMTP over TLS
    console://                        print messages (development default)
    file:///path/to/folder            write messages as files
    locmem://                         keep them in memory (tests)
    dummy://                          drop them

Query parameters: ``timeout`` (seconds, default 10) and ``from`` (the sender address).
User names and passwords are percent-decoded, so ``@`` in a user name is written ``%40``.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs, unquote, urlparse

_BACKENDS = {
    "smtp": "django.core.mail.backends.smtp.EmailBackend",
    "console": "django.core.mail.backends.console.EmailBackend",
    "file": "django.core.mail.backends.filebased.EmailBackend",
    "locmem": "django.core.mail.backends.locmem.EmailBackend",
    "dummy": "django.core.mail.backends.dummy.EmailBackend",
}
_SMTP_SCHEMES = {
    "smtp": (25, False, False),
    "smtp+tls": (587, True, False),
    "submission": (587, True, False),
    "smtps": (465, False, True),
    "smtp+ssl": (465, False, True),
}


def email_settings_from_url(url: str) -> dict[str, Any]:
    """Django's ``EMAIL_*`` settings for ``url``; ValueError names what is wrong."""
    parsed = urlparse(url.strip())
    scheme = parsed.scheme.lower()
    query = {key: values[-1] for key, values in parse_qs(parsed.query).items()}
    result: dict[str, Any] = {}
    if scheme in _SMTP_SCHEMES:
        default_port, use_tls, use_ssl = _SMTP_SCHEMES[scheme]
        if not parsed.hostname:
            raise ValueError(f"EMAIL_URL {scheme}:// needs a host, e.g. {scheme}://mail.example.vn")
        result.update(
            EMAIL_BACKEND=_BACKENDS["smtp"],
            EMAIL_HOST=parsed.hostname,
            EMAIL_PORT=parsed.port or default_port,
            EMAIL_HOST_USER=unquote(parsed.username or ""),
            EMAIL_HOST_PASSWORD=unquote(parsed.password or ""),
            EMAIL_USE_TLS=use_tls,
            EMAIL_USE_SSL=use_ssl,
            EMAIL_TIMEOUT=int(query.get("timeout", "10")),
        )
    elif scheme in _BACKENDS and scheme != "smtp":
        result["EMAIL_BACKEND"] = _BACKENDS[scheme]
        if scheme == "file":
            path = unquote(parsed.path)
            if not path:
                raise ValueError("EMAIL_URL file:// needs a folder, e.g. file:///var/mail")
            result["EMAIL_FILE_PATH"] = path
    else:
        known = ", ".join(sorted({*_SMTP_SCHEMES, *_BACKENDS}))
        raise ValueError(f"EMAIL_URL scheme {scheme!r} is not one of: {known}")
    if query.get("from"):
        result["DEFAULT_FROM_EMAIL"] = query["from"]
    return result
