"""The OCOP marketplace's Django project: settings, domain apps and the GraphQL API."""
