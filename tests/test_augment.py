from stance.augment import NON_PERSON_ACTORS, substitutable, substitute_actors
from stance.data import Row
from stance.matching import find_mention


def _row(text, mention, label="critical"):
    start = text.index(mention)
    return Row(text=text, actor=mention, start=start, end=start + len(mention), label=label)


def test_only_whole_names_are_substituted():
    assert substitutable(_row("Critics accused Trump of lying.", "Trump"))
    assert not substitutable(_row("Critics accused him of lying.", "him"))
    assert not substitutable(_row("Critics accused Hillary Clinton of lying.", "Clinton"))
    assert not substitutable(_row("Critics accused Hillary Clinton of lying.", "Hillary"))


def test_substituted_rows_keep_label_and_offsets():
    rows = [_row(f"Critics accused Trump of lying {i}.", "Trump", "critical") for i in range(200)]
    new = substitute_actors(rows, 0.5, seed=1)
    assert 60 < len(new) < 140
    actors = {a for names in NON_PERSON_ACTORS.values() for a in names}
    for r in new:
        assert r.label == "critical" and r.actor in actors
        assert r.text[r.start:r.end] == r.actor and find_mention(r.text, r.actor, (r.start, r.end))
    assert substitute_actors(rows, 0.5, seed=1) == new
    assert rows[0].text == "Critics accused Trump of lying 0."


def test_sentence_initial_article_is_capitalised():
    new = substitute_actors([_row("Trump lost.", "Trump")] * 300, 1.0, seed=0)
    assert all(not r.text.startswith("the ") for r in new)


def test_context_neutral_rows_for_attributes_and_places():
    from stance.augment import context_neutral_rows

    rows = [_row("Critics accused Russian President Putin of lying in Moscow.", "Putin", "critical"),
            _row("Trump praised China for its help.", "Trump", "supportive"),
            _row("Obama met U.S. officials after his trip to Germany.", "Obama", "neutral")]
    new = context_neutral_rows(rows)
    assert [(r.text[r.start:r.end], r.label) for r in new] == [
        ("Russian", "neutral"), ("Moscow", "neutral"), ("U.S.", "neutral"), ("Germany", "neutral")]
    assert all(r.record["augmented"] == "context_neutral" for r in new)  # China, praised, is left alone
