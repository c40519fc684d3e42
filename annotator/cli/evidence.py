"""Evidence commands: find passages that may settle a claim; suggest check-worthy sentences."""

from __future__ import annotations

import argparse
import json

from annotator.cli.common import CLAIM_HELP, Subcommands, find_claim, open_store


def register(sub: Subcommands, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("evidence", parents=[common],
                       help="passages of the library that may settle a claim")
    what = p.add_mutually_exclusive_group(required=True)
    what.add_argument("--claim", metavar="CLAIM",
                      help="a stored claim (its own article and versions are left out): "
                           + CLAIM_HELP)
    what.add_argument("--text", metavar="TEXT", help="a claim's words")
    p.add_argument("--exclude", action="append", default=[], metavar="DOC",
                   help="leave out this document and its versions (id, uuid or title; "
                        "repeatable; with --text)")
    p.add_argument("--document", metavar="DOC",
                   help="the claim's article (id, uuid or title), for --claim '#7'")
    p.add_argument("--top", type=int, default=10, metavar="K", help="how many (default 10)")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(handler=cmd_evidence)

    p = sub.add_parser("suggest", parents=[common],
                       help="sentences of a document worth fact-checking")
    p.add_argument("document", help="document id, uuid or title")
    p.add_argument("--min-score", type=float, default=None, metavar="S",
                   help="lowest score to list, 0 to 1 (default: the model's threshold)")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(handler=cmd_suggest)


def cmd_evidence(args: argparse.Namespace) -> int:
    from annotator.evidence.assistant import EvidenceIndex, versions_of
    from annotator.evidence.index_files import cache_root
    from annotator.evidence.semantic import load_embedder

    if args.top < 1:
        raise ValueError("--top must be at least 1.")
    if args.claim is not None and args.exclude:
        raise ValueError("--exclude goes with --text; a claim's own article is always left out.")
    with open_store(args) as store:
        embedder, note = load_embedder()
        index = EvidenceIndex(store, embedder, note, cache=cache_root())
        index.refresh()
        if args.claim is not None:
            claim = find_claim(store, args.claim, args.document)
            answer = index.search_claim(claim.id, top=args.top)
        else:
            excluded: set[int] = set()
            for key in args.exclude:
                excluded |= versions_of(store, store.find_document(key).id)
            answer = index.search(args.text, exclude=excluded, top=args.top)
    if args.json:
        print(json.dumps(answer.as_json(), ensure_ascii=False))
        return 0
    print("score\tdocument\tstart\tend\tconflicts\ttext")
    for hit in answer.results:
        print(f"{hit.score:.3f}\t{hit.document_id}\t{hit.start}\t{hit.end}\t"
              f"{','.join(hit.conflicts) or '-'}\t{hit.text.replace(chr(10), ' ')}")
    if answer.no_evidence:
        print("No close match in your library.")
    if answer.note:
        print(answer.note)
    return 0


def cmd_suggest(args: argparse.Namespace) -> int:
    from annotator.evidence.checkworthy import suggest

    with open_store(args) as store:
        document = store.find_document(args.document)
    found = suggest(document.text, min_score=args.min_score)
    if args.json:
        print(json.dumps([s.as_json() for s in found], ensure_ascii=False))
        return 0
    print("score\tstart\tend\ttext")
    for s in found:
        print(f"{s.score:.3f}\t{s.start}\t{s.end}\t{s.text}")
    return 0
