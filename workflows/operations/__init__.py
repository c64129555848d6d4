"""What operations staff change in a running round (updates): deadline changes and
cancellation."""
