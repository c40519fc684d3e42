"""What an HTML page says about its article: title, byline, date, site name, address.

trafilatura reads the usual places (Open Graph, JSON-LD, <meta name="author">, bylines,
<time>, <link rel="canonical">) and drops the " | Site name" suffix from titles. Values
that do not fit the record (an address that is not a web address, a date that is not a
date) are left out rather than stored wrong.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from annotator.domain.records import DocumentMetadata, parse_published
from annotator.domain.urls import normalise_web_address

# A separator (bar, dashes, colon, middle dot) and the site name after the title.
_SUFFIX = re.compile("^\\s*[|\u2013\u2014:\u00b7-]\\s*(\\S.{0,80})$")

if TYPE_CHECKING:
    from lxml import html as lxml_html


def page_metadata(markup: str, root: lxml_html.HtmlElement | None) -> DocumentMetadata:
    """The page's metadata; any field may be empty (the title too)."""
    from trafilatura import extract_metadata

    # Only the markup goes in: trafilatura fetches nothing.
    found = extract_metadata(markup, extensive=False)
    title = _text(found.title)
    return DocumentMetadata(
        title=title,
        url=_web_address(found.url),
        outlet=_text(found.sitename) or _title_suffix(root, title),
        authors=_text(found.author),
        published=_date(found.date),
        language=_language(root, found.language),
    )


def _title_suffix(root: lxml_html.HtmlElement | None, title: str) -> str:
    """"Example News" from <title>Council votes | Example News</title> once the title is known."""
    if root is None or not title:
        return ""
    full = _text(root.findtext(".//title"))
    match = _SUFFIX.match(full[len(title):]) if full.startswith(title) else None
    return match.group(1) if match else ""


def _text(value: object) -> str:
    return " ".join(str(value).split()) if value else ""


def _web_address(value: object) -> str:
    try:
        return normalise_web_address(_text(value))
    except ValueError:
        return ""


def _date(value: object) -> str:
    text = _text(value)[:10]
    try:
        return parse_published(text).isoformat() if text else ""
    except ValueError:
        return ""


def _language(root: lxml_html.HtmlElement | None, detected: object) -> str:
    declared = (root.get("lang") or "") if root is not None else ""
    tag = _text(declared) or _text(detected)
    try:
        return DocumentMetadata(title="-", language=tag).cleaned().language
    except ValueError:
        return ""
