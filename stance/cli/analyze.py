"""``stance analyze``: per-actor stance over whole articles."""

from __future__ import annotations

import csv
import io
import json
import sys
from pathlib import Path

from ..files import atomic_write

from .common import CLIError, add_backend, load_model


def add_parser(sub) -> None:
    an = sub.add_parser("analyze", help="per-actor stance over whole articles (text files or folders of .txt)")
    an.add_argument("paths", nargs="+", metavar="PATH")
    an.add_argument("--actor", action="append", metavar="NAME[=ALIAS,...]",
                    help='an actor to look for, with aliases: "Russia=Moscow,Kremlin" (repeatable)')
    an.add_argument("--actors-file", help="YAML or JSON: actor -> list of aliases")
    an.add_argument("--no-discover", action="store_true",
                    help="only the given actors (no automatic states, organisations and persons)")
    an.add_argument("--format", choices=["table", "json", "csv", "html"], default="table")
    an.add_argument("--output", metavar="FILE", help="write the report to FILE instead of standard output "
                                                      "(html: a self-contained page; needed for html)")
    an.add_argument("--evidence", type=int, default=1, help="table: evidence sentences shown per actor")
    an.add_argument("--finder", choices=["rules", "spacy"], default="rules",
                    help="person-name finding: rules, or an installed spaCy pipeline")
    an.add_argument("--model", help="model folder (default: the shipped model)")
    an.add_argument("--relations", action="store_true",
                    help="also who supports or criticises whom (source -> target) for actors named in one "
                         "sentence: a relations table in the table and json output; with csv, FILE.relations.csv")
    an.add_argument("--graph", metavar="FILE.png", help="draw the relations as a graph (implies --relations)")
    an.add_argument("--relation-model", metavar="DIR", help="relation model folder (default: the shipped one)")
    add_backend(an)
    an.add_argument("--batch-size", type=int, default=32)
    an.add_argument("--quiet", action="store_true", help="no progress bar")
    an.set_defaults(func=run)


def _article_paths(paths: list[str]) -> list[Path]:
    found = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            texts = sorted(path.rglob("*.txt"))
            if not texts:
                raise CLIError(f"{path}: no .txt files in this folder")
            found += texts
        elif path.is_file():
            found.append(path)
        else:
            raise CLIError(f"{path}: no such file or folder")
    return found


def _read_article(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as err:
        raise CLIError(f"{path}: not UTF-8 text ({err.reason} at byte {err.start})") from None
    except OSError as err:
        raise CLIError(f"{path}: cannot read ({err.strerror})") from None


def _actors_from_file(path: str) -> dict[str, list[str]]:
    """A YAML or JSON mapping of actor -> list of aliases (or a list of names)."""
    import yaml

    file = Path(path)
    if not file.is_file():
        raise CLIError(f"{file}: no such actors file")
    try:
        data = yaml.safe_load(file.read_text(encoding="utf-8-sig"))  # YAML reads JSON too
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        raise CLIError(f"{file}:{mark.line + 1 if mark else 0}: not valid YAML or JSON") from None
    if isinstance(data, list):
        data = {name: [] for name in data}
    if not isinstance(data, dict):
        raise CLIError(f"{file}:1: expected a mapping of actor -> list of aliases")
    out = {}
    for name, aliases in data.items():
        aliases = [] if aliases is None else [aliases] if isinstance(aliases, str) else aliases
        if not isinstance(name, str) or not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
            raise CLIError(f"{file}: actor {name!r}: expected a name and a list of alias strings")
        out[name] = aliases
    return out


def actors_from_args(args) -> dict[str, list[str]]:
    """The user's actors from --actors-file and --actor (analyze and corpus); checks --no-discover."""
    from ..actors import parse_actor_spec

    actors: dict[str, list[str]] = {}
    if args.actors_file:
        actors.update(_actors_from_file(args.actors_file))
    for spec in args.actor or []:
        name, aliases = parse_actor_spec(spec)
        actors[name] = actors.get(name, []) + aliases
    if args.no_discover and not actors:
        raise CLIError("--no-discover needs --actor or --actors-file")
    return actors


def run(args) -> int:
    from tqdm.auto import tqdm

    from ..actors import ActorFinder
    from ..analyze import analyze

    actors = actors_from_args(args)
    paths = _article_paths(args.paths)
    finder = ActorFinder(actors or None, discover=not args.no_discover, backend=args.finder)
    relations = args.relations or bool(args.graph)
    if args.format == "html" and not args.output:
        raise CLIError("--format html needs --output FILE.html")
    if args.format == "csv" and relations and not args.output:
        raise CLIError("--format csv with relations needs --output FILE.csv (the relations go to FILE.relations.csv)")
    model = load_model(args.model, backend=args.backend, device=args.device)
    relation_model = None
    if relations:
        from ..relations import load_relations

        relation_model = load_relations(args.relation_model, backend=args.backend, device=args.device)
    reports = []
    for path in tqdm(paths, desc="articles", unit="article", disable=args.quiet or len(paths) < 2, file=sys.stderr):
        reports.append(analyze(_read_article(path), model=model, finder=finder, article=str(path),
                               batch_size=args.batch_size, relations=relations, relation_model=relation_model))
    out = io.StringIO()
    if args.format == "json":
        out.write(json.dumps({"articles": [r.to_dict() for r in reports]}, ensure_ascii=False, indent=1) + "\n")
    elif args.format == "csv":
        rows = [row for r in reports for row in r.rows()]
        fields = list(rows[0]) if rows else ["article", "actor"]
        writer = csv.DictWriter(out, fieldnames=fields)
        writer.writeheader()
        writer.writerows(rows)
        if relations:
            _write_relations_csv(reports, Path(args.output))
    elif args.format == "html":
        from ..report_html import to_html

        title = f"stance: {reports[0].article}" if len(reports) == 1 else f"stance: {len(reports)} articles"
        out.write(to_html(reports, title))
    else:
        out.write("\n\n".join(r.table(evidence=args.evidence) for r in reports) + "\n")
    if args.output:
        with atomic_write(Path(args.output), newline="" if args.format == "csv" else None) as f:
            f.write(out.getvalue())
        print(f"wrote {args.output} ({len(reports)} article(s))", file=sys.stderr)
    else:
        sys.stdout.write(out.getvalue())
    if args.graph:
        from ..relation_graph import draw_relations

        draw_relations(reports, args.graph, title=reports[0].article if len(reports) == 1 else f"{len(reports)} articles")
        print(f"wrote {args.graph}", file=sys.stderr)
    return 0


def _write_relations_csv(reports, actors_csv: Path) -> None:
    path = actors_csv.with_name(actors_csv.stem + ".relations.csv")
    rows = [row for r in reports for row in r.relation_rows()]
    fields = ["article", "source", "target", "sentences", "supportive", "critical", "neutral", "stance", "net"]
    with atomic_write(path, newline="") as f:
        writer = csv.DictWriter(f, fieldnames=fields)
        writer.writeheader()
        writer.writerows(rows)
    print(f"wrote {path} ({len(rows)} relations)", file=sys.stderr)
