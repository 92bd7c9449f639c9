"""PostgreSQL through the embedded server (``DATABASE_URL`` unset): when a new connection
fails, the server is started again if it is not running and the connection retried, so
a stopped or crashed embedded database never needs a person to bring the site back."""

from __future__ import annotations

from django.db.backends.postgresql import base

from backend import embedded_db


class DatabaseWrapper(base.DatabaseWrapper):
    def get_new_connection(self, conn_params):
        try:
            return super().get_new_connection(conn_params)
        except base.Database.OperationalError:
            # Started again (by us or another process meanwhile): one more try. Had the
            # server been running all along, the retry fails as the first attempt did.
            if not embedded_db.recover():
                raise
            return super().get_new_connection(conn_params)
