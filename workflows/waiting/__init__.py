"""Waiting in workflow code: durable timers, the round's deadlines as they stand, and
reminders that keep a wait from being silent."""
