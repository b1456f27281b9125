"""``stance corpus``: a whole corpus into mention, article and summary tables and plots."""

from __future__ import annotations

import sys

from .analyze import actors_from_args
from .common import CLIError, add_backend, add_engine, load_model


def add_parser(sub) -> None:
    co = sub.add_parser("corpus", help="a corpus of articles -> mentions.parquet, articles.csv, summary.csv, plots/")
    co.add_argument("articles", metavar="ARTICLES",
                    help="JSONL, CSV or Parquet with id, text and optionally date (ISO) and outlet; or a folder of .txt")
    co.add_argument("--out", required=True, metavar="DIR", help="output folder (a re-run resumes there)")
    co.add_argument("--by", choices=["day", "week", "month", "year"], default="month", help="summary period")
    co.add_argument("--group", metavar="COLUMN", help="summarise per value of this column too (e.g. outlet)")
    co.add_argument("--actor", action="append", metavar="NAME[=ALIAS,...]", help="an actor to look for (repeatable)")
    co.add_argument("--actors-file", help="YAML or JSON: actor -> list of aliases")
    co.add_argument("--no-discover", action="store_true", help="only the given actors")
    co.add_argument("--top", type=int, default=10, help="how many actors (most mentioned) get plots")
    co.add_argument("--model", help="model folder (default: the shipped model)")
    co.add_argument("--batch-size", type=int, default=32)
    co.add_argument("--quiet", action="store_true", help="no progress bar")
    add_engine(co, "analyse (the same files)")
    add_backend(co)
    co.set_defaults(func=run)


def run(args) -> int:
    from ..actors import ActorFinder
    from ..corpus_files import run_corpus

    actors = actors_from_args(args)
    if args.top < 0:
        raise CLIError(f"--top must be 0 or more, got {args.top}")
    finder = ActorFinder(actors or None, discover=not args.no_discover)
    model = load_model(args.model, backend=args.backend, device=args.device)
    from ..api import default_model_path

    ray_options = {"model_path": str(args.model or default_model_path()), "backend": args.backend,
                   "workers": args.workers, "address": args.address, "actors": actors or None,
                   "discover": not args.no_discover}
    result = run_corpus(args.articles, args.out, model=model, finder=finder, by=args.by, group=args.group,
                        top=args.top, batch_size=args.batch_size, progress=not args.quiet, engine=args.engine,
                        ray_options=ray_options)
    rate = result["articles"] / max(result["seconds"], 1e-9)
    print(f"{result['articles']} articles analysed ({result['skipped']} already done), {result['mentions']} mentions, "
          f"{rate:.1f} articles/s ({args.engine} engine, {model.runtime}); {result['summary_rows']} summary rows -> {args.out}",
          file=sys.stderr)
    return 0
