"""The schema of every review format version this Annotator reads, frozen as fingerprints.

Each entry is ``"type name"`` -> the first 16 hex digits of the SHA-256 of the object's SQL
with its whitespace collapsed (see :func:`annotator.io.review_file.schema_fingerprint`). A
review file is read only if its schema matches the fingerprints of its version exactly:
anything added, dropped or altered after the export is refused.
tests/io/test_review_formats.py checks that the exporter writes the newest entry, so a schema
change without a new format version fails there.
"""

from __future__ import annotations

_AUTOINDEX = "e3b0c44298fc1c14"  # an automatic index has no SQL

_V1 = {
    "index ix_claims_document_start": "e72c9688dae7ecf9",
    "index ix_claims_review_status": "660284e118af1215",
    "index ix_sources_claim": "08955e0b85cad230",
    "index ix_verdict_history_claim": "36b2e108fd4a642f",
    "index sqlite_autoindex_claims_1": _AUTOINDEX,
    "index sqlite_autoindex_claims_2": _AUTOINDEX,
    "index sqlite_autoindex_documents_1": _AUTOINDEX,
    "index sqlite_autoindex_export_info_1": _AUTOINDEX,
    "index sqlite_autoindex_sources_1": _AUTOINDEX,
    "table claims": "be356f18564ff55f",
    "table documents": "7b37dcf1b8a0c54f",
    "table export_info": "db66f790a5275de0",
    "table readme": "c06ef196666c391e",
    "table sources": "294d466e9644fd94",
    "table verdict_history": "e8db4e5090e244a0",
    "trigger claims_editor_fields_read_only": "a52ea33c9324f9ed",
    "trigger claims_stamp_reviewed_at": "4587de5746a83bb1",
    "view claims_for_review": "f232ee16b944a1f6",
}

# Format 2: claims gained reviewer_verdict and editor_reply, the triggers cover them,
# claims_for_review shows them (and '' for no sources), claims_brief is new.
_V2 = {
    **_V1,
    "table claims": "35f52229a5718018",
    "trigger claims_editor_fields_read_only": "bf0c11e7075356e8",
    "trigger claims_stamp_reviewed_at": "7b111c7ebe0342ab",
    "view claims_brief": "ca0fd7c9622a38f0",
    "view claims_for_review": "addc8b11f802bf5c",
}

# Format 3: claims.number is the claim's number in its article (UNIQUE with document_id, no
# longer alone), and both views list claims article by article in text order.
_V3 = {
    **_V2,
    "table claims": "afb45ce4b8819e94",
    "view claims_brief": "1512728a7d87670b",
    "view claims_for_review": "35bd1ad1c96411dc",
}

# Format 4: claims gained text_version (the version of the article's text each claim is
# anchored in, NULL for an orphaned claim), read-only like the editor's other fields.
_V4 = {
    **_V3,
    "table claims": "e160ef369c540845",
    "trigger claims_editor_fields_read_only": "600acdfdf9422b1c",
}

# Format 5: claims gained rating_label (the newsroom's finer rating, read-only like the
# editor's other fields), and claims_for_review shows it after the verdict.
_V5 = {
    **_V4,
    "table claims": "aaa44bb209573876",
    "trigger claims_editor_fields_read_only": "f7989d7bef94af81",
    "view claims_for_review": "d7c7539f71ca08ef",
}

KNOWN_SCHEMAS: dict[int, dict[str, str]] = {1: _V1, 2: _V2, 3: _V3, 4: _V4, 5: _V5}
