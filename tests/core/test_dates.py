"""Dates written in text (core/dates.py)."""


def test_a_time_zone_far_from_a_numeric_date_does_not_decide_its_order() -> None:
    """Only a zone written beside the date tells day-first from month-first: "WEST PALM BEACH"
    a paragraph later is no Western European time."""
    from sourcebook.core.dates import written_dates

    assert written_dates("Issued on: 08/03/2027 - 09:44 GMT+1")[0][0] == "2027-03-08"
    far = "Posted 08/03/2027. " + "The storm moved north overnight. " * 4 + "WEST PALM BEACH"
    assert written_dates(far)[0][0] == "2027-08-03"
