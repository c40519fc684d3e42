"""Importers: real files written to tmp_path, no mocks."""

from __future__ import annotations

import codecs
import subprocess
import sys
from pathlib import Path

import pytest

from annotator.io.importers import (
    MAX_IMPORT_BYTES,
    SUPPORTED_SUFFIXES,
    ImportedText,
    ImportRejected,
    decode_text,
    from_pasted,
    normalise_newlines,
    read_file,
)

REPO_ROOT = Path(__file__).resolve().parents[2]
SAMPLE = REPO_ROOT / "resources" / "samples" / "004_c41784a00cd0d9a4.txt"

# Curly quotes, an emoji outside the BMP, CJK, a combining accent (must stay decomposed),
# trailing spaces and surrounding blank lines: all must survive untouched.
UNUSUAL = "\n\nHeadline “quoted” — 🧪 検証 cafe\u0301  \n\tindented line\t\n\n"


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def rejected(path: Path, **kwargs: int) -> str:
    with pytest.raises(ImportRejected) as info:
        read_file(path, **kwargs)
    message = str(info.value)
    assert "\n" not in message
    return message


# --- encodings -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("label", "encoded"),
    [
        ("utf8", UNUSUAL.encode("utf-8")),
        ("utf8-bom", codecs.BOM_UTF8 + UNUSUAL.encode("utf-8")),
        ("utf16le-bom", codecs.BOM_UTF16_LE + UNUSUAL.encode("utf-16-le")),
        ("utf16be-bom", codecs.BOM_UTF16_BE + UNUSUAL.encode("utf-16-be")),
    ],
)
def test_every_supported_encoding_gives_the_identical_exact_text(
    tmp_path: Path, label: str, encoded: bytes
) -> None:
    imported = read_file(write(tmp_path, f"{label}.txt", encoded))

    assert imported.text == UNUSUAL
    assert imported.text.encode("utf-8") == UNUSUAL.encode("utf-8")
    assert not imported.text.startswith("\ufeff")
    assert imported.title == "Headline “quoted” — 🧪 検証 cafe\u0301"


def test_crlf_and_lone_cr_become_lf_and_nothing_else_changes(tmp_path: Path) -> None:
    path = write(tmp_path, "mixed.txt", b"one\r\ntwo\rthree\n\r\nfour  \r")

    assert read_file(path).text == "one\ntwo\nthree\n\nfour  \n"


def test_normalise_newlines_leaves_other_line_separators_alone() -> None:
    assert normalise_newlines("a\r\nb\rc\u2028d\x85e") == "a\nb\nc\u2028d\x85e"


def test_origin_is_the_absolute_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path, "rel.txt", b"Hello")
    monkeypatch.chdir(tmp_path)

    imported = read_file(Path("rel.txt"))

    assert imported == ImportedText(
        title="Hello", text="Hello", origin=str((tmp_path / "rel.txt").resolve())
    )


def test_suffix_is_case_insensitive(tmp_path: Path) -> None:
    assert read_file(write(tmp_path, "LOUD.TXT", b"Loud")).text == "Loud"


# --- rejections ------------------------------------------------------------------------


def test_invalid_utf8_is_rejected_naming_file_and_position(tmp_path: Path) -> None:
    path = write(tmp_path, "notes.txt", b"fine text then \xff\xfe bad")

    message = rejected(path)

    assert "notes.txt" in message
    assert "position 15" in message
    assert "UTF-8" in message


def test_invalid_utf16_is_rejected(tmp_path: Path) -> None:
    # An odd byte count cannot be UTF-16.
    path = write(tmp_path, "odd.txt", codecs.BOM_UTF16_LE + "ab".encode("utf-16-le") + b"c")

    message = rejected(path)

    assert "odd.txt" in message
    assert "UTF-16" in message


def test_utf16_without_bom_is_rejected(tmp_path: Path) -> None:
    path = write(tmp_path, "nobom.txt", "plain words".encode("utf-16-le"))

    message = rejected(path)

    assert "nobom.txt" in message
    assert "UTF-16" in message


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01"),
        ("report.txt", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\n"),
        ("report.md", b"%PDF-1.4\nonly ascii after the magic\n"),
        ("nul.txt", b"looks like text\x00but is not"),
        ("page.html", b"PK\x03\x04\x14\x00\x06\x00"),
    ],
)
def test_binary_files_are_rejected(tmp_path: Path, name: str, data: bytes) -> None:
    message = rejected(write(tmp_path, name, data))

    assert name in message
    assert "binary" in message


