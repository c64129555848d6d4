"""What people, services and the workflows send each other: signals, updates, the
status and results, and the bodies and answers of the service activities."""
