"""A source's address as an annotation id: the shortcut for the usual address gives what
the full check gives."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.domain.urls import iri_safe
from annotator.io.w3c import _IRI
from annotator.io.w3c_sql import source_iri

ODD = "\x00 \t%<>\"{}|\\^`[]-~,\r\nü'#?"


def _checked(url: str) -> str | None:
    safe = iri_safe(url.strip())
    return safe if _IRI.match(safe) else None


@settings(max_examples=500, deadline=None)
@given(st.sampled_from(["https://", "http://", "HTTP://", " https://", "ftp://", ""]),
       st.text(alphabet=st.sampled_from(sorted(set(ODD) | set("ab.e/:"))), max_size=12))
def test_the_shortcut_agrees_with_the_full_check(scheme: str, rest: str) -> None:
    assert source_iri(scheme + rest) == _checked(scheme + rest)


def test_the_usual_address_is_kept_and_an_unsafe_one_encoded() -> None:
    assert source_iri("https://example.org/a?b=1#c") == "https://example.org/a?b=1#c"
    assert source_iri(" https://example.org/a b ") == "https://example.org/a%20b"
    assert source_iri("javascript alert") is None
