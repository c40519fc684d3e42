"""Text encodings other than UTF-8: detect, describe, and never guess silently.

UTF-8 (with or without a byte-order mark) and UTF-16 with a mark are read as they are.
Anything else is refused with :class:`EncodingNeeded`, which carries what
charset-normalizer detected; the user then confirms that encoding or chooses another
(``annotator import --encoding cp1252``, or the app's encoding dialog) and the file is read
again with the encoding named. The detection only ever proposes.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass

from annotator.io.errors import ImportRejected

# Bytes the detector looks at: enough to tell, bounded for a 10 MB file.
_SAMPLE_BYTES = 256 * 1024
_PREVIEW_CHARS = 600

# Single-byte encodings decode almost anything, so the detector often finds several that
# give the very same text; of those, the one most documents are written in comes first.
PREFERRED = ("cp1252", "iso8859_15", "latin_1", "cp1250", "cp1251", "koi8_r")
_CLOSE = 0.05  # chaos (charset-normalizer's measure of garbled text) still counted as close

CHOICES: tuple[tuple[str, str], ...] = (
    ("utf_8", "UTF-8"),
    ("cp1252", "Western European (Windows-1252)"),
    ("latin_1", "Western European (ISO-8859-1)"),
    ("iso8859_15", "Western European with € (ISO-8859-15)"),
    ("mac_roman", "Western European (Mac Roman)"),
    ("cp1250", "Central European (Windows-1250)"),
    ("iso8859_2", "Central European (ISO-8859-2)"),
    ("cp1251", "Cyrillic (Windows-1251)"),
    ("koi8_r", "Cyrillic (KOI8-R)"),
    ("cp1253", "Greek (Windows-1253)"),
    ("cp1254", "Turkish (Windows-1254)"),
    ("cp1255", "Hebrew (Windows-1255)"),
    ("cp1256", "Arabic (Windows-1256)"),
    ("cp1257", "Baltic (Windows-1257)"),
    ("cp1258", "Vietnamese (Windows-1258)"),
    ("shift_jis", "Japanese (Shift JIS)"),
    ("euc_jp", "Japanese (EUC-JP)"),
    ("gb18030", "Chinese simplified (GB18030)"),
    ("big5", "Chinese traditional (Big5)"),
    ("euc_kr", "Korean (EUC-KR)"),
)
"""(Python codec name, label) offered to the user, UTF-8 first."""


def codec_name(label: str) -> str:
    """Python's canonical name for an encoding label ("windows-1252" → "cp1252")."""
    try:
        return codecs.lookup(label.strip()).name.replace("-", "_")
    except LookupError:
        raise ValueError(f"Unknown text encoding {label!r}; use a name such as utf-8, cp1252 "
                         "or latin-1.") from None


def describe(codec: str) -> str:
    name = codec_name(codec)
    for known, label in CHOICES:
        if codec_name(known) == name:
            return label
    return name


@dataclass(frozen=True, slots=True)
class EncodingGuess:
    """What the detector proposes for bytes that are not UTF-8."""

    encoding: str  # Python codec name; the proposal
    alternatives: tuple[str, ...] = ()  # other encodings that read the bytes as plausibly
    language: str = ""  # the detector's guess at the language, for the user to judge

    @property
    def label(self) -> str:
        return describe(self.encoding)


class EncodingNeeded(ImportRejected):
    """A file is not UTF-8: it can be imported once the user confirms or names an encoding."""

    def __init__(self, name: str, data: bytes, guess: EncodingGuess | None,
                 position: int) -> None:
        self.name = name
        self.data = data
        self.guess = guess
        if guess is None:
            hint = "its encoding could not be detected"
            example = "cp1252"
        else:
            hint = f"it looks like {guess.label}"
            example = guess.encoding
        super().__init__(
            f"{name} is not UTF-8 text (invalid byte at position {position}); {hint}. "
            f"Confirm the encoding to import it (command line: --encoding {example})"
        )


def detect(data: bytes) -> EncodingGuess | None:
    """The detector's proposal for ``data``, or None when no encoding reads it sensibly."""
    from charset_normalizer import from_bytes

    results = from_bytes(data[:_SAMPLE_BYTES])
    best = results.best()
    if best is None:
        return None
    # Every encoding that gives the same text as one of the nearly-as-good readings.
    close = [codec_name(name) for match in results if match.chaos <= best.chaos + _CLOSE
             for name in (match.encoding, *match.could_be_from_charset)]
    candidates = list(dict.fromkeys([codec_name(best.encoding), *close]))
    preferred = [name for name in PREFERRED if name in candidates and _reads(data, name)]
    chosen = preferred[0] if preferred else candidates[0]
    others = tuple(name for name in candidates if name != chosen and _reads(data, name))
    return EncodingGuess(chosen, others[:5], best.language or "")


def decode_as(data: bytes, encoding: str, name: str) -> str:
    """Decode with the encoding the user named; a byte it cannot read is an error, not a guess."""
    codec = codec_name(encoding)
    try:
        return data.decode(codec)
    except UnicodeDecodeError as exc:
        raise ImportRejected(
            f"{name} is not {describe(codec)} text (invalid byte at position {exc.start}); "
            "choose another encoding"
        ) from None


def preview(data: bytes, encoding: str, chars: int = _PREVIEW_CHARS) -> str:
    """The start of the text read with ``encoding``, undecodable bytes shown as �."""
    return data[: chars * 4].decode(codec_name(encoding), errors="replace")[:chars]


def _reads(data: bytes, codec: str) -> bool:
    try:
        data[:_SAMPLE_BYTES].decode(codec)
    except UnicodeDecodeError:
        return False
    return True
