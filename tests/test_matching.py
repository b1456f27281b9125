import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from stance.matching import find_mention


def test_exact_match_wins_over_case_insensitive():
    text = "russia said Russia would attend."
    assert find_mention(text, "Russia") == (12, 18)


def test_case_insensitive_fallback():
    assert find_mention("The KREMLIN denied it.", "Kremlin") == (4, 11)


def test_whole_word_preferred_over_substring():
    text = "Russian troops left; Russia denied it."
    assert find_mention(text, "Russia") == (21, 27)
    assert find_mention("Russian troops left.", "Russia") == (0, 6)  # falls back to the substring


def test_span_picks_the_mention():
    text = "Moscow said Moscow would win."
    assert find_mention(text, "Moscow", span=(12, 18)) == (12, 18)


@pytest.mark.parametrize("span, message", [((0, 99), "out of range"), ((5, 3), "out of range"),
                                           ((0, 6), "does not contain")])
def test_bad_spans(span, message):
    with pytest.raises(ValueError, match=message):
        find_mention("Moscow said no.", "said no more", span=span)


def test_absent_actor_is_named():
    with pytest.raises(ValueError, match="'NATO'"):
        find_mention("Russia and China met.", "NATO")


@pytest.mark.parametrize("text, actor, error", [(None, "x", TypeError), ("x", 3, TypeError),
                                                (b"x", "x", TypeError), ("  ", "x", ValueError),
                                                ("x", "", ValueError)])
def test_bad_types(text, actor, error):
    with pytest.raises(error):
        find_mention(text, actor)


@settings(max_examples=200, deadline=None)
@given(before=st.text(max_size=60), after=st.text(max_size=60),
       actor=st.from_regex(r"[A-Z][a-z]{2,10}( [A-Z][a-z]{2,8})?", fullmatch=True))
def test_inserted_actor_is_found(before, after, actor):
    text = f"{before} {actor} {after}"
    start, end = find_mention(text, actor)
    assert text[start:end].casefold() == actor.casefold()
