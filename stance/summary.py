"""Per actor x period x group summaries of classified mentions, streamed: counts, shares and the
net stance with a 95% interval from a Poisson bootstrap (each mention weighs Poisson(1) in
each of B replicates, drawn from a hash of its key), so memory grows with the number of cells,
never with the number of mentions. And the corpus plots: a timeline per actor and an actor x
group heatmap (matplotlib)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

BOOTSTRAP = 200
UNDATED = "undated"
ALL = "(all)"  # the group of every mention: with --group, each mention counts in its group and here


def period_of(day, by: str) -> str:
    """The period a date falls in: day "2022-03-01", week "2022-W09" (ISO week), month
    "2022-03", year "2022"; "undated" for None."""
    if day is None:
        return UNDATED
    if by == "day":
        return day.isoformat()
    if by == "week":
        year, week, _ = day.isocalendar()
        return f"{year}-W{week:02d}"
    if by == "month":
        return f"{day.year}-{day.month:02d}"
    if by == "year":
        return str(day.year)
    raise ValueError(f"by must be day, week, month or year, got {by!r}")


@dataclass
class _Cell:
    n: int = 0
    counts: dict = field(default_factory=lambda: {"supportive": 0, "critical": 0, "neutral": 0})
    net_sum: float = 0.0
    boot_sum: object = None  # numpy arrays of length B: sum of w * net, sum of w
    boot_w: object = None


class SummaryAccumulator:
    """Adds mentions one at a time; ``rows()`` gives the summary table."""

    def __init__(self, bootstrap: int = BOOTSTRAP, seed: int = 0):
        self.bootstrap, self.seed = bootstrap, seed
        self.cells: dict[tuple[str, str, str], _Cell] = {}

    def _weights(self, key: str):
        import numpy as np

        digest = hashlib.blake2b(f"{self.seed}:{key}".encode(), digest_size=8).digest()
        return np.random.default_rng(int.from_bytes(digest, "little")).poisson(1.0, self.bootstrap)

    def add(self, actor: str, period: str, group: str, label: str, p_supportive: float, p_critical: float,
            key: str) -> None:
        """One mention: its cell, label, probabilities and a key unique to the mention (the
        bootstrap weights follow the key, so a re-run gives the same interval)."""
        import numpy as np

        cell = self.cells.get((actor, period, group))
        if cell is None:
            cell = self.cells[(actor, period, group)] = _Cell(boot_sum=np.zeros(self.bootstrap),
                                                               boot_w=np.zeros(self.bootstrap))
        net = p_supportive - p_critical
        w = self._weights(key)
        cell.n += 1
        cell.counts[label] += 1
        cell.net_sum += net
        cell.boot_sum += w * net
        cell.boot_w += w

    def rows(self) -> list[dict]:
        """One row per actor x period x group: n, counts, shares, net and its 95% interval."""
        import numpy as np

        out = []
        for (actor, period, group), c in sorted(self.cells.items()):
            means = c.boot_sum[c.boot_w > 0] / c.boot_w[c.boot_w > 0]
            low, high = (np.percentile(means, [2.5, 97.5]) if len(means) else (float("nan"), float("nan")))
            out.append({"actor": actor, "period": period, "group": group, "n": c.n, **c.counts,
                        "share_critical": c.counts["critical"] / c.n, "share_supportive": c.counts["supportive"] / c.n,
                        "net": c.net_sum / c.n, "net_low": float(low), "net_high": float(high)})
        return out


def plot_timelines(summary, actors: list[str], folder) -> list:
    """One PNG per actor: net stance per period (group "(all)") with its 95% interval band,
    mention counts below."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for actor in actors:
        rows = summary[(summary["actor"] == actor) & (summary["period"] != UNDATED) & (summary["group"] == ALL)]
        if rows.empty:
            continue
        rows = rows.sort_values("period")
        periods = list(rows["period"])
        values = [{"net": r.net, "low": r.net_low, "high": r.net_high, "n": r.n} for r in rows.itertuples()]
        fig, (ax, bars) = plt.subplots(2, 1, figsize=(max(6, len(periods) * 0.5), 5), sharex=True,
                                       gridspec_kw={"height_ratios": [3, 1]})
        x = range(len(periods))
        ax.fill_between(x, [v["low"] for v in values], [v["high"] for v in values], alpha=0.25, color="#0072B2",
                        label="95% bootstrap interval")
        ax.plot(x, [v["net"] for v in values], marker="o", color="#0072B2", label="net stance")
        ax.axhline(0, color="gray", lw=0.8)
        ax.set_ylim(-1, 1)
        ax.set_ylabel("net stance (P sup - P crit)")
        ax.set_title(f"{actor}: net stance per period")
        ax.legend(loc="upper left", fontsize=8)
        bars.bar(x, [v["n"] for v in values], color="gray")
        bars.set_ylabel("mentions")
        bars.set_xticks(list(x), periods, rotation=45, ha="right")
        fig.tight_layout()
        path = folder / f"timeline-{_slug(actor)}.png"
        fig.savefig(path, dpi=100)
        plt.close(fig)
        written.append(path)
    return written


def plot_heatmap(summary, actors: list[str], folder, group_name: str):
    """Actor x group net stance (all periods), annotated with the mention counts."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import numpy as np

    rows = summary[summary["actor"].isin(actors) & (summary["group"] != ALL)]
    if rows.empty:
        return None
    weighted = rows.assign(wnet=rows["net"] * rows["n"]).groupby(["actor", "group"])[["wnet", "n"]].sum()
    groups = sorted({g for _, g in weighted.index})
    grid = np.full((len(actors), len(groups)), np.nan)
    counts = np.zeros_like(grid)
    for (actor, group), r in weighted.iterrows():
        i, j = actors.index(actor), groups.index(group)
        grid[i, j], counts[i, j] = r["wnet"] / r["n"], r["n"]
    fig, ax = plt.subplots(figsize=(1.2 + 0.9 * len(groups), 1 + 0.45 * len(actors)))
    image = ax.imshow(grid, cmap="RdBu", vmin=-1, vmax=1, aspect="auto")
    ax.set_xticks(range(len(groups)), groups, rotation=45, ha="right")
    ax.set_yticks(range(len(actors)), actors)
    for i in range(len(actors)):
        for j in range(len(groups)):
            if counts[i, j]:
                ax.text(j, i, f"{grid[i, j]:+.2f}\n{int(counts[i, j])}", ha="center", va="center", fontsize=7)
    fig.colorbar(image, ax=ax, label="net stance")
    ax.set_title(f"net stance by actor and {group_name} (n mentions)")
    fig.tight_layout()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"heatmap-actor-{_slug(group_name)}.png"
    fig.savefig(path, dpi=100)
    plt.close(fig)
    return path


def _slug(name: str) -> str:
    return "".join(ch if ch.isalnum() else "-" for ch in name).strip("-").lower() or "actor"
