"""English texts for the pages, keyed by the Swedish text the templates write."""

ENGLISH: dict[str, str] = {}
