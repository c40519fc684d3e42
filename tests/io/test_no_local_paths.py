"""No export carries a local path of the editor's machine: an article's origin is its web
address or its file's base name. Every format's bytes are searched for the test's
temporary directory (where the library and the imported files live)."""

from __future__ import annotations

import sqlite3
import zipfile
from pathlib import Path

import lxml.html
import pytest

from annotator.io.export import export_library
from annotator.io.formats import ExportFormat
from annotator.store import Store
from annotator.store.export_rows import public_origin
from tests.io.export_support import Library

WINDOWS_PATH = "C:\\Users\\jane.doe\\Documents\\Leaked draft.txt"


@pytest.fixture
def private(store: Store, library: Library, tmp_path: Path) -> Path:
    """Articles imported from files in the user's folders, one with a claim."""
    home = tmp_path / "home" / "jane.doe"
    home.mkdir(parents=True)
    article = home / "Private notes.txt"
    article.write_text("The mayor said the bridge cost 3 million.\n", encoding="utf-8")
    imported = store.import_document("Private notes", article.read_text(encoding="utf-8"),
                                     str(article)).document
    store.create_claim(imported.id, 4, 9)
    store.import_document("Windows draft", "A draft from another machine.\n", WINDOWS_PATH)
    return article


@pytest.mark.parametrize("fmt", list(ExportFormat))
def test_no_export_holds_a_local_path(store: Store, library: Library, private: Path,
                                      tmp_path: Path, fmt: ExportFormat) -> None:
    out = tmp_path / f"export{fmt.suffix}"
    export_library(store, fmt, out)
    data = out.read_bytes()
    if fmt is ExportFormat.XLSX:  # a zip archive: search its members' XML
        with zipfile.ZipFile(out) as archive:
            data = b"".join(archive.read(name) for name in archive.namelist())
        assert b"Private notes" in data
    for leak in (str(tmp_path), "jane.doe", "/tmp/original.txt"):
        for encoded in (leak.encode(), leak.replace("/", "\\/").encode(),
                        leak.encode("utf-16-le")):
            assert encoded not in data, (fmt, leak)
    if fmt is ExportFormat.REVIEW:
        with sqlite3.connect(out) as connection:
            origins = {row[0] for row in connection.execute("SELECT origin FROM documents")}
        assert {"Private notes.txt", "Leaked draft.txt", "original.txt",
                "https://news.example/emoji"} <= origins
    elif fmt is ExportFormat.HTML:
        tree = lxml.html.document_fromstring(data)
        metas = " ".join(p.text_content() for p in tree.xpath('//p[@class="meta"]'))
        assert "from Private notes.txt." in metas and "from Leaked draft.txt." in metas
        assert "from https://news.example/emoji." in metas


@pytest.mark.parametrize(("origin", "public"), [
    ("/home/jane/news/article.html", "article.html"),
    ("C:\\Users\\jane\\a b.txt", "a b.txt"),
    ("https://news.example/a/b.html", "https://news.example/a/b.html"),
    ("relative/dir/", "dir"),
    (None, None),
])
def test_public_origin(origin: str | None, public: str | None) -> None:
    assert public_origin(origin) == public
