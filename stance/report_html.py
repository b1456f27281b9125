"""The HTML view of article reports: one self-contained page (inline CSS and JS, no network)
with every classified mention marked in the text, a per-actor table and a legend.

Mentions are ``<mark class="mention" data-actor=".." data-label="..">`` with the scores in the
title; labels are told apart by hue (Okabe-Ito blue and vermillion, colour-blind safe) and
also by underline style and a sign (+, -, =), so they survive greyscale and colour blindness.
Clicking an actor highlights its mentions and scrolls to the first. All article text is escaped.
"""

from __future__ import annotations

from html import escape

CSS = """
body{font:16px/1.55 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;color:#1b1b1b;background:#fff}
main{max-width:980px;margin:0 auto;padding:1.2em 1.5em 4em}
h1{font-size:1.5em;margin:.2em 0}h2{font-size:1.25em;margin:1.6em 0 .3em;border-bottom:1px solid #ddd}
.meta{color:#555;font-size:.9em}
.legend span{margin-right:1.2em;white-space:nowrap}
mark.mention{background:none;color:inherit;padding:0 .1em;border-radius:2px;cursor:pointer}
mark.mention::after{font-size:.7em;vertical-align:super;font-weight:700;margin-left:1px}
mark[data-label=supportive]{background:#d6eaf8;border-bottom:3px solid #0072B2}
mark[data-label=supportive]::after{content:"+";color:#0072B2}
mark[data-label=critical]{background:#fbe0d0;border-bottom:3px dashed #D55E00}
mark[data-label=critical]::after{content:"\\2212";color:#D55E00}
mark[data-label=neutral]{background:#eeeeee;border-bottom:2px dotted #777}
mark[data-label=neutral]::after{content:"=";color:#777}
mark.mention.active{outline:3px solid #000;outline-offset:1px}
.article p{margin:.5em 0;white-space:pre-wrap}
table{border-collapse:collapse;margin:.6em 0;font-size:.92em}
th,td{border-bottom:1px solid #e3e3e3;padding:.25em .6em;text-align:left;vertical-align:middle}
td.stance{white-space:nowrap}
td.n{text-align:right;font-variant-numeric:tabular-nums}
tr.actor{cursor:pointer}tr.actor:hover,tr.actor.active{background:#fff7cc}
.bar{position:relative;width:120px;height:12px;background:#f1f1f1;border:1px solid #ccc}
.bar .mid{position:absolute;left:50%;top:-2px;bottom:-2px;border-left:1px solid #555}
.bar .fill{position:absolute;top:0;bottom:0}
.bar .fill.pos{left:50%;background:#0072B2}.bar .fill.neg{right:50%;background:repeating-linear-gradient(45deg,#D55E00 0 3px,#f0a070 3px 6px)}
.toc li{margin:.15em 0}
"""

JS = """
document.querySelectorAll('section.report').forEach(function(sec){
  sec.querySelectorAll('tr.actor').forEach(function(row){
    row.addEventListener('click', function(){
      var actor = row.getAttribute('data-actor');
      sec.querySelectorAll('mark.mention.active, tr.actor.active').forEach(function(e){e.classList.remove('active');});
      row.classList.add('active');
      var marks = Array.prototype.filter.call(sec.querySelectorAll('mark.mention'),
        function(m){return m.getAttribute('data-actor') === actor;});
      marks.forEach(function(m){m.classList.add('active');});
      if (marks.length) marks[0].scrollIntoView({block:'center'});
    });
  });
});
"""

SIGN = {"supportive": "+", "critical": "\u2212", "neutral": "=", "mixed": "\u00b1"}


def _title(e) -> str:
    ordered = sorted(e.scores.items(), key=lambda kv: -kv[1])
    return " ".join(f"{label} {p:.2f}" for label, p in ordered)


def _article_html(text: str, marks: list[tuple[int, int, str, object]]) -> str:
    """The article as escaped paragraphs (one per line), each mention wrapped in its mark."""
    out, pos = [], 0
    for start, end, actor, e in sorted(marks, key=lambda m: m[0]):
        if start < pos:
            continue  # overlapping mentions cannot both be marked; the finder never makes them
        out.append(escape(text[pos:start]))
        out.append(f'<mark class="mention" data-actor="{escape(actor)}" data-label="{e.label}" '
                   f'title="{escape(_title(e))}">{escape(text[start:end])}</mark>')
        pos = end
    out.append(escape(text[pos:]))
    body = "".join(out)
    paragraphs = [p for p in body.split("\n") if p.strip()]
    return "\n".join(f"<p>{p}</p>" for p in paragraphs)


