import datetime

from generator.model.dates import long_date


def test_long_date_in_quebec_french() -> None:
    assert long_date(datetime.date(2011, 5, 11)) == "11 mai 2011"
    assert long_date(datetime.date(2013, 3, 1)) == "1er mars 2013"
    assert long_date(datetime.date(2013, 3, 21)) == "21 mars 2013"
