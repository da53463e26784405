"""Reading a results file: dates and numbers as people write them."""

from __future__ import annotations

import datetime as dt

import pytest

from metodset.diagnostics.results import parsing as result_parsing


def test_dates_and_numbers_as_people_write_them():
    assert result_parsing.date_parse("05.09.2024") == dt.date(2024, 9, 5)
    assert result_parsing.date_parse("05.09.24") == dt.date(2024, 9, 5)
    assert result_parsing.date_parse(45540) == dt.date(2024, 9, 5)  # an Excel serial number
    assert result_parsing.date_parse(dt.datetime(2024, 9, 5, 0, 0)) == dt.date(2024, 9, 5)
    assert result_parsing.number_parse("72,5") == 72.5
    assert result_parsing.number_parse("72,5 %") == 72.5
    with pytest.raises(ValueError):
        result_parsing.date_parse("31.02.2024")
    with pytest.raises(ValueError):
        result_parsing.number_parse("хорошо")
