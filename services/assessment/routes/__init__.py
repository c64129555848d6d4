"""Assessment's HTTP resources: rounds (registered and closed by the workflow), verdicts,
assignments and jäv, and merges of duplicates."""
