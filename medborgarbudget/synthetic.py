"""Made-up residents for demos and benchmarks: valid personnummer (check digit included), the
n-th one born on ``born_from`` plus n // 1000 days, with serial n % 1000, so a run of numbers
from a starting n never repeats one."""

from datetime import date, timedelta

from services.common.identity_numbers import luhn_valid


def personnummer(number: int, born_from: date = date(1980, 1, 1)) -> str:
    born = born_from + timedelta(days=number // 1000)
    digits = born.strftime("%y%m%d") + f"{number % 1000:03d}"
    check = next(d for d in "0123456789" if luhn_valid(digits + d))
    return f"{born:%Y%m%d}-{digits[6:]}{check}"
