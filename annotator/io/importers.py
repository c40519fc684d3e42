"""Turn files and pasted text into the exact text that annotations anchor into.

Apart from newline normalisation and byte-order-mark removal, plain text and Markdown
are kept exactly as imported: anchors are character offsets into this text, so nothing
is stripped, collapsed or Unicode-normalised. HTML is reduced to its main article text;
nothing in it is executed and nothing is fetched.
"""

from __future__ import annotations

import codecs
import re
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from annotator.domain.records import DocumentMetadata
from annotator.domain.text import has_visible_text
from annotator.io.encodings import EncodingNeeded, decode_as, detect
from annotator.io.errors import ImportRejected

if TYPE_CHECKING:
    from lxml import html as lxml_html

# lxml and trafilatura are imported where HTML is read: loading them costs more than the
# rest of start-up, and most sessions import no HTML.

MAX_IMPORT_BYTES: int = 10 * 1024 * 1024
MAX_HTML_DEPTH = 2048  # libxml2's limit with XML_PARSE_HUGE
SUPPORTED_SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm")

_MARKDOWN_SUFFIXES = frozenset({".md", ".markdown"})
_HTML_SUFFIXES = frozenset({".html", ".htm"})
_MAX_TITLE_CHARS = 100
_MIB = 1024 * 1024
_PASTED = "The pasted text"

_UTF32_BOMS = (b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")
# UTF-32 is rejected before these are tried: its LE mark starts with the UTF-16 LE one.
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_BINARY_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "a PDF document"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"PK\x03\x04", "a ZIP archive or office document"),
    (b"PK\x05\x06", "a ZIP archive or office document"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Microsoft Office document"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"Rar!\x1a\x07", "a RAR archive"),
    (b"\x7fELF", "a program"),
    (b"MZ", "a Windows program"),
)

# The HTML spec looks for a <meta> charset in the first 1024 bytes; real pages often
# put it later, and a wider window costs nothing.
_CHARSET_SCAN_BYTES = 4096
_META_CHARSET = re.compile(rb"""<meta[^>]*?charset\s*=\s*["']?\s*([a-z0-9_.:\-]+)""", re.IGNORECASE)
# Browsers decode pages labelled latin-1 or ASCII as windows-1252, and map the five bytes
# windows-1252 leaves undefined to the matching C1 controls instead of failing.
_LATIN1_LABELS = frozenset({"ascii", "iso8859-1", "cp1252"})
_WINDOWS_1252 = {
    byte: bytes([byte]).decode("cp1252", errors="ignore") or chr(byte) for byte in range(0x80, 0xA0)
}

