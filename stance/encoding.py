"""Turning (text, mention) into model inputs: mention markers, text pair, and windowing."""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields


POOLINGS = ("cls", "marker")


@dataclass(frozen=True)
class InputFormat:
    """How a (text, mention) pair is shown to the encoder; saved with every model.

    markers: wrap the mention in the text with ``marker_open``/``marker_close``.
    pair: give the mention's surface text as the second segment of a text pair.
    max_length: the model's window in tokens; longer texts are cut around the mention.
    mention_placeholder: when not empty, the mention's words are replaced by this text before
    encoding (placeholder masking: the model sees where the actor is, not who it is).
    pooling: "cls" classifies the whole input from its first token (a sequence classifier);
    "marker" classifies the encoder's output at the opening marker (a token classifier read at
    that one position: target-dependent pooling, which needs markers).
    source_open/source_close: set on a relation model (``stance.load_relations``): the mention
    of the actor who holds the stance is wrapped in these, the target in the usual markers.
    """

    markers: bool = True
    pair: bool = True
    marker_open: str = "<<"
    marker_close: str = ">>"
    max_length: int = 128
    mention_placeholder: str = ""
    pooling: str = "cls"
    source_open: str = ""
    source_close: str = ""

    def __post_init__(self) -> None:
        if not (self.markers or self.pair):
            raise ValueError("an input format needs markers, pair, or both to show the mention")
        if self.pooling not in POOLINGS:
            raise ValueError(f"pooling must be one of {', '.join(POOLINGS)}, got {self.pooling!r}")
        if self.pooling == "marker" and not self.markers:
            raise ValueError("pooling 'marker' reads the model's output at the mention's marker: it needs markers")
        if bool(self.source_open) != bool(self.source_close):
            raise ValueError("give both source_open and source_close, or neither")
        if self.source_open and not self.markers:
            raise ValueError("a relation model (source markers) needs markers for the target too")
        if self.max_length < 16:
            raise ValueError(f"max_length must be at least 16, got {self.max_length}")

    def to_dict(self) -> dict:
        return asdict(self)

    @property
    def relation(self) -> bool:
        """True for a relation model: one that reads a source mention as well as the target."""
        return bool(self.source_open)

    @classmethod
    def from_dict(cls, data: dict) -> "InputFormat":
        known = {f.name for f in fields(cls)}
        unknown = set(data) - known
        if unknown:
            raise ValueError(f"unknown input format keys: {sorted(unknown)}")
        return cls(**data)


