"""Voting service: the frozen ballot, one pseudonymous ballot per voter, and the greedy count."""
