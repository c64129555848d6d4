"""The notify service: contact data, consent and messages to residents, companies, officials."""
