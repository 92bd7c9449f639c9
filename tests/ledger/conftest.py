from __future__ import annotations

import pytest


@pytest.fixture
def producers(make_producer):
    """Three producers (their ids)."""
    return [make_producer().pk for _ in range(3)]
