"""Medborgarbudget: the command-line tool and the local stack behind `make run`."""
