"""The HTML report: escaping, structure, and a real headless Chromium (Debian's chromium
package) that renders it, counts its marks and clicks an actor through the DevTools protocol."""

import json
import re
import shutil
import subprocess
import time
import urllib.request
from html.parser import HTMLParser

import pytest

from stance.analyze import analyze
from stance.cli import main
from stance.report_html import to_html
from tests.conftest import REPO
from tests.test_analyze import RuleModel

EXAMPLE = REPO / "examples" / "grain-corridor.txt"
CHROMIUM = next((shutil.which(n) for n in ("chromium", "chromium-browser", "google-chrome") if shutil.which(n)), None)
needs_chromium = pytest.mark.skipif(CHROMIUM is None, reason="no chromium on PATH (apt-get install chromium; "
                                                                ".ci/run installs it)")


class Marks(HTMLParser):
    """Collects the mark.mention elements of a page: (actor, label, title, text)."""

    def __init__(self):
        super().__init__()
        self.marks, self._open = [], None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "mark" and "mention" in (a.get("class") or "").split() and "data-actor" in a:
            self._open = [a["data-actor"], a["data-label"], a.get("title", ""), ""]

    def handle_data(self, data):
        if self._open is not None:
            self._open[3] += data

    def handle_endtag(self, tag):
        if tag == "mark" and self._open is not None:
            self.marks.append(tuple(self._open))
            self._open = None


def marks_of(html: str) -> list[tuple]:
    parser = Marks()
    parser.feed(html)
    return parser.marks


def test_every_mention_is_marked_with_its_label_and_scores():
    text = "Russia praised China on Monday.\nMoscow condemned Washington. Beijing praised Moscow."
    report = analyze(text, model=RuleModel(), article="a.txt")
    html = report.to_html()
    marks = marks_of(html)
    assert len(marks) == sum(a.mentions for a in report.actors) == 6
    assert ("United States", "critical", "critical 0.80 supportive 0.10 neutral 0.10", "Washington") in marks
    assert html.startswith("<!DOCTYPE html>") and "<style>" in html and "<script>" in html
    assert "http://" not in html and "https://" not in html  # nothing to fetch: works offline
    assert report._repr_html_() == html


def test_article_text_is_escaped():
    text = 'Russia praised <script>alert("x")</script> China & "friends" \'too\'.'
    html = analyze(text, model=RuleModel(), article="<b>a</b>.txt").to_html()
    assert "<script>alert" not in html and "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
    assert "&lt;b&gt;a&lt;/b&gt;.txt" in html and "&amp;" in html
    assert html.count("<script>") == 1  # only the page's own


def test_several_articles_get_sections_and_a_table_of_contents():
    reports = [analyze("Russia praised China.", model=RuleModel(), article=f"{name}.txt") for name in ("one", "two")]
    html = to_html(reports)
    assert html.count('<section class="report"') == 2 and 'href="#article-1"' in html


def test_cli_html_needs_an_output_file(capsys, tiny_model, tmp_path):
    assert main(["analyze", str(EXAMPLE), "--model", str(tiny_model), "--format", "html"]) == 2
    assert "--format html needs --output" in capsys.readouterr().err
    out = tmp_path / "r.html"
    assert main(["analyze", str(EXAMPLE), "--model", str(tiny_model), "--format", "html", "--output", str(out)]) == 0
    assert marks_of(out.read_text(encoding="utf-8"))


# -- a real browser ----------------------------------------------------------------------------
def _report_file(tmp_path, tiny_model):
    import stance

    report = stance.analyze(EXAMPLE.read_text(encoding="utf-8"), model=str(tiny_model), article=EXAMPLE.name)
    path = tmp_path / "report.html"
    path.write_text(report.to_html(), encoding="utf-8")
    return report, path


def _chromium(*args, timeout=90):
    return subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                           "--no-first-run", *args], capture_output=True, text=True, timeout=timeout)


@needs_chromium
def test_chromium_renders_the_report_and_its_dom_has_every_mark(tiny_model, tmp_path):
    from PIL import Image, ImageStat

    report, page = _report_file(tmp_path, tiny_model)
    shot = tmp_path / "shot.png"
    _chromium(f"--screenshot={shot}", "--window-size=1100,1400", page.as_uri())
    assert shot.is_file(), "chromium wrote no screenshot"
    image = Image.open(shot).convert("RGB")
    assert image.size == (1100, 1400)
    stat = ImageStat.Stat(image.convert("L"))
    assert stat.stddev[0] > 10, "the screenshot is blank"  # text, marks and table, not one flat colour
    colours = image.resize((275, 350)).getcolors(maxcolors=100000)
    assert len(colours) > 50
    dom = _chromium("--dump-dom", page.as_uri()).stdout
    assert len(marks_of(dom)) == sum(a.mentions for a in report.actors) > 0


@needs_chromium
def test_clicking_an_actor_highlights_its_mentions(tiny_model, tmp_path):
    websocket = pytest.importorskip("websocket", reason="websocket-client drives Chromium's DevTools protocol")
    report, page = _report_file(tmp_path, tiny_model)
    actor = report.actors[0]
    proc = subprocess.Popen([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                             "--no-first-run", "--remote-debugging-port=0", f"--user-data-dir={tmp_path / 'profile'}",
                             "--window-size=1100,1400", page.as_uri()],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        port = None
        deadline = time.time() + 60
        while port is None and time.time() < deadline:
            line = proc.stderr.readline()
            match = re.search(r"DevTools listening on ws://[^:]+:(\d+)/", line)
            port = int(match.group(1)) if match else None
        assert port, "chromium did not open its DevTools port"
        for _ in range(50):
            targets = json.loads(urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list", timeout=5).read())
            pages = [t for t in targets if t.get("type") == "page" and t["url"].startswith("file:")]
            if pages:
                break
            time.sleep(0.2)
        ws = websocket.create_connection(pages[0]["webSocketDebuggerUrl"], timeout=30)
        ids = iter(range(1, 1000))

        def call(method, **params):
            n = next(ids)
            ws.send(json.dumps({"id": n, "method": method, "params": params}))
            while True:
                msg = json.loads(ws.recv())
                if msg.get("id") == n:
                    return msg.get("result", {})

        def evaluate(expr):
            result = call("Runtime.evaluate", expression=expr, returnByValue=True)
            assert "exceptionDetails" not in result, result
            return result["result"].get("value")

        for _ in range(50):
            if evaluate("document.readyState") == "complete":
                break
            time.sleep(0.1)
        selector = f'tr.actor[data-actor="{actor.actor}"]'
        for _ in range(100):  # the page's own document, parsed
            if evaluate(f"document.querySelector({json.dumps(selector)}) !== null"):
                break
            time.sleep(0.1)
        else:
            pytest.fail(f"no {selector} in the page: {evaluate('document.title')!r}")
        box = evaluate(f"(function(){{var r=document.querySelector({json.dumps(selector)}).getBoundingClientRect();"
                       "return [r.left + 20, r.top + r.height / 2];})()")
        for kind in ("mousePressed", "mouseReleased"):  # a real click, as a mouse makes it
            call("Input.dispatchMouseEvent", type=kind, x=box[0], y=box[1], button="left", clickCount=1)
        active = evaluate("Array.from(document.querySelectorAll('mark.mention.active'))"
                          ".map(function(m){return m.getAttribute('data-actor');})")
        assert active == [actor.actor] * actor.mentions
        scrolled = evaluate("window.scrollY")
        assert scrolled > 0  # scrolled to the first mention, below the table
        ws.close()
    finally:
        proc.kill()
        proc.wait(timeout=10)
