import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from transformers import AutoTokenizer

from stance.encoding import Encoder, InputFormat


@pytest.fixture(scope="module")
def tokenizer(tiny_base):
    return AutoTokenizer.from_pretrained(tiny_base)


def _decoded(tokenizer, ids):
    return tokenizer.decode(ids["input_ids"]).replace(" ", "")


def test_render_marks_and_pairs(tokenizer):
    enc = Encoder(tokenizer, InputFormat(markers=True, pair=True))
    assert enc.render("China backed Russia.", 13, 19) == ("China backed << Russia >>.", "Russia")
    enc = Encoder(tokenizer, InputFormat(markers=False, pair=True))
    assert enc.render("China backed Russia.", 13, 19) == ("China backed Russia.", "Russia")


def test_format_needs_a_way_to_show_the_mention():
    with pytest.raises(ValueError):
        InputFormat(markers=False, pair=False)


def test_format_round_trips_and_rejects_unknown_keys():
    fmt = InputFormat(markers=False, max_length=64)
    assert InputFormat.from_dict(fmt.to_dict()) == fmt
    with pytest.raises(ValueError, match="unknown"):
        InputFormat.from_dict({"colour": "red"})


@pytest.mark.parametrize("position", [0, 0.5, 1])
def test_long_text_keeps_the_mention(tokenizer, position):
    enc = Encoder(tokenizer, InputFormat(max_length=32))
    filler = "the talks were good " * 2000
    cut = int(len(filler) * position)
    text = filler[:cut] + "Moscow" + " " + filler[cut:]
    start = cut
    ids = enc.encode(text, start, start + 6)
    assert len(ids["input_ids"]) <= 32
    assert "<<moscow>>" in _decoded(tokenizer, ids)


def test_mention_longer_than_window_is_an_error(tokenizer):
    enc = Encoder(tokenizer, InputFormat(max_length=16))
    name = "the united states " * 20
    with pytest.raises(ValueError, match="too long"):
        enc.encode("x " + name + " y", 2, 2 + len(name))


@settings(max_examples=60, deadline=None)
@given(before=st.lists(st.sampled_from(["peace", "war", "talks,", "the", "a", "deal.", "123", "é"]), max_size=150),
       after=st.lists(st.sampled_from(["peace", "war", "talks,", "the", "a", "deal.", "!", "ü"]), max_size=150))
def test_window_always_contains_the_mention(tokenizer, before, after):
    enc = Encoder(tokenizer, InputFormat(max_length=24))
    left = " ".join(before) + " "
    text = left + "Kremlin" + " " + " ".join(after)
    ids = enc.encode(text, len(left), len(left) + 7)
    assert len(ids["input_ids"]) <= 24
    assert "<<kremlin>>" in _decoded(tokenizer, ids)


def test_mention_placeholder_hides_the_actor(tokenizer):
    masked = Encoder(tokenizer, InputFormat(mention_placeholder="someone"))
    plain = Encoder(tokenizer, InputFormat())
    # "Russia" and "Germany" give the same ids once masked: the model sees the position only
    assert masked.encode("China backed Russia.", 13, 19) == masked.encode("China backed Germany.", 13, 20)
    assert masked.encode("China backed Russia.", 13, 19) == plain.encode("China backed someone.", 13, 20)
    assert masked.encode("China backed Russia.", 13, 19) != plain.encode("China backed Russia.", 13, 19)
    fmt = InputFormat(mention_placeholder="someone")
    assert InputFormat.from_dict(fmt.to_dict()) == fmt


def test_mention_placeholder_in_a_long_text(tokenizer):
    enc = Encoder(tokenizer, InputFormat(max_length=32, mention_placeholder="someone"))
    filler = "the talks were good " * 300
    text = filler + "China backed Russia. " + filler
    start = text.index("Russia")
    ids = enc.encode(text, start, start + len("Russia"))
    assert len(ids["input_ids"]) <= 32
    assert "<<someone>>" in _decoded(tokenizer, ids) and "russia" not in _decoded(tokenizer, ids).lower()
