import pytest

from generator.model.yamlsource import YamlProblem, parse_located


def test_lines_of_keys_and_items() -> None:
    located = parse_located("\ntitle: a\nregion:\n  - estrie\n  - laval\n", first_line=1)
    assert located.line_of(("title",)) == 2
    assert located.line_of(("region", 1)) == 5
    assert located.line_of(("region", 7)) == 3  # falls back to the enclosing key
    assert located.line_of(("absent",)) == 1


def test_dates_stay_text_so_impossible_dates_do_not_crash() -> None:
    assert parse_located("date: 2011-02-30\n").data == {"date": "2011-02-30"}


def test_duplicate_keys_are_recorded() -> None:
    assert parse_located("a: 1\nb: 2\na: 3\n").duplicate_keys == [("a", 3)]


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ('title: "abc\ndate: 1\n', 1, "guillemet"),
        ("title: a\n\tdate: b\n", 2, "tabulation"),
        ("title: a\n  date: b\n", 2, "« : » inattendu"),
    ],
)
def test_yaml_errors_are_located_and_french(text: str, line: int, words: str) -> None:
    with pytest.raises(YamlProblem) as raised:
        parse_located(text)
    assert raised.value.line == line
    assert words in raised.value.message
