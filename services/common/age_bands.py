"""Age in coarse bands, the only form in which a participant's age is kept: voting keeps a
voter's band on the last voting day, intake a proposer's on the day of the proposal."""

from datetime import date

# (youngest age of the band, its name); SCB-like bands with the young voters kept apart.
AGE_BANDS = [
    (0, "0-15"),
    (16, "16-17"),
    (18, "18-24"),
    (25, "25-34"),
    (35, "35-49"),
    (50, "50-64"),
    (65, "65+"),
]


def age_on(born: date, day: date) -> int:
    """Whole years; someone born on 29 February comes of age on 1 March in other years."""
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def age_band(born: date | None, day: date) -> str | None:
    """The band of someone's age on ``day``; ``None`` when the birth date is unknown."""
    if born is None:
        return None
    age = age_on(born, day)
    return next(name for youngest, name in reversed(AGE_BANDS) if age >= youngest)
