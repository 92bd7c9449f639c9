"""Static files storage: hashed, pre-compressed names (WhiteNoise) once `collectstatic` has
run, as in every deployment; plain names before it has (a fresh checkout, the tests)."""

from __future__ import annotations

from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticStorage(CompressedManifestStaticFilesStorage):
    manifest_strict = False

    def hashed_name(self, name, content=None, filename=None):
        try:
            return super().hashed_name(name, content, filename)
        except ValueError:
            if content is not None:
                raise  # collectstatic itself: a broken reference is a real error
            return name  # not collected yet: WhiteNoise's finders serve the source file
