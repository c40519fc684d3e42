"""Library commands: an article's record (document show/set/delete) and search across claims."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from annotator.cli.common import EXIT_NOTHING_DONE, Subcommands, open_store

if TYPE_CHECKING:
    from annotator.domain.library import ClaimHit
    from annotator.domain.records import DocumentRecord

VERDICTS = ("unchecked", "verified", "disputed")  # annotator.domain.verdict.Verdict
REVIEWS = ("unreviewed", "pending", "approved", "rejected", "needs-work")  # REVIEW_FILTERS
METADATA_OPTIONS = {  # option -> DocumentMetadata field
    "title": "title", "url": "url", "outlet": "outlet", "author": "authors",
    "published": "published", "language": "language", "note": "note",
}


def register(sub: Subcommands, common: argparse.ArgumentParser) -> None:
    document = sub.add_parser("document", parents=[common],
                              help="show or change an article's record")
    actions = document.add_subparsers(title="document commands", metavar="ACTION", required=True)
    p = actions.add_parser("show", parents=[common], help="an article's title, URL, outlet, ...")
    p.add_argument("document", help="document id, uuid or title")
    p.set_defaults(handler=cmd_document_show)

    p = actions.add_parser("set", parents=[common],
                           help="change an article's title, URL, outlet, authors, date, ...")
    p.add_argument("document", help="document id, uuid or title")
    p.add_argument("--title")
    p.add_argument("--url", help="the article's web address ('' clears it)")
    p.add_argument("--outlet", help="the site or publication")
    p.add_argument("--author", help="the byline; several names separated by ';'")
    p.add_argument("--published", metavar="YYYY-MM-DD", help="publication date ('' clears it)")
    p.add_argument("--language", help="a language tag such as en or pt-BR")
    p.add_argument("--note", help="a note on the article")
    p.set_defaults(handler=cmd_document_set)

    p = actions.add_parser("delete", parents=[common],
                           help="delete an article with its claims and their sources")
    p.add_argument("document", help="document id, uuid or title")
    p.add_argument("--yes", action="store_true", help="do it (without it, only say what goes)")
    p.set_defaults(handler=cmd_document_delete)

    p = sub.add_parser("search", parents=[common],
                       help="search the claims of every article (quotes, notes, sources, titles)")
    p.add_argument("text", nargs="?", default="", metavar="TEXT",
                   help="words that must all occur (prefixes match: 'verif' finds 'verified'); "
                   "'#7' keeps claim number 7 of each article")
    p.add_argument("--verdict", action="append", default=[], choices=VERDICTS)
    p.add_argument("--review", action="append", default=[], choices=REVIEWS, metavar="STATUS",
                   help=f"review status ({', '.join(REVIEWS)}; repeatable)")
    p.add_argument("--conflict", action="store_true",
                   help="only claims changed after they were exported for review")
    p.add_argument("--document", action="append", default=[], metavar="ID",
                   help="only in these documents (id, uuid or title; repeatable)")
    p.add_argument("--limit", type=int, default=500, help="at most this many (default 500)")
    p.add_argument("--json", action="store_true", help="one JSON object, for scripts")
    p.set_defaults(handler=cmd_search)


def cmd_document_show(args: argparse.Namespace) -> int:
    with open_store(args) as store:
        _print_record(store.find_document(args.document))
    return 0


def cmd_document_set(args: argparse.Namespace) -> int:
    from dataclasses import replace

    changes = {field: getattr(args, option) for option, field in METADATA_OPTIONS.items()
               if getattr(args, option) is not None}
    if not changes:
        raise ValueError("Nothing to change; give at least one of "
                         + ", ".join(f"--{o}" for o in METADATA_OPTIONS) + ".")
    with open_store(args) as store:
        document = store.find_document(args.document)
        record = store.update_document(document.id, replace(document.metadata, **changes))
        _print_record(record)
    return 0


def cmd_document_delete(args: argparse.Namespace) -> int:
    with open_store(args) as store:
        document = store.find_document(args.document)
        weight = store.deletion_weight(document.id)
        what = (f"{document.id}\t{document.title}: {weight.claims} claims, "
                f"{weight.sources} sources")
        if not args.yes:
            print(f"Would delete {what}. Add --yes to delete.")
            return EXIT_NOTHING_DONE
        store.delete_document(document.id)
        print(f"Deleted {what}.")
    return 0


def cmd_search(args: argparse.Namespace) -> int:
    from annotator.domain.library import ClaimQuery
    from annotator.domain.verdict import Verdict

    if args.limit < 1:
        raise ValueError("--limit must be at least 1.")
    with open_store(args) as store:
        documents = frozenset(store.find_document(key).id for key in args.document)
        query = ClaimQuery(text=args.text, verdicts=frozenset(map(Verdict, args.verdict)),
                           review_statuses=frozenset(args.review),
                           conflict=True if args.conflict else None, document_ids=documents)
        result = store.search_claims(query, limit=args.limit)
    if args.json:
        import json

        print(json.dumps({"total": result.total, "claims": [_hit_json(h) for h in result.hits]},
                         ensure_ascii=False, indent=1))
        return 0
    print("number\tid\tdocument\tverdict\treview\tquote\tnote\tarticle")
    for hit in result.hits:
        c = hit.claim
        review = c.review_status.value if c.review_status else ""
        print(f"{c.label}\t{c.id}\t{c.document_id}\t{c.verdict}\t{review}\t{_line(c.exact)}\t"
              f"{_line(c.note)}\t{_line(hit.document_title)}")
    if result.truncated:
        print(f"# {result.describe()} shown; raise --limit for more")
    return 0


def _hit_json(hit: ClaimHit) -> dict[str, object]:
    c = hit.claim
    return {
        "id": c.id, "number": c.number, "uuid": c.uuid, "document_id": c.document_id,
        "document_title": hit.document_title, "start": c.start, "end": c.end,
        "quote": c.exact, "verdict": c.verdict.value, "note": c.note, "author": c.author,
        "modified_at": c.modified_at.isoformat(), "sources": c.source_count,
        "review_status": c.review_status.value if c.review_status else None,
        "review_note": c.review_note, "reviewer": c.reviewer,
        "review_conflict": c.review_conflict,
    }


def _print_record(record: DocumentRecord) -> None:
    for name in ("id", "uuid", "title", "url", "outlet", "authors", "published", "language",
                 "note", "origin"):
        print(f"{name}\t{_line(str(getattr(record, name) or ''))}")


def _line(text: str) -> str:
    return text.replace("\n", " ").replace("\t", " ")
