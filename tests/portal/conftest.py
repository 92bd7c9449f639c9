"""The sellers suite's fixtures (an operator, an applicant, an approved producer)."""

from tests.sellers.conftest import applicant, approved_seller, identity, operator  # noqa: F401