def _bar(net: float) -> str:
    width = min(abs(net), 1.0) * 50
    side = "pos" if net >= 0 else "neg"
    return (f'<div class="bar" title="net {net:+.2f}"><div class="fill {side}" style="width:{width:.1f}%"></div>'
            f'<div class="mid"></div></div>')


def _strongest(relation) -> str:
    from .analyze import strongest

    judged = strongest(relation.evidence, 1)
    return judged[0].marked_sentence(limit=160) if judged else ""


def report_section(report, index: int) -> str:
    """One article: heading, text with marked mentions, actor table (and relations, if any)."""
    marks = [(e.start, e.end, a.actor, e) for a in report.actors for e in a.evidence]
    rows = []
    for a in report.actors:
        rows.append(
            f'<tr class="actor" data-actor="{escape(a.actor)}"><td><b>{escape(a.actor)}</b></td>'
            f"<td>{escape(a.kind)}</td><td class=\"stance\">{SIGN.get(a.stance, '')} {escape(a.stance)}</td>"
            f'<td class="n">{a.confidence:.2f}</td><td class="n">{a.mentions}</td><td class="n">{a.supportive}</td>'
            f'<td class="n">{a.critical}</td><td class="n">{a.neutral}</td><td>{_bar(a.net)}</td>'
            f'<td class="n">{a.net:+.2f}</td><td>{escape(", ".join(a.aliases_seen))}</td></tr>')
    relations = getattr(report, "relations", None) or []
    rel_html = ""
    if relations:
        rel_rows = "".join(
            f"<tr><td>{escape(r.source)}</td><td>\u2192</td><td>{escape(r.target)}</td>"
            f"<td>{SIGN.get(r.stance, '')} {escape(r.stance)}</td><td class='n'>{r.supportive}</td>"
            f"<td class='n'>{r.critical}</td><td class='n'>{r.neutral}</td><td class='n'>{r.net:+.2f}</td>"
            f"<td>{escape(_strongest(r))}</td></tr>" for r in relations)
        rel_html = ("<h3>Who supports whom</h3><table><tr><th>source</th><th></th><th>target</th><th>stance</th>"
                    f"<th>sup</th><th>crit</th><th>neu</th><th>net</th><th>strongest sentence</th></tr>{rel_rows}</table>")
    text = report.text or "\n".join(sorted({e.sentence for a in report.actors for e in a.evidence}))
    return (f'<section class="report" id="article-{index}"><h2>{escape(report.article)}</h2>'
            f'<p class="meta">{report.sentences} sentences, {len(report.actors)} actors, '
            f"{sum(a.mentions for a in report.actors)} mentions classified. Click an actor to highlight "
            "its mentions.</p>"
            "<table><tr><th>actor</th><th>kind</th><th>stance</th><th>conf.</th><th>n</th><th>sup</th><th>crit</th>"
            f"<th>neu</th><th>net stance</th><th>net</th><th>aliases seen</th></tr>{''.join(rows)}</table>"
            f'{rel_html}<div class="article">{_article_html(text, marks)}</div></section>')


def to_html(reports: list, title: str = "stance report") -> str:
    """A whole page for one or more article reports, with a table of contents for several."""
    first = reports[0] if reports else None
    model = escape(getattr(first, "model", "") or "unknown model")
    backend = escape(getattr(first, "backend", "") or "unknown backend")
    toc = ""
    if len(reports) > 1:
        items = "".join(f'<li><a href="#article-{i}">{escape(r.article)}</a> ({len(r.actors)} actors)</li>'
                        for i, r in enumerate(reports))
        toc = f'<nav class="toc"><h2>Articles</h2><ol>{items}</ol></nav>'
    legend = ('<p class="legend"><b>Legend:</b> '
              '<span><mark class="mention" data-label="supportive">supportive</mark> blue, solid underline, +</span>'
              '<span><mark class="mention" data-label="critical">critical</mark> vermillion, dashed underline, \u2212</span>'
              '<span><mark class="mention" data-label="neutral">neutral</mark> grey, dotted underline, =</span>'
              "Hover a mention for its scores.</p>")
    sections = "".join(report_section(r, i) for i, r in enumerate(reports))
    return (f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{escape(title)}</title>'
            f'<meta name="viewport" content="width=device-width, initial-scale=1"><style>{CSS}</style></head>'
            f'<body><main><h1>{escape(title)}</h1><p class="meta">model: {model} &middot; backend: {backend}</p>'
            f"{legend}{toc}{sections}</main><script>{JS}</script></body></html>\n")

