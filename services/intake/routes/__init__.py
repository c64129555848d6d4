"""Intake's HTTP resources: rounds (opened and closed by the workflow), proposals, proposers'
changes and moderation."""
