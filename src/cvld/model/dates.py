"""Partial dates (year, year-month, year-month-day) as CVs write them, and a work's date range."""

from __future__ import annotations

import calendar
import datetime as _dt
import re
from functools import total_ordering

from cvld.core.recordtype import record

_DATE_RE = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")

PRESENT = "present"


class DateError(ValueError):
    """A date that cannot exist or cannot be read."""


@total_ordering
@record(frozen=True, slots=True)
class PartialDate:
    """A calendar date known to the year, the month or the day.

    Dates sort by what is known: ``2018`` < ``2018-01`` < ``2018-01-01`` < ``2019``.
    """

    year: int
    month: int | None = None
    day: int | None = None

    def _sort_key(self) -> tuple[int, int, int]:
        return (self.year, self.month or 0, self.day or 0)

    def __lt__(self, other: "PartialDate") -> bool:
        if not isinstance(other, PartialDate):
            return NotImplemented
        return self._sort_key() < other._sort_key()

    @property
    def precision(self) -> str:
        """``year``, ``month`` or ``day``."""
        if self.day is not None:
            return "day"
        if self.month is not None:
            return "month"
        return "year"

    def iso(self) -> str:
        """ISO 8601 at the date's own precision: ``2020``, ``2020-07``, ``2020-07-15``."""
        text = f"{self.year:04d}"
        if self.month is not None:
            text += f"-{self.month:02d}"
        if self.day is not None:
            text += f"-{self.day:02d}"
        return text

    def first_day(self) -> _dt.date:
        """The earliest calendar day the partial date can stand for."""
        return _dt.date(self.year, self.month or 1, self.day or 1)

    def last_day(self) -> _dt.date:
        """The latest calendar day the partial date can stand for."""
        month = self.month or 12
        day = self.day or calendar.monthrange(self.year, month)[1]
        return _dt.date(self.year, month, day)

    def __str__(self) -> str:
        return self.iso()


def parse_date(value: object) -> PartialDate:
    """Read a year (int or str), ``YYYY-MM``, ``YYYY-MM-DD`` or a ``datetime.date``.

    Raises :class:`DateError` with a message fit to show the user.
    """
    if isinstance(value, _dt.datetime):
        value = value.date()
    if isinstance(value, _dt.date):
        return PartialDate(value.year, value.month, value.day)
    if isinstance(value, bool):
        raise DateError(f"not a date: {value!r}")
    if isinstance(value, int):
        value = str(value)
    if not isinstance(value, str):
        raise DateError(f"not a date: {value!r}")
    match = _DATE_RE.match(value.strip())
    if not match:
        raise DateError(f"not a date: '{value}' (write YYYY, YYYY-MM or YYYY-MM-DD)")
    year = int(match.group(1))
    if year < 1:
        raise DateError(f"impossible date '{value}': there is no year 0 (years start at 0001)")
    month = int(match.group(2)) if match.group(2) else None
    day = int(match.group(3)) if match.group(3) else None
    if month is not None and not 1 <= month <= 12:
        raise DateError(f"impossible date '{value}': month {month} is not 1-12")
    if day is not None:
        assert month is not None
        last = calendar.monthrange(year, month)[1]
        if not 1 <= day <= last:
            raise DateError(f"impossible date '{value}': day {day} is not 1-{last} in that month")
    return PartialDate(year, month, day)


_DASHED_RANGE = re.compile(r"\s*(\d{4}(?:-\d{1,2})?)\s*(?:--|\u2013|\u2014)\s*(\d{4}(?:-\d{1,2})?)\s*")
RANGE_SEPARATOR = "/"  # ISO 8601's interval, as BibLaTeX's date field writes one: 2003/2015


def parse_date_range(value: object) -> tuple[PartialDate, PartialDate | None]:
    """A work's date: one date (:func:`parse_date`) or a range ``start/end`` such as ``2003/2015`` or
    ``2020-03/2022``: (start, end), end None for one date. Raises :class:`DateError`."""
    if isinstance(value, str) and RANGE_SEPARATOR in value:
        start_text, _, end_text = value.strip().partition(RANGE_SEPARATOR)
        try:
            start, end = parse_date(start_text), parse_date(end_text)
        except DateError as error:
            raise DateError(f"in the range '{value}': {error}") from None
        if end.last_day() < start.first_day():
            raise DateError(f"the range '{value}' ends ({end}) before it starts ({start})")
        return start, end
    try:
        return parse_date(value), None
    except DateError as error:
        dashed = _DASHED_RANGE.fullmatch(value) if isinstance(value, str) else None
        if dashed:
            raise DateError(f"not a date: '{value}' (write a range as start/end: "
                            f"{dashed.group(1)}{RANGE_SEPARATOR}{dashed.group(2)})") from None
        raise error


_SEASON_MONTHS = {"spring": (1, 5), "summer": (6, 8), "fall": (9, 12), "autumn": (9, 12), "winter": (12, 2)}
_TERM_RE = re.compile(r"^(Spring|Summer|Fall|Autumn|Winter)\s+(\d{4})$", re.IGNORECASE)


@record(frozen=True, slots=True)
class Term:
    """An academic term such as ``Summer 2020``."""

    season: str
    year: int

    @property
    def label(self) -> str:
        return f"{self.season.capitalize()} {self.year}"

    @property
    def start(self) -> PartialDate:
        return PartialDate(self.year, _SEASON_MONTHS[self.season][0])

    @property
    def end(self) -> PartialDate:
        first, last = _SEASON_MONTHS[self.season]
        year = self.year + 1 if last < first else self.year
        return PartialDate(year, last)


def parse_term(value: str) -> Term:
    match = _TERM_RE.match(value.strip())
    if not match:
        raise DateError(f"not a term: '{value}' (write e.g. 'Fall 2014')")
    return Term(match.group(1).lower(), int(match.group(2)))
