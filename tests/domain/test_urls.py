"""Source web addresses: completed where the intent is clear, refused where it is not."""

from __future__ import annotations

import pytest

from annotator.domain.urls import NotAWebAddress, address_key, normalise_web_address


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("foxnews.com/x", "https://foxnews.com/x"),
        ("  www.bbc.co.uk  ", "https://www.bbc.co.uk"),
        ("example.org:8080/a?b=c", "https://example.org:8080/a?b=c"),
        ("//cdn.example.org/file", "https://cdn.example.org/file"),
        ("http://example.org/a", "http://example.org/a"),
        ("HTTPS://Example.org/Page", "HTTPS://Example.org/Page"),
        ("", ""),
        ("   ", ""),
    ],
)
def test_addresses_are_completed(typed: str, stored: str) -> None:
    assert normalise_web_address(typed) == stored


@pytest.mark.parametrize(
    ("typed", "reason"),
    [
        ("the report on page 3", "spaces"),
        ("javascript:alert(1)", "only http and https"),
        ("file:///etc/passwd", "only http and https"),
        ("ftp://example.org/x", "only http and https"),
        ("notes", "not a web address"),
        ("https:///nohost", "no valid host"),
        ("http://intranet/x", "no valid host"),
    ],
)
def test_what_is_not_an_address_is_refused_with_the_reason(typed: str, reason: str) -> None:
    with pytest.raises(NotAWebAddress, match=reason):
        normalise_web_address(typed)


def test_web_address_keys() -> None:
    same = {
        address_key(a)
        for a in (
            "https://www.Example.org/news/a",
            "http://example.org/news/a/",
            "https://example.org:443/news/a#comments",
        )
    }
    assert same == {"example.org/news/a"}
    assert address_key("https://example.org/news?id=12") != address_key(
        "https://example.org/news?id=13"
    )
    assert address_key("https://example.org:8080/a") == "example.org:8080/a"
    assert address_key("/home/me/article.html") == address_key("") == ""
    assert address_key("ftp://example.org/a") == ""
