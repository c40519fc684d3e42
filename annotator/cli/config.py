"""The publisher settings of the library: ``annotator config`` (show, get, set, unset).

They are shared by everyone using the library (annotator.domain.publishing says what each
means); the GUI sets the same ones in Edit → Preferences → Publishing.
"""

from __future__ import annotations

import argparse

from annotator.cli.common import Subcommands, open_store


def register(sub: Subcommands, common: argparse.ArgumentParser) -> None:
    config = sub.add_parser(
        "config", parents=[common], help="publisher settings shared by the library",
        description="Publisher settings shared by everyone using the library: the "
                    "organisation, the web address of a published fact-check (a template "
                    "with {article_slug}, {number}, {claim_id}, {article_id}) and the rating "
                    "scale. Without an action, every setting is shown.")
    config.set_defaults(handler=cmd_show)
    actions = config.add_subparsers(title="config actions", metavar="ACTION")
    p = actions.add_parser("get", parents=[common], help="one setting's value")
    p.add_argument("key", metavar="KEY")
    p.set_defaults(handler=cmd_get)
    p = actions.add_parser("set", parents=[common], help="give a setting a value")
    p.add_argument("key", metavar="KEY")
    p.add_argument("value", metavar="VALUE")
    p.set_defaults(handler=cmd_set)
    p = actions.add_parser("unset", parents=[common], help="back to the default")
    p.add_argument("key", metavar="KEY")
    p.set_defaults(handler=cmd_unset)


def cmd_show(args: argparse.Namespace) -> int:
    from annotator.domain.publishing import PublisherKey
    from annotator.store.publishing import publisher_settings, stored_keys

    with open_store(args) as store:
        settings, stored = publisher_settings(store), stored_keys(store)
    for key in PublisherKey:
        print(_line(key, settings.value(key), key in stored))
    return 0


def cmd_get(args: argparse.Namespace) -> int:
    from annotator.domain.publishing import setting_key
    from annotator.store.publishing import publisher_settings

    key = setting_key(args.key)
    with open_store(args) as store:
        print(publisher_settings(store).value(key))
    return 0


def cmd_set(args: argparse.Namespace) -> int:
    return _apply(args, args.value)


def cmd_unset(args: argparse.Namespace) -> int:
    return _apply(args, None)


def _apply(args: argparse.Namespace, value: str | None) -> int:
    """Set (or unset, None) one setting in one transaction and show what it is now."""
    from annotator.domain.publishing import setting_key
    from annotator.store.publishing import change_settings, stored_keys

    key = setting_key(args.key)
    with open_store(args) as store:
        settings = change_settings(store, {key: value})
        stored = key in stored_keys(store)
    print(_line(key, settings.value(key), stored))
    return 0


def _line(key: object, value: str, stored: bool) -> str:
    shown = value if stored or value else "(not set)"
    return f"{key} = {shown}" + ("" if stored or not value else "  (default)")
