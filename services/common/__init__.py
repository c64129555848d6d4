"""Plumbing shared by the four services: settings, database, errors, idempotency, auth.

Only infrastructure lives here. Domain models stay in their own service, so that no service
depends on another's tables or vocabulary.
"""
