"""How the operations updates' validators refuse: at once, with the reason in Swedish, and
without a trace in the round's history."""

from temporalio.exceptions import ApplicationError


def refuse(message: str, kind: str) -> ApplicationError:
    return ApplicationError(message, type=kind, non_retryable=True)


def required_text(value: str, name: str, minimum: int) -> str:
    if len(value.strip()) < minimum:
        raise refuse(f"Ange {name} (minst {minimum} tecken).", "InvalidRequest")
    return value.strip()
