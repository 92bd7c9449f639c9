"""Django's PostgreSQL backend for the embedded server, restarting it when it is down."""
