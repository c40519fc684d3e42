"""Web addresses of sources: complete what a user typed, refuse what is not an address."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

WEB_SCHEMES = frozenset({"http", "https"})
# "example.org/x", "www.bbc.co.uk": a host name with a dot and a letter-only top level.
_BARE_HOST = re.compile(r"^(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,63}(?::\d+)?(?:[/?#]|$)",
                        re.IGNORECASE)
_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*:", re.IGNORECASE)


class NotAWebAddress(ValueError):
    """The text given as a source's URL is not a web address; the message says why."""


def normalise_web_address(text: str) -> str:
    """A full http(s) address for ``text``, or "" for empty text.

    "foxnews.com/x" becomes "https://foxnews.com/x"; anything that is not a web address
    (spaces, another scheme, no host) raises :class:`NotAWebAddress`.
    """
    address = text.strip()
    if not address:
        return ""
    if any(ch.isspace() for ch in address):
        raise NotAWebAddress(f"{_shown(address)} is not a web address: it contains spaces. "
                             "Put a title or excerpt in their own fields.")
    if address.startswith("//"):
        address = "https:" + address
    elif _BARE_HOST.match(address):  # "example.org:8080/x" also looks like a scheme
        address = "https://" + address
    elif not _SCHEME.match(address):
        raise NotAWebAddress(f"{_shown(address)} is not a web address; give a full "
                             "address such as https://example.org/page.")
    parts = urlsplit(address)
    if parts.scheme.lower() not in WEB_SCHEMES:
        raise NotAWebAddress(f"{_shown(address)} is not a web address (only http and https "
                             "addresses can be opened); put other references in the title.")
    if not parts.hostname or ("." not in parts.hostname and parts.hostname != "localhost"):
        raise NotAWebAddress(f"{_shown(address)} has no valid host name; give a full "
                             "address such as https://example.org/page.")
    return address


def _shown(text: str) -> str:
    return repr(text if len(text) <= 60 else text[:57] + "…")


# RFC 3987: the ASCII characters an IRI may hold as they are (unreserved, reserved and the
# "%" of an escape), and the non-ASCII ranges of ``ucschar``.
IRI_ASCII = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
                       "-._~:/?#[]@!$&'()*+,;=")
"""The ASCII characters an IRI holds as they are (RFC 3987): iri_safe leaves an address
made only of these unchanged."""
_HEX = frozenset("0123456789abcdefABCDEF")


def _ucschar(code: int) -> bool:
    if code < 0x10000:
        return 0xA0 <= code <= 0xD7FF or 0xF900 <= code <= 0xFDCF or 0xFDF0 <= code <= 0xFFEF
    return code < 0xF0000 and code & 0xFFFF <= 0xFFFD


def iri_safe(address: str) -> str:
    """``address`` with every character an IRI may not hold percent-encoded (as UTF-8).

    Spaces, quotes, ``<>{}|\\^``` and control characters become ``%XX``; a ``%`` that does
    not start an escape becomes ``%25``; letters of other scripts stay readable. An RDF
    processor refuses a whole graph for one address with such a character.
    """
    if IRI_ASCII.issuperset(address):  # the usual address: nothing to encode (no "%")
        return address
    out: list[str] = []
    for index, char in enumerate(address):
        if char == "%":
            escape = address[index + 1:index + 3]
            out.append("%" if len(escape) == 2 and set(escape) <= _HEX else "%25")
        elif char in IRI_ASCII or _ucschar(ord(char)):
            out.append(char)
        else:
            out.extend(f"%{byte:02X}" for byte in char.encode("utf-8", "surrogatepass"))
    return "".join(out)


def address_key(address: str) -> str:
    """What two web addresses of one article have in common, or "" for no web address.

    Scheme, ``www.``, letter case of the host, a default port, the fragment and a trailing
    slash do not tell articles apart; the path and the query do (``?id=12``).
    """
    text = address.strip()
    if not text or not _SCHEME.match(text) or any(ch.isspace() for ch in text):
        return ""
    parts = urlsplit(text)
    if parts.scheme.lower() not in WEB_SCHEMES or not parts.hostname:
        return ""
    host = parts.hostname.lower().removeprefix("www.")
    try:
        port = parts.port
    except ValueError:
        return ""
    if port not in (None, 80, 443):
        host = f"{host}:{port}"
    path = parts.path.rstrip("/")
    return f"{host}{path}?{parts.query}" if parts.query else f"{host}{path}"
