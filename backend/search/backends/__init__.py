"""Search backends: PostgreSQL full-text (default) and Elasticsearch."""
