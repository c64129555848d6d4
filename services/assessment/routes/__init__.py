"""Assessment's HTTP resources: rounds (registered and closed by the workflow) and verdicts."""
