"""Assessment service: officials' feasibility verdicts and cost estimates for each proposal."""
