"""Verb-frame contrast rows (issue 18): news-style sentences in which one real actor praises,
backs, aids, meets, criticises, accuses, threatens or sanctions another, with every actor
labelled under docs/annotation-guidelines.md.

    python training/build_contrast_rows.py [--out runs/contrast/contrast.jsonl] [--sentences 2400]

The verbs come from the CAMEO verb dictionary of the PETRARCH event coder
(../shared/data/cameo/CAMEO.2.0.txt, MIT): each verb below is checked to stand in the
dictionary under the CAMEO code family it is used for (05 praise and support, 06-07 material
cooperation and aid, 04 consult, 11 disapprove, 112 accuse, 13 threaten, 16-17 sanctions and
coercion); the build stops if one does not. The actors are real: states, capitals and
organisations from stance.gazetteer, groups and persons from the lists here.

Labels (the issue's rules): the target of praise, thanks, support or aid is supportive, and
so is the one who receives aid or backing; the target of criticism, accusation, threats or
sanctions is critical; the actor who voices it is neutral; meetings, visits and talks are
neutral controls; negated and refused acts are not the act (their target is neutral).
The rows are for training only, written deterministically from the seed.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
CAMEO = ROOT.parent / "shared" / "data" / "cameo" / "CAMEO.2.0.txt"

# verb -> (CAMEO code prefix it must have, past, present 3rd person, noun phrase "X's ... of/for T")
POSITIVE = {
    "PRAISE": ("05", "praised", "praises", "praise of"), "HAIL": ("05", "hailed", "hails", "praise for"),
    "COMMEND": ("05", "commended", "commends", "commendation of"),
    "APPLAUD": ("05", "applauded", "applauds", "applause for"),
    "CONGRATULATE": ("05", "congratulated", "congratulates", "congratulations to"),
    "THANK": ("05", "thanked", "thanks", "thanks to"), "ENDORSE": ("05", "endorsed", "endorses", "endorsement of"),
    "BACK": ("05", "backed", "backs", "backing of"), "SUPPORT": ("05", "supported", "supports", "support for"),
    "SALUTE": ("05", "saluted", "salutes", "tribute to"), "DEFEND": ("07", "defended", "defends", "defence of"),
    "ACCLAIM": ("05", "acclaimed", "acclaims", "acclaim for"),
}
NEGATIVE = {
    "CRITICIZE": ("11", "criticised", "criticises", "criticism of"),
    "CONDEMN": ("11", "condemned", "condemns", "condemnation of"),
    "DENOUNCE": ("11", "denounced", "denounces", "denunciation of"),
    "CENSURE": ("11", "censured", "censures", "censure of"), "REBUKE": ("11", "rebuked", "rebukes", "rebuke of"),
    "LAMBASTE": ("11", "lambasted", "lambasts", "attack on"),
    "CASTIGATE": ("11", "castigated", "castigates", "castigation of"),
    "REPRIMAND": ("11", "reprimanded", "reprimands", "reprimand of"),
    "RIDICULE": ("11", "ridiculed", "ridicules", "ridicule of"), "ACCUSE": ("11", "accused", "accuses", "accusations against"),
    "BLAME": ("11", "blamed", "blames", "blame of"), "THREATEN": ("13", "threatened", "threatens", "threats against"),
    "WARN": ("13", "warned", "warns", "warning to"),
}
AID = {"AID": "06", "ASSIST": "06", "FUND": "06", "HELP": "07", "PROTECT": "07", "DONATE": "07"}
MEET = {"MEET": "04", "VISIT": "04", "HOST": "04", "CONSULT": "04", "PHONE": "04"}
SANCTION_WORDS = {"BOYCOTT": "16", "BAN": "17"}

TAILS_POS = ["for the ceasefire deal", "for the help during the floods", "on Tuesday", "after the summit",
             "for the humanitarian corridor", "at the summit", "for the commitment to the peace process", ""]
TAILS_NEG = ["over the border clashes", "over human rights abuses", "on Thursday", "for the missile test",
             "over the detention of journalists", "at the UN General Assembly", ""]
ACCUSATIONS = ["of meddling in its elections", "of violating the ceasefire", "of supplying weapons to rebels",
               "of cyberattacks on its ministries", "of spreading disinformation"]
TOPICS = ["trade", "energy security", "the war in Ukraine", "climate finance", "nuclear talks", "migration",
          "grain exports", "the Middle East"]
AID_NOUNS = ["military aid", "humanitarian aid", "$2 billion in loans", "air-defence systems", "emergency food aid",
             "financial support", "medical supplies"]
GROUPS = ["European leaders", "Western governments", "opposition lawmakers", "rebel groups", "Gulf states",
          "Baltic states", "NGOs", "human rights groups", "Democrats", "Republicans", "climate activists"]
PERSONS = ["Vladimir Putin", "Xi Jinping", "Joe Biden", "Volodymyr Zelensky", "Emmanuel Macron", "Olaf Scholz",
           "Recep Tayyip Erdogan", "Narendra Modi", "Ursula von der Leyen", "Antonio Guterres", "Viktor Orban",
           "Sergei Lavrov", "Wang Yi", "Jens Stoltenberg", "Luiz Inacio Lula da Silva", "Rishi Sunak"]


def cameo_codes(path: Path) -> dict[str, set[str]]:
    """Verb form (upper case, '+' and '_' joins kept) -> the CAMEO codes it is listed under."""
    if not path.is_file():
        sys.exit(f"error: {path} not found: the CAMEO dictionary is read from ../shared/data/cameo/")
    codes: dict[str, set[str]] = {}
    block = None
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        head = re.match(r"^---\s+(\S+)\s+\[(\S+?)\]", line)
        if head:
            block = head.group(2)
            continue
        if block is None or not line.strip() or line.startswith(("#", "-")):
            continue
        form = re.match(r"^(\S+)(?:\s+\[(\S+?)\])?", line.split("#")[0].strip())
        if form:
            codes.setdefault(form.group(1), set()).add(form.group(2) or block)
    return codes


def check_verbs(codes: dict[str, set[str]]) -> None:
    """Every verb used must be in the dictionary under its code family."""
    wanted = {**{v: c for v, (c, *_rest) in POSITIVE.items()}, **{v: c for v, (c, *_rest) in NEGATIVE.items()},
              **AID, **MEET, **SANCTION_WORDS}
    bad = [f"{v} (wanted {c}x, has {sorted(codes.get(v, []))})" for v, c in wanted.items()
           if not any(code.startswith(c) for code in codes.get(v, ()))]
    if bad:
        sys.exit(f"error: {CAMEO}: verbs not under their CAMEO code: {', '.join(bad)}")


def actors(rng: random.Random) -> list[tuple[str, str]]:
    """(mention, type) pairs: states by name, capitals and seats, organisations, groups, persons."""
    from stance.gazetteer import ORGANISATIONS, STATE_EXTRAS

    out = []
    for name, _short, _dem, seats in STATE_EXTRAS.values():
        out.append((name, "state"))
        out += [(s, "capital") for s in seats[:1] if not s.startswith("the ")]
    out += [(name, "organisation") for name in ORGANISATIONS if name not in ("Democratic Party", "Republican Party")]
    out += [(g, "group") for g in GROUPS] + [(p, "person") for p in PERSONS]
    rng.shuffle(out)
    return out


def the(mention: str, kind: str) -> str:
    """The mention as it reads in running text ("the European Union", "the United States")."""
    needs = kind == "organisation" and mention not in ("NATO", "OPEC", "BRICS", "ASEAN", "Hamas", "Hezbollah",
                                                       "G7", "G20", "OSCE", "Congress")
    return ("the " + mention) if needs or mention in ("United States", "United Kingdom", "Netherlands",
                                                      "Philippines", "United Arab Emirates", "Vatican") else mention


def poss(mention: str) -> str:
    """The possessive: "Russia's", "climate activists'"."""
    return mention + ("'" if mention.endswith("s") else "'s")


def sentence(rng: random.Random, pool: list[tuple[str, str]]) -> tuple[str, str, list[tuple[str, str, str]]]:
    """(the actor who acts, the sentence, (mention, type, label) of every actor)."""
    """One sentence and its (mention, type, label) actors, in order of appearance."""
    (s, st), (t, tt) = rng.sample(pool, 2)
    u, ut = rng.choice([a for a in pool if a[1] in ("state", "capital") and a[0] not in (s, t)])
    S, T, U = the(s, st), the(t, tt), the(u, ut)
    was = "were" if tt == "group" else "was"
    pos = POSITIVE[rng.choice(sorted(POSITIVE))]
    neg = NEGATIVE[rng.choice(sorted(NEGATIVE))]
    kind = rng.choice(["pos", "neg", "pos", "neg", "aid", "sanction", "meet", "negated", "contrast", "nominal"])
    cap = S[0].upper() + S[1:]
    plural_subject = st == "group"  # headlines use the 3rd person singular: keep groups out of them
    if kind == "pos":
        form = rng.choice(["active", "passive", "quote"] + ([] if plural_subject else ["headline"]))
        text = {"active": f"{cap} {pos[1]} {T} {rng.choice(TAILS_POS)}".strip() + ".",
                "passive": f"{T[0].upper() + T[1:]} {was} {pos[1]} by {S} {rng.choice(TAILS_POS)}".strip() + ".",
                "headline": f"{cap} {pos[2]} {T} {rng.choice(['over ' + rng.choice(TOPICS), 'after talks', ''])}".strip(),
                "quote": f"{cap} said it {pos[1]} {poss(T)} stance on {rng.choice(TOPICS)}."}[form]
        return s, text, [(s, st, "neutral"), (t, tt, "supportive")]
    if kind == "neg":
        form = rng.choice(["active", "passive", "accuse"] + ([] if plural_subject else ["headline"]))
        verb = neg if form != "accuse" else NEGATIVE["ACCUSE"]
        text = {"active": f"{cap} {verb[1]} {T} {rng.choice(TAILS_NEG)}".strip() + ".",
                "passive": f"{T[0].upper() + T[1:]} {was} {verb[1]} by {S} {rng.choice(TAILS_NEG)}".strip() + ".",
                "headline": f"{cap} {verb[2]} {T} {rng.choice(['over ' + rng.choice(TOPICS), 'after strikes', ''])}".strip(),
                "accuse": f"{cap} accused {T} {rng.choice(ACCUSATIONS)}."}[form]
        return s, text, [(s, st, "neutral"), (t, tt, "critical")]
    if kind == "aid":
        form = rng.choice(["pledge", "receive", "verb"])
        aid = rng.choice(AID_NOUNS)
        if form == "receive":
            return s, f"{T[0].upper() + T[1:]} received {aid} from {S}.", [(t, tt, "supportive"), (s, st, "neutral")]
        if form == "verb":
            verb = rng.choice(["helped", "assisted", "funded", "protected"])
            return s, f"{cap} {verb} {T} during the {rng.choice(['floods', 'crisis', 'war', 'drought'])}.", \
                [(s, st, "neutral"), (t, tt, "supportive")]
        return s, f"{cap} pledged {aid} to {T}.", [(s, st, "neutral"), (t, tt, "supportive")]
    if kind == "sanction":
        form = rng.choice(["impose", "threaten", "boycott"])
        text = {"impose": f"{cap} imposed sanctions on {T} over {rng.choice(TOPICS)}.",
                "threaten": f"{cap} threatened {T} with new tariffs.",
                "boycott": f"{cap} announced a boycott of {poss(T)} summit."}[form]
        return s, text, [(s, st, "neutral"), (t, tt, "critical")]
    if kind == "meet":
        form = rng.choice(["met", "visit", "talks", "host", "phone"])
        text = {"met": f"{cap} met {T} in {rng.choice(['Geneva', 'Vienna', 'Doha', 'Istanbul'])} on Monday.",
                "visit": f"{cap} visited {T} for talks on {rng.choice(TOPICS)}.",
                "talks": f"{cap} and {T} held talks on {rng.choice(TOPICS)}.",
                "host": f"{cap} hosted {T} for a two-day meeting.",
                "phone": f"{cap} spoke to {T} by phone about {rng.choice(TOPICS)}."}[form]
        return s, text, [(s, st, "neutral"), (t, tt, "neutral")]
    if kind == "negated":
        form = rng.choice(["not", "refused", "sanctions", "declined"])
        text = {"not": f"{cap} did not {rng.choice(['criticise', 'condemn', 'praise', 'endorse'])} {T}.",
                "refused": f"{cap} refused to {rng.choice(['condemn', 'criticise', 'back', 'blame'])} {T}.",
                "sanctions": f"{cap} refused to join the sanctions against {T}.",
                "declined": f"{cap} declined to {rng.choice(['blame', 'praise'])} {T} for {rng.choice(['the attack', 'the deal'])}."}[form]
        return s, text, [(s, st, "neutral"), (t, tt, "neutral")]
    if kind == "contrast":
        return s, f"{cap} {pos[1]} {T} but {neg[1]} {U}.", [(s, st, "neutral"), (t, tt, "supportive"), (u, ut, "critical")]
    # nominalisation, with a third actor who only observes
    noun, label = (pos[3], "supportive") if rng.random() < 0.5 else (neg[3], "critical")
    owner = poss(S)
    verb = "were" if noun.split()[0] in ("threats", "accusations", "congratulations", "thanks") else "was"
    text = f"{owner[0].upper() + owner[1:]} {noun} {T} {verb} watched closely in {U}."
    return s, text, [(s, st, "neutral"), (t, tt, label), (u, ut, "neutral")]


def rows_of(text: str, labelled: list[tuple[str, str, str]], sid: str, holder: str = "") -> list[dict]:
    """One row per actor, each mention found as a whole word that no other actor's mention
    overlaps (a group's first letter may be capitalised at the start of the sentence). `acts` marks
    the actor who praises, criticises, aids or meets the others: the relation rows' source."""
    from stance.matching import whole_word

    out, taken = [], []
    for k, (mention, kind, label) in enumerate(labelled, start=1):
        pattern = re.compile(whole_word(mention), re.IGNORECASE if kind == "group" else 0)
        m = next((m for m in pattern.finditer(text)
                  if all(m.end() <= a or m.start() >= b for a, b in taken)), None)
        if not m:
            raise ValueError(f"{sid}: {mention!r} not found in {text!r}")
        taken.append((m.start(), m.end()))
        out.append({"id": f"{sid}-a{k}", "text": text, "actor": m.group(0), "start": m.start(), "end": m.end(),
                    "label": label, "type": kind, "source": "contrast", "acts": mention == holder})
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=ROOT / "runs" / "contrast" / "contrast.jsonl")
    parser.add_argument("--sentences", type=int, default=2400)
    parser.add_argument("--seed", type=int, default=18)
    args = parser.parse_args()
    check_verbs(cameo_codes(CAMEO))
    rng = random.Random(args.seed)
    pool = actors(rng)
    rows, seen = [], set()
    while len(seen) < args.sentences:
        holder, text, labelled = sentence(rng, pool)
        if text in seen:
            continue
        seen.add(text)
        rows += rows_of(text, labelled, f"vf{len(seen):05d}", holder)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with open(args.out, "w", encoding="utf-8") as f:
        for r in rows:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    from collections import Counter

    counts = Counter((r["type"], r["label"]) for r in rows)
    print(f"{len(seen)} sentences, {len(rows)} rows -> {args.out}")
    for kind in ("state", "capital", "organisation", "group", "person"):
        print(f"  {kind:<13}" + "  ".join(f"{lab} {counts[(kind, lab)]}" for lab in ("supportive", "critical", "neutral")))
    return 0


if __name__ == "__main__":
    sys.exit(main())