@pytest.mark.parametrize("data", [b"", b" \n\t\r\n  ", codecs.BOM_UTF8, codecs.BOM_UTF8 + b"\n"])
def test_empty_and_whitespace_only_files_are_rejected(tmp_path: Path, data: bytes) -> None:
    message = rejected(write(tmp_path, "blank.md", data))

    assert "blank.md" in message
    assert "empty" in message


def test_file_over_the_limit_is_rejected(tmp_path: Path) -> None:
    path = write(tmp_path, "big.txt", b"x" * 101)

    message = rejected(path, max_bytes=100)

    assert "big.txt" in message
    assert "100 bytes" in message
    assert read_file(path, max_bytes=101).text == "x" * 101


def test_default_limit_is_stated_in_megabytes(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:
        # Sparse and all NUL bytes: decoding any of it would give a "binary" message instead.
        handle.truncate(MAX_IMPORT_BYTES + 1)

    message = rejected(path)

    assert "huge.txt" in message
    assert "10 MB import limit" in message


def test_unsupported_suffix_lists_the_supported_types(tmp_path: Path) -> None:
    message = rejected(write(tmp_path, "paper.docx", b"anything"))

    assert "paper.docx" in message
    for suffix in SUPPORTED_SUFFIXES:
        assert suffix in message


def test_missing_file_is_rejected_with_the_os_reason(tmp_path: Path) -> None:
    message = rejected(tmp_path / "gone.txt")

    assert "gone.txt" in message
    assert "No such file or directory" in message


def test_directory_is_rejected(tmp_path: Path) -> None:
    (tmp_path / "folder.txt").mkdir()

    assert "folder.txt" in rejected(tmp_path / "folder.txt")


def test_decode_text_names_the_file() -> None:
    with pytest.raises(ImportRejected, match=r"clip\.md"):
        decode_text(b"\xc3\x28", "clip.md")
    assert decode_text(codecs.BOM_UTF8 + b"ok", "clip.md") == "ok"


# --- titles ----------------------------------------------------------------------------


def test_markdown_title_drops_hashes(tmp_path: Path) -> None:
    path = write(tmp_path, "post.md", b"\n\n##   The *real* heading  \n\nBody.\n")

    imported = read_file(path)

    assert imported.title == "The *real* heading"
    assert imported.text == "\n\n##   The *real* heading  \n\nBody.\n"


def test_txt_keeps_leading_hashes_in_title(tmp_path: Path) -> None:
    assert read_file(write(tmp_path, "tags.txt", b"#1 story\nbody")).title == "#1 story"


def test_long_first_line_is_truncated_for_the_title(tmp_path: Path) -> None:
    line = "word " * 100
    imported = read_file(write(tmp_path, "long.txt", line.encode()))

    assert len(imported.title) <= 100
    assert imported.title.startswith("word word")
    # Cut on a word boundary, marked as shortened.
    assert imported.title.endswith("word…")
    assert imported.text == line


def test_title_falls_back_to_the_file_stem(tmp_path: Path) -> None:
    assert read_file(write(tmp_path, "only-hashes.md", b"###\n  \n")).title == "only-hashes"


# --- the bundled sample ----------------------------------------------------------------


def test_real_sample_article_imports_exactly() -> None:
    content = SAMPLE.read_bytes().decode("utf-8")

    imported = read_file(SAMPLE)

    assert imported.text == content
    assert imported.title == content.split("\n", 1)[0]
    assert imported.title.startswith("Trump and Putin agree to meet in Hungary")
    assert imported.origin == str(SAMPLE.resolve())


# --- HTML ------------------------------------------------------------------------------

PARAGRAPH_1 = (
    "The city council approved the 2025 budget on Tuesday after a long debate "
    "about road repairs and library hours."
)
PARAGRAPH_2 = (
    "Opponents said the plan “underfunds” public transport, while supporters "
    "pointed to a balanced ledger 🚍 and 予算."
)
ARTICLE = f"""<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>  Council votes
 on budget | Example News </title>
<script>alert('x')</script><style>p {{ color: red }}</style></head>
<body onload="alert('onload')">
<nav><a href="/">Home</a></nav>
<article><h1>Council votes on budget</h1>
<p>{PARAGRAPH_1}</p>
<img src="http://example.invalid/x.png" alt="chart">
<p>{PARAGRAPH_2}</p>
<script>document.write('injected script text')</script>
</article></body></html>
"""


def assert_no_active_content(text: str) -> None:
    for leaked in ("alert", "onload", "document.write", "injected", "example.invalid", "color"):
        assert leaked not in text


def test_html_article_text_without_scripts_or_remote_urls(tmp_path: Path) -> None:
    path = write(tmp_path, "article.html", ARTICLE.encode("utf-8"))

    imported = read_file(path)

    assert PARAGRAPH_1 in imported.text
    assert PARAGRAPH_2 in imported.text
    assert_no_active_content(imported.text)
    assert "\r" not in imported.text
    assert imported.title == "Council votes on budget"  # without the site name
    assert imported.metadata is not None and imported.metadata.outlet == "Example News"
    assert imported.origin == str(path.resolve())


# Runs in a child interpreter because audit hooks cannot be removed once added.
NO_NETWORK_SCRIPT = """
import sys
from pathlib import Path

FORBIDDEN = ("socket.connect", "socket.getaddrinfo", "socket.gethostbyname", "socket.sendto",
             "urllib.Request", "subprocess.Popen", "os.system", "os.exec", "os.posix_spawn")
seen = []
sys.addaudithook(lambda event, args: seen.append(event) if event.startswith(FORBIDDEN) else None)
from annotator.io.importers import read_file
imported = read_file(Path(sys.argv[1]))
assert "Opponents said" in imported.text, imported.text
print(",".join(seen) or "none")
"""


def test_html_import_makes_no_network_calls_and_starts_no_processes(tmp_path: Path) -> None:
    remote = (
        '<link rel="stylesheet" href="http://example.invalid/s.css">'
        '<iframe src="http://example.invalid/frame"></iframe>'
        '<script src="http://example.invalid/app.js"></script><title>'
    )
    path = write(tmp_path, "remote.html", ARTICLE.replace("<title>", remote).encode())

    result = subprocess.run(
        [sys.executable, "-c", NO_NETWORK_SCRIPT, str(path)],
        capture_output=True,
        text=True,
        check=False,
        cwd=REPO_ROOT,
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "none"


def test_html_title_falls_back_to_file_stem(tmp_path: Path) -> None:
    markup = ARTICLE.replace("<title>", "<!-- ").replace("</title>", " -->")
    markup = markup.replace("<h1>Council votes on budget</h1>", "")

    assert read_file(write(tmp_path, "untitled.htm", markup.encode())).title == "untitled"


def test_table_layout_page_falls_back_to_body_text_without_scripts(tmp_path: Path) -> None:
    # trafilatura drops tables (include_tables=False) and finds nothing else here.
    markup = (
        "<html><head><title>Old page</title></head><body><table><tr>"
        "<td>Short claim.<script>alert('x')</script></td>"
        "<td><noscript>enable js</noscript><style>body{color:red}</style>"
        "Second <b>cell</b>\n  text</td></tr></table><p>Last line</p></body></html>"
    )

    imported = read_file(write(tmp_path, "layout.html", markup.encode()))

    assert imported.text == "Short claim.\nSecond cell text\nLast line"
    assert imported.title == "Old page"
    assert_no_active_content(imported.text)
    assert "enable js" not in imported.text


def test_html_with_only_script_is_rejected(tmp_path: Path) -> None:
    markup = b"<html><head><title>T</title></head><body><script>alert(1)</script></body></html>"

    message = rejected(write(tmp_path, "empty.html", markup))

    assert "empty.html" in message
    assert "no readable text" in message


def test_html_declared_legacy_charset_is_honoured(tmp_path: Path) -> None:
    markup = (
        '<html><head><meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-1">'
        "<title>Caf\xe9</title></head><body><p>\x93Quoted\x94 caf\xe9 text.</p></body></html>"
    )

    imported = read_file(write(tmp_path, "legacy.html", markup.encode("latin-1")))

    # Like browsers, a latin-1 label is read as windows-1252, so 0x93/0x94 are curly quotes.
    assert imported.text == "“Quoted” café text."
    assert imported.title == "Café"


def test_html_utf16_with_bom_is_decoded(tmp_path: Path) -> None:
    path = write(tmp_path, "wide.html", codecs.BOM_UTF16_LE + ARTICLE.encode("utf-16-le"))

    assert PARAGRAPH_2 in read_file(path).text


def test_undecodable_html_is_rejected(tmp_path: Path) -> None:
    markup = b"<html><body><p>caf\xe9 without a declared charset</p></body></html>"

    message = rejected(write(tmp_path, "latin.html", markup))

    assert "latin.html" in message
    assert "UTF-8" in message


# --- pasted text -----------------------------------------------------------------------


def test_pasted_text_keeps_content_and_uses_first_line_as_title() -> None:
    imported = from_pasted("\r\n  First line  \r\nsecond\r")

    assert imported == ImportedText(
        title="First line", text="\n  First line  \nsecond\n", origin=None
    )


def test_pasted_text_uses_a_given_title() -> None:
    assert from_pasted("body", title="  Given   title ").title == "Given title"
    assert from_pasted("body", title="   ").title == "body"


@pytest.mark.parametrize("text", ["", " \r\n\t "])
def test_empty_paste_is_rejected(text: str) -> None:
    with pytest.raises(ImportRejected, match="empty"):
        from_pasted(text)


def test_paste_with_nul_is_rejected() -> None:
    with pytest.raises(ImportRejected, match="NUL"):
        from_pasted("text\x00more")


def test_paste_size_is_counted_in_utf8_bytes() -> None:
    text = "検" * 40  # 40 characters, 120 UTF-8 bytes

    with pytest.raises(ImportRejected, match="120 bytes"):
        from_pasted(text, max_bytes=100)
    assert from_pasted(text, max_bytes=120).text == text


def test_default_paste_limit_is_stated_in_megabytes() -> None:
    with pytest.raises(ImportRejected, match="10 MB import limit"):
        from_pasted("x" * (MAX_IMPORT_BYTES + 1))


# --- hostile HTML and invisible text ------------------------------------------------------


def nested_html(depth: int) -> bytes:
    article = "<p>The minister said the bridge would open in May.</p>"
    return (f"<html><head><title>Deep page</title></head><body>{'<div>' * depth}"
            f"{article}{'</div>' * depth}</body></html>").encode()


@pytest.mark.parametrize("depth", [250, 255, 256, 300, 1000, 2000])
def test_deeply_nested_html_is_read(tmp_path: Path, depth: int) -> None:
    imported = read_file(write(tmp_path, "deep.html", nested_html(depth)))
    assert imported.text == "The minister said the bridge would open in May."
    assert imported.title == "Deep page"


@pytest.mark.parametrize("depth", [2100, 20000])
def test_html_nested_beyond_the_parser_is_refused_for_that_reason(tmp_path: Path,
                                                                  depth: int) -> None:
    message = rejected(write(tmp_path, "abyss.html", nested_html(depth)))
    assert "abyss.html" in message and "2048 deep" in message
    assert "no readable text" not in message


@pytest.mark.parametrize("data", [
    "\u200b\u200c\u200d\u2060\ufeff".encode() * 50,  # zero-width characters only
    "\u00ad\u200e\u202a\u202c\n\u3164\u2800".encode(),  # soft hyphen, bidi marks, blanks
])
def test_text_without_visible_characters_is_refused(tmp_path: Path, data: bytes) -> None:
    message = rejected(write(tmp_path, "invisible.txt", data))
    assert "invisible" in message
    with pytest.raises(ImportRejected, match="invisible"):
        from_pasted(data.decode())


@pytest.mark.parametrize("markup", [
    b"<title>Only a title</title>",
    b"<html><head><title>Only a title</title><meta charset=utf-8></head><body></body></html>",
    "<html><head><title>T</title></head><body><p>\u200b\u200d</p></body></html>".encode(),
])
def test_html_with_nothing_visible_in_its_body_is_refused(tmp_path: Path,
                                                          markup: bytes) -> None:
    assert "no readable text" in rejected(write(tmp_path, "hollow.html", markup))
