"""Intake service: rounds open for proposals, and the proposals residents submit to them."""