_WHITESPACE = re.compile(r"\s+")
_HIDDEN_TAGS = ("script", "style", "noscript", "template")
_BLOCK_TAGS = frozenset(
    {
        "address", "article", "aside", "blockquote", "br", "dd", "details", "div", "dl",
        "dt", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6",
        "header", "hr", "li", "main", "nav", "ol", "p", "pre", "section", "summary",
        "table", "td", "th", "tr", "ul",
    }
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class ImportedText:
    title: str
    text: str
    origin: str | None  # absolute file path (or URL), None for pasted text
    metadata: DocumentMetadata | None = None  # what an HTML page said about its article


def read_file(path: Path, *, max_bytes: int = MAX_IMPORT_BYTES,
              encoding: str | None = None) -> ImportedText:
    """Import a .txt, .md/.markdown or .html/.htm file, or raise ImportRejected.

    Text that is not UTF-8 raises :class:`EncodingNeeded` (an ImportRejected) with the
    detected encoding, unless ``encoding`` names the one to read it with.
    """
    path = Path(path)
    suffix = _checked_suffix(path)
    data = _read_bytes(path, max_bytes)
    metadata = None
    if suffix in _HTML_SUFFIXES:
        title, text, metadata = _import_html(data, path, encoding)
    else:
        text = normalise_newlines(decode_text(data, path.name, encoding=encoding))
        _reject_blank(text, path.name)
        title = _title_from_text(text, markdown=suffix in _MARKDOWN_SUFFIXES) or path.stem
    return ImportedText(title=title, text=text, origin=str(path.resolve()), metadata=metadata)


def from_pasted(
    text: str, title: str | None = None, *, max_bytes: int = MAX_IMPORT_BYTES
) -> ImportedText:
    """Import text pasted from the clipboard, or raise ImportRejected."""
    if "\x00" in text:
        raise ImportRejected(
            f"{_PASTED} contains NUL characters, so it looks like binary data; "
            "paste plain text instead"
        )
    try:
        size = len(text.encode("utf-8"))
    except UnicodeEncodeError as exc:
        raise ImportRejected(
            f"{_PASTED} contains an invalid character at position {exc.start}; "
            "copy it again from the source"
        ) from None
    if size > max_bytes:
        raise ImportRejected(
            f"{_PASTED} is {_describe_size(size)}, over the {_describe_size(max_bytes)} "
            "import limit; save it as smaller .txt files and import those"
        )
    text = normalise_newlines(text)
    _reject_blank(text, _PASTED)
    given = " ".join(title.split()) if title else ""
    chosen = _shorten(given) if given else _title_from_text(text, markdown=False)
    return ImportedText(title=chosen, text=text, origin=None)


def decode_text(data: bytes, name: str, *, encoding: str | None = None) -> str:
    """Decode UTF-8 (BOM optional) or UTF-16 with a BOM; the BOM is dropped.

    Other bytes raise :class:`EncodingNeeded`, or are decoded with ``encoding`` when the user
    named one (a byte-order mark still wins: it says what the file is).
    """
    _reject_known_binary(data, name)
    for bom, codec in _BOMS:
        if data.startswith(bom):
            text = _decode(data[len(bom) :], codec, name, offset=len(bom))
            if "\x00" in text:
                raise ImportRejected(
                    f"{name} looks like a binary file (it contains NUL "
                    "characters), not text; save it as plain text and "
                    "import again"
                )
            return text
    _reject_nul_bytes(data, name)
    if encoding is not None:
        return decode_as(data, encoding, name)
    return _decode_utf8(data, name)


def _decode_utf8(data: bytes, name: str) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise EncodingNeeded(name, data, detect(data), exc.start) from None


def normalise_newlines(text: str) -> str:
    """Turn \\r\\n and lone \\r into \\n; nothing else changes."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


# --- files ---------------------------------------------------------------------------


def _checked_suffix(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        supported = ", ".join(SUPPORTED_SUFFIXES)
        raise ImportRejected(
            f"{path.name} is not a supported file type; import a {supported} file instead"
        )
    return suffix


def _read_bytes(path: Path, max_bytes: int) -> bytes:
    try:
        info = path.stat()
    except OSError as exc:
        raise _unreadable(path, exc) from None
    if not stat.S_ISREG(info.st_mode):
        raise ImportRejected(
            f"{path.name} is not a regular file; choose a text, Markdown or HTML file"
        )
    if info.st_size > max_bytes:
        raise _too_large(path.name, info.st_size, max_bytes)
    try:
        with path.open("rb") as handle:
            # One byte more than allowed catches a file that grew after stat().
            data = handle.read(max_bytes + 1)
    except OSError as exc:
        raise _unreadable(path, exc) from None
    if len(data) > max_bytes:
        raise _too_large(path.name, len(data), max_bytes)
    return data


def _unreadable(path: Path, exc: OSError) -> ImportRejected:
    reason = exc.strerror or str(exc)
    return ImportRejected(
        f"Cannot read {path.name}: {reason}; check that the file exists and that you may open it"
    )


def _too_large(name: str, size: int, max_bytes: int) -> ImportRejected:
    return ImportRejected(
        f"{name} is {_describe_size(size)}, over the {_describe_size(max_bytes)} import "
        "limit; split it into smaller files and import them separately"
    )


def _describe_size(size: int) -> str:
    if size < _MIB // 10:
        return f"{size} bytes"
    megabytes = f"{size / _MIB:.1f}".removesuffix(".0")
    return f"{megabytes} MB"


# --- decoding ------------------------------------------------------------------------


def _reject_known_binary(data: bytes, name: str) -> None:
    for magic, kind in _BINARY_MAGIC:
        if data.startswith(magic):
            raise ImportRejected(
                f"{name} looks like a binary file ({kind}), not text; "
                "export it as plain text (.txt) and import that"
            )
    if data.startswith(_UTF32_BOMS):
        raise ImportRejected(
            f"{name} is UTF-32 text, which is not supported; save it as UTF-8 and import again"
        )


def _reject_nul_bytes(data: bytes, name: str) -> None:
    if b"\x00" in data:
        raise ImportRejected(
            f"{name} looks like a binary file (it contains NUL bytes), not text; if it is "
            "UTF-16 text without a byte-order mark, save it as UTF-8 and import again"
        )


def _decode(
    data: bytes, codec: str, name: str, *, offset: int, described_as: str | None = None
) -> str:
    try:
        return data.decode(codec)
    except UnicodeDecodeError as exc:
        label = described_as or codec.upper()
        raise ImportRejected(
            f"{name} is not {label} text (invalid byte at position {exc.start + offset}); "
            "save it as UTF-8 and import again"
        ) from None


def _reject_blank(text: str, name: str) -> None:
    if not has_visible_text(text):
        raise ImportRejected(
            f"{name} is empty or contains only whitespace or invisible characters; there "
            "is no text to import"
        )


def _title_from_text(text: str, *, markdown: bool) -> str:
    for line in text.split("\n"):
        candidate = line.strip()
        if markdown:
            candidate = candidate.lstrip("#").strip()
        if candidate:
            return _shorten(candidate)
    return ""


def _shorten(title: str) -> str:
    if len(title) <= _MAX_TITLE_CHARS:
        return title
    cut = title[: _MAX_TITLE_CHARS - 1]
    # End on a word boundary when there is one in the last third, so titles read cleanly.
    space = cut.rfind(" ")
    if space > _MAX_TITLE_CHARS * 2 // 3:
        cut = cut[:space]
    return cut.rstrip(" ,;:") + "…"


# --- HTML ----------------------------------------------------------------------------


def _import_html(data: bytes, path: Path, encoding: str | None
                 ) -> tuple[str, str, DocumentMetadata]:
    markup = _decode_html(data, path.name, encoding)
    _reject_blank(markup, path.name)
    root = _parse_html(markup, path.name)
    title = (_html_title(root) if root is not None else "") or path.stem
    text = normalise_newlines(_extract_article(markup))
    if not has_visible_text(text) and root is not None:
        text = _body_text(root)
    if not has_visible_text(text):
        raise ImportRejected(
            f"{path.name} contains no readable text; open it in a browser "
            "and save the article as plain text instead"
        )
    from annotator.io.html_metadata import page_metadata

    metadata = page_metadata(markup, root)
    return _shorten(metadata.title) or title, text, metadata


def _decode_html(data: bytes, name: str, encoding: str | None) -> str:
    if data.startswith(tuple(bom for bom, _ in _BOMS)):
        return decode_text(data, name)
    _reject_known_binary(data, name)
    _reject_nul_bytes(data, name)
    if encoding is not None:
        return decode_as(data, encoding, name)
    match = _META_CHARSET.search(data[:_CHARSET_SCAN_BYTES])
    if match is None:
        return _decode_utf8(data, name)
    return _decode_declared(data, match.group(1).decode("ascii"), name)


def _decode_declared(data: bytes, label: str, name: str) -> str:
    try:
        codec = codecs.lookup(label).name
    except LookupError:
        codec = "utf-8"  # browsers ignore labels they do not know
    if codec.startswith(("utf-16", "utf-32")):
        codec = "utf-8"  # bytes without a BOM that passed the NUL check are not UTF-16
    if codec in _LATIN1_LABELS:
        return data.decode("latin-1").translate(_WINDOWS_1252)
    try:
        return _decode(data, codec, name, offset=0, described_as=f"{label} (as declared)")
    except LookupError:  # a codec such as base64 that does not turn bytes into text
        return _decode(data, "utf-8", name, offset=0, described_as="UTF-8")


def _parse_html(markup: str, name: str) -> lxml_html.HtmlElement | None:
    from lxml import etree
    from lxml import html as lxml_html

    # Bytes plus an explicit encoding: lxml refuses str input that carries an
    # <?xml encoding=...?> declaration. huge_tree lifts libxml2's nesting limit from 256
    # to MAX_HTML_DEPTH elements (real pages nest a few dozen deep).
    parser = lxml_html.HTMLParser(
        encoding="utf-8", remove_comments=True, remove_pis=True, no_network=True,
        huge_tree=True,
    )
    try:
        root = lxml_html.document_fromstring(markup.encode("utf-8"), parser=parser)
    except etree.ParserError:
        root = None
    if any(e.type == etree.ErrorTypes.ERR_RESOURCE_LIMIT for e in parser.error_log):
        # libxml2 stops at the limit: what it read so far is not the whole article.
        raise ImportRejected(
            f"{name} nests its elements more than {MAX_HTML_DEPTH} deep, more than "
            "Annotator reads; open it in a browser and save the article as plain text"
        )
    return root


def _extract_article(markup: str) -> str:
    import trafilatura

    # A string (never a URL) goes in, so trafilatura has nothing to fetch.
    extracted = trafilatura.extract(
        markup,
        fast=False,
        favor_precision=True,
        include_comments=False,
        include_tables=False,
        include_images=False,
        include_links=False,
        include_formatting=False,
        output_format="txt",
    )
    return extracted or ""


def _body_text(root: lxml_html.HtmlElement) -> str:
    from lxml import etree

    # The <head> (and its <title>) is not article text.
    etree.strip_elements(root, *_HIDDEN_TAGS, "head", "title", with_tail=False)
    body = root.find("body")
    container = root if body is None else body
    # Source newlines are mere whitespace in HTML; only block boundaries break lines.
    pieces: list[str] = []
    for event, element in etree.iterwalk(container, events=("start", "end")):
        is_block = isinstance(element.tag, str) and element.tag in _BLOCK_TAGS
        if event == "start":
            pieces.append("\n" if is_block else "")
            if isinstance(element.tag, str) and element.text:
                pieces.append(_WHITESPACE.sub(" ", element.text))
            continue
        pieces.append("\n" if is_block else "")
        if element is not container and element.tail:
            pieces.append(_WHITESPACE.sub(" ", element.tail))
    lines = (" ".join(line.split()) for line in "".join(pieces).split("\n"))
    return "\n".join(line for line in lines if line)


def _html_title(root: lxml_html.HtmlElement) -> str:
    candidates = [
        root.findtext(".//title") or "",
        *root.xpath("//meta[@property='og:title']/@content"),
        *(heading.text_content() for heading in root.iter("h1")),
    ]
    for candidate in candidates:
        title = " ".join(str(candidate).split())
        if title:
            return _shorten(title)
    return ""
