"""Text that is not UTF-8: detected, shown, and imported only with the encoding confirmed."""
# ruff: noqa: RUF001  (curly quotes are the test data)

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.io.encodings import EncodingNeeded, codec_name, detect, preview
from annotator.io.errors import ImportRejected
from annotator.io.importers import read_file

TEXT = ("The minister’s “plan” would cost €3bn — a figure nobody could confirm.\n"
        "Officials at the café near the ministry said the façade was closed.\n")


@pytest.fixture
def cp1252_file(tmp_path: Path) -> Path:
    path = tmp_path / "windows.txt"
    path.write_bytes((TEXT * 3).replace("\n", "\r\n").encode("cp1252"))
    return path


def test_cp1252_file_is_refused_with_what_was_detected(cp1252_file: Path) -> None:
    with pytest.raises(EncodingNeeded) as caught:
        read_file(cp1252_file)
    error = caught.value
    assert isinstance(error, ImportRejected)  # callers that know nothing of encodings
    assert error.guess is not None and error.guess.encoding == "cp1252"
    assert "Windows-1252" in str(error) and "--encoding cp1252" in str(error)
    assert preview(error.data, error.guess.encoding).startswith("The minister’s “plan”")


def test_cp1252_file_imports_once_the_encoding_is_confirmed(cp1252_file: Path) -> None:
    imported = read_file(cp1252_file, encoding="windows-1252")
    assert imported.text == TEXT * 3  # newlines normalised, every character right
    assert imported.title.startswith("The minister’s “plan”")


def test_a_named_encoding_that_cannot_read_the_bytes_is_an_error_not_a_guess(
        tmp_path: Path) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes("caf\u00e9".encode("cp1252") + b"\x81")  # 0x81: undefined in cp1252
    with pytest.raises(ImportRejected, match=r"not Western European \(Windows-1252\) text"):
        read_file(path, encoding="cp1252")


def test_utf8_stays_the_default_and_is_never_detected(tmp_path: Path) -> None:
    path = tmp_path / "utf8.txt"
    path.write_text(TEXT, encoding="utf-8")
    assert read_file(path).text == TEXT


def test_html_without_a_declared_charset_asks_too(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    body = "<p>" + TEXT * 4 + "</p>"
    path.write_bytes(f"<html><head><title>Caf\u00e9</title></head><body>{body}</body></html>"
                     .encode("cp1252"))
    with pytest.raises(EncodingNeeded):
        read_file(path)
    assert "façade" in read_file(path, encoding="cp1252").text


def test_detection_proposes_cyrillic_for_windows_1251() -> None:
    guess = detect("Министр заявил, что саммит пройдёт в Будапеште. ".encode("cp1251") * 4)
    assert guess is not None and guess.encoding == "cp1251"


def test_unknown_encoding_names_are_refused() -> None:
    with pytest.raises(ValueError, match="Unknown text encoding"):
        codec_name("klingon-8")
    assert codec_name("Windows-1252") == "cp1252"
