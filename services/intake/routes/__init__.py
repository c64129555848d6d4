"""Intake's HTTP resources: rounds (opened and closed by the workflow) and proposals."""
