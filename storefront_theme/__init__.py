"""The shopper-facing web storefront: server-rendered pages fed by in-process GraphQL."""