class Encoder:
    """Builds token ids for (text, start, end) with a tokenizer and an InputFormat."""

    def __init__(self, tokenizer, fmt: InputFormat):
        self.tokenizer = tokenizer
        self.fmt = fmt

    def render(self, text: str, start: int, end: int) -> tuple[str, str | None]:
        """The marked text and the pair segment for one mention (no windowing)."""
        mention = text[start:end]
        if self.fmt.markers:
            text = f"{text[:start]}{self.fmt.marker_open} {mention} {self.fmt.marker_close}{text[end:]}"
        return text, (mention if self.fmt.pair else None)

    def encode(self, text: str, start: int, end: int) -> dict:
        """Token ids (and token type ids where the model has them) for one mention, cut to a
        window around the mention when the text is too long; with marker pooling also
        "marker_index", the position of the opening marker's first token."""
        if self.fmt.mention_placeholder:
            text = f"{text[:start]}{self.fmt.mention_placeholder}{text[end:]}"
            end = start + len(self.fmt.mention_placeholder)
        enc = self._ids(text, start, end)
        if len(enc["input_ids"]) <= self.fmt.max_length:
            return enc
        return self._encode_windowed(text, start, end)

    def encode_relation(self, text: str, start: int, end: int, source_start: int, source_end: int) -> dict:
        """Token ids for the stance of the source mention text[source_start:source_end] toward
        the target text[start:end]: the source wrapped in the source markers, then as encode()."""
        if not self.fmt.relation:
            raise ValueError("this model reads one mention, not a source and a target: it is not a relation model")
        if source_start < end and start < source_end:
            raise ValueError(f"the source mention {text[source_start:source_end]!r} overlaps the target "
                             f"{text[start:end]!r}")
        marked, start, end = mark_source(text, start, end, source_start, source_end, self.fmt)
        return self.encode(marked, start, end)

    @property
    def pair_cap(self) -> int:
        """The most tokens the pair segment may take; a longer mention is cut there."""
        return self.fmt.max_length // 4

    def _ids(self, text: str, start: int, end: int) -> dict:
        first, second = self.render(text, start, end)
        if second is not None and len(second) > self.pair_cap:
            offsets = self.tokenizer(second, add_special_tokens=False, return_offsets_mapping=True,
                                     verbose=False)["offset_mapping"]
            if len(offsets) > self.pair_cap:
                second = second[:offsets[self.pair_cap - 1][1]]
        enc = self.tokenizer(first, second, truncation=False, verbose=False, return_attention_mask=False)
        out = {k: enc[k] for k in ("input_ids", "token_type_ids") if k in enc}
        if self.fmt.pooling == "marker":  # render() puts the opening marker at `start`
            index = enc.char_to_token(start)
            if index is None:
                raise ValueError(f"the tokenizer gives no token for the marker {self.fmt.marker_open!r}")
            out["marker_index"] = index
        return out

    def _encode_windowed(self, text: str, start: int, end: int) -> dict:
        # Pre-cut very long texts by characters: a token covers at least one character.
        reach = self.fmt.max_length * 12
        lo, hi = max(0, start - reach), min(len(text), end + reach)
        text, start, end = text[lo:hi], start - lo, end - lo
        overhead = len(self._ids("x", 0, 1)["input_ids"]) - 1  # specials, markers and pair around a 1-token mention
        mention_len = len(self.tokenizer(text[start:end], add_special_tokens=False)["input_ids"])
        pair_len = min(mention_len, self.pair_cap) if self.fmt.pair else 0
        budget = self.fmt.max_length - overhead - mention_len - pair_len
        while budget > 0:
            cut_text, s, e = self._window(text, start, end, budget + mention_len)
            enc = self._ids(cut_text, s, e)
            if len(enc["input_ids"]) <= self.fmt.max_length:
                return enc
            budget -= max(1, len(enc["input_ids"]) - self.fmt.max_length)
        raise ValueError(f"the mention {text[start:end][:60]!r} is too long for the model's window "
                         f"of {self.fmt.max_length} tokens")

    def _window(self, text: str, start: int, end: int, size: int) -> tuple[str, int, int]:
        """Cut text to about `size` tokens centred on text[start:end], on token boundaries."""
        enc = self.tokenizer(text, add_special_tokens=False, return_offsets_mapping=True, verbose=False)
        offsets = enc["offset_mapping"]
        if len(offsets) <= size:
            return text, start, end
        inside = [i for i, (a, b) in enumerate(offsets) if a < end and b > start]
        first, last = (inside[0], inside[-1]) if inside else (0, 0)
        left = max(0, min(first - (size - (last - first + 1)) // 2, len(offsets) - size))
        right = left + size - 1
        char_lo = min(offsets[left][0], start)
        char_hi = max(offsets[right][1], end)
        return text[char_lo:char_hi], start - char_lo, end - char_lo


def mark_source(text: str, start: int, end: int, source_start: int, source_end: int,
                fmt: InputFormat) -> tuple[str, int, int]:
    """The text with the source mention wrapped in the source markers, and the target's new offsets."""
    inserted = f"{fmt.source_open} {text[source_start:source_end]} {fmt.source_close}"
    marked = f"{text[:source_start]}{inserted}{text[source_end:]}"
    shift = len(inserted) - (source_end - source_start) if source_end <= start else 0
    return marked, start + shift, end + shift
