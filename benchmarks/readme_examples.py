"""Prints the outputs of the README's API examples with the shipped model.

    python benchmarks/readme_examples.py
"""

import stance

print(">>> stance.predict('China has reaffirmed its partnership with Russia.', actor='Russia')")
print(stance.predict("China has reaffirmed its partnership with Russia.", actor="Russia"))

p = stance.predict("Putin praised Xi for his leadership, but he condemned Biden for the sanctions.", actor="Biden")
print(f"Biden          {p.label:<11} {p.score:.2f}")
text = "Russia praised China but condemned the United States."
for p in stance.predict([text, text], actor=["China", "United States"]):
    print(f"{p.actor:<14} {p.label:<11} {p.score:.2f}   {text}")

examples = [
    ("China has reaffirmed its partnership with Russia.", "Russia"),
    ("The illegal sanctions imposed by the United States hurt ordinary people.", "United States"),
    ("Lavrov had traveled to China for the first time since the beginning of the war.", "Lavrov"),
    ("Moscow welcomed Erdogan's offer to mediate and praised his neutrality.", "Erdogan"),
    ("Critics accused Trump of lying about the payments.", "Trump"),
]
for p, (text, _) in zip(stance.predict([t for t, _ in examples], actor=[a for _, a in examples]), examples):
    print(f"{p.actor:<14} {p.label:<11} {p.score:.2f}   {text}")

p = stance.predict("Moscow said Moscow would not back down.", actor="Moscow", span=(12, 18))
print(f"span=(12, 18) -> mention {p.mention!r} at {p.start}-{p.end}: {p.label}")

print()
print(">>> report = stance.analyze(article)")
article = ("China has reaffirmed its partnership with Russia. The Kremlin praised Beijing for its support.\n"
           "Sergei Lavrov met Wang Yi in Beijing. Lavrov condemned the illegal sanctions imposed by the United States.")
report = stance.analyze(article, article="article")
print(report.table())
print(f"model backend: {stance.load().backend}")

print()
print(">>> stance.predict_relation(...)  (the README's relation examples)")
text = "Russia praised China but condemned the United States."
for source, target in (("Russia", "China"), ("Russia", "United States"), ("China", "Russia"),
                       (stance.AUTHOR, "United States")):
    r = stance.predict_relation(text, source=source, target=target)
    print(f"{source:<7} -> {target:<14} {r.label:<11} {r.score:.2f}")
