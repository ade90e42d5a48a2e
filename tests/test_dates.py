from __future__ import annotations

import datetime as dt

import pytest

from cvld.model.dates import DateError, PartialDate, parse_date, parse_term


@pytest.mark.parametrize("written, iso, precision", [
    (2020, "2020", "year"), ("2020", "2020", "year"), ("2020-7", "2020-07", "month"),
    ("2020-07-15", "2020-07-15", "day"), (dt.date(2020, 2, 29), "2020-02-29", "day"), ("2024-02-29", "2024-02-29", "day"),
])
def test_partial_dates(written, iso, precision):
    date = parse_date(written)
    assert (date.iso(), date.precision) == (iso, precision)


@pytest.mark.parametrize("written, message", [
    ("2019-13", "impossible date '2019-13': month 13 is not 1-12"),
    ("2019-00", "impossible date '2019-00': month 0 is not 1-12"),
    ("2023-02-29", "impossible date '2023-02-29': day 29 is not 1-28 in that month"),
    ("2019/07", "not a date: '2019/07' (write YYYY, YYYY-MM or YYYY-MM-DD)"),
    (True, "not a date: True"),
])
def test_impossible_dates(written, message):
    with pytest.raises(DateError) as caught:
        parse_date(written)
    assert str(caught.value) == message


def test_bounds_and_order():
    assert PartialDate(2018, 7).first_day() == dt.date(2018, 7, 1)
    assert PartialDate(2018, 2).last_day() == dt.date(2018, 2, 28)
    assert PartialDate(2018).last_day() == dt.date(2018, 12, 31)
    assert PartialDate(2018) < PartialDate(2018, 1) < PartialDate(2019)


def test_terms():
    term = parse_term("Fall 2014")
    assert (term.label, term.start.iso(), term.end.iso()) == ("Fall 2014", "2014-09", "2014-12")
    assert parse_term("summer 2020").label == "Summer 2020"
    with pytest.raises(DateError):
        parse_term("Michaelmas 2014")
