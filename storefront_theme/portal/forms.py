"""Small helpers the portal's pages share: turning a domain ``ValidationError`` into
messages per field, and reading numbers typed on a phone."""

from __future__ import annotations

from django.core.exceptions import ValidationError

from backend.sellers.access import NotAllowed


def field_errors(error: ValidationError) -> dict[str, list[str]]:
    if hasattr(error, "error_dict"):
        return {("general" if field == "__all__" else field): [m for e in errors
                                                                for m in e.messages]
                for field, errors in error.error_dict.items()}
    return {"general": error.messages}


class Outcome:
    """Runs one domain call; keeps its field errors (or the refusal) for the template."""

    def __init__(self) -> None:
        self.errors: dict[str, list[str]] = {}

    def run(self, func, *args, **kwargs):
        try:
            return func(*args, **kwargs)
        except ValidationError as error:
            for field, messages in field_errors(error).items():
                self.errors.setdefault(field, []).extend(messages)
        except NotAllowed as refusal:
            self.errors.setdefault("general", []).append(refusal.message)
        return None

    @property
    def ok(self) -> bool:
        return not self.errors

    def all_messages(self) -> list[str]:
        return [m for messages in self.errors.values() for m in messages]
