"""Password hashing: Argon2id with OWASP's recommended cost (19 MiB, 2 passes, 1 lane).

Django's defaults (100 MiB, 8 lanes) cost about 0.4 s and 100 MiB per sign-in on a
2-core server, so a handful of sign-ins at once could exhaust a small web worker; OWASP's
minimum keeps guessing expensive at a fraction of that. Hashes made with other parameters
still verify and are re-hashed with these at the next sign-in.
"""

from __future__ import annotations

from django.contrib.auth.hashers import Argon2PasswordHasher


class OcopArgon2PasswordHasher(Argon2PasswordHasher):
    # Same algorithm name as Django's: stored hashes stay interchangeable.
    time_cost = 2
    memory_cost = 19 * 1024  # KiB
    parallelism = 1
