"""A picture of who supports or criticises whom: actors as nodes on a circle, relations as
arrows from source to target, coloured by stance, as wide as the number of sentences
(matplotlib; pip install stance[plot])."""

from __future__ import annotations

import math
from pathlib import Path

from .files import atomic_write

COLOURS = {"supportive": "#1a9850", "critical": "#d73027", "mixed": "#fc8d59"}


def merged_relations(reports) -> list[dict]:
    """The relations of several article reports, summed per (source, target)."""
    out: dict[tuple[str, str], dict] = {}
    for report in reports:
        for r in report.relations or []:
            m = out.setdefault((r.source, r.target), {"source": r.source, "target": r.target,
                                                      "supportive": 0, "critical": 0, "neutral": 0})
            for label in ("supportive", "critical", "neutral"):
                m[label] += getattr(r, label)
    for m in out.values():
        m["stance"] = ("mixed" if m["supportive"] == m["critical"]
                       else max(("supportive", "critical"), key=m.__getitem__))
    return list(out.values())


def draw_relations(reports, path: str | Path, title: str = "") -> Path:
    """Write the relation graph of one or more ArticleReports (with relations) to a PNG file."""
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
        from matplotlib.patches import FancyArrowPatch
        from matplotlib.lines import Line2D
    except ImportError:
        raise ImportError("the relation graph needs matplotlib: pip install 'stance[plot]'") from None
    relations = merged_relations(reports)
    actors = sorted({a for r in relations for a in (r["source"], r["target"])})
    n = max(len(actors), 1)
    place = {a: (math.cos(math.pi / 2 - 2 * math.pi * k / n), math.sin(math.pi / 2 - 2 * math.pi * k / n))
             for k, a in enumerate(actors)}
    fig, ax = plt.subplots(figsize=(8, 8))
    for r in relations:
        count = r["supportive"] + r["critical"]
        ax.add_patch(FancyArrowPatch(place[r["source"]], place[r["target"]], arrowstyle="-|>",
                                     mutation_scale=18, lw=1 + 1.5 * min(count, 6), color=COLOURS[r["stance"]],
                                     connectionstyle="arc3,rad=0.15", shrinkA=22, shrinkB=22, alpha=0.85))
    for a, (x, y) in place.items():
        ax.scatter([x], [y], s=900, color="#f0f0f0", edgecolor="#404040", zorder=3)
        ax.annotate(a, (x, y), xytext=(x * 1.18, y * 1.18), ha="center", va="center", fontsize=11, zorder=4)
    if not relations:
        ax.text(0, 0, "no supportive or critical relation found", ha="center", va="center")
    ax.legend(handles=[Line2D([0], [0], color=c, lw=3, label=lab) for lab, c in COLOURS.items()],
              loc="lower right", frameon=False, title="arrow: source -> target; width: sentences")
    ax.set_xlim(-1.5, 1.5)
    ax.set_ylim(-1.5, 1.5)
    ax.set_aspect("equal")
    ax.axis("off")
    ax.set_title(title or "who supports or criticises whom")
    path = Path(path)
    with atomic_write(path, binary=True) as f:
        fig.savefig(f, format="png", dpi=110, bbox_inches="tight")
    plt.close(fig)
    return path
