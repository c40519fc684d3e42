"""Recreate schemaorg-vocabulary.json: the classes (with their parents) and properties (with
the types they apply to and take) of schema.org, release 30.0, from the release file
``data/releases/30.0/schemaorg-current-https.jsonld`` of the schema.org repository.

Definitions and labels are left out (the tests need only the structure). The committed file
is the fixture; this script only documents how it was made. Licence: LICENCE.md beside it.
Run: python tests/io/vocabulary/make_schemaorg_vocabulary.py PATH/TO/schemaorg-current-https.jsonld
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
RELEASE = "30.0"


def _ids(value: Any) -> list[str]:
    if value is None:
        return []
    items = value if isinstance(value, list) else [value]
    return sorted(item["@id"].removeprefix("schema:") for item in items)


def main(source: Path) -> None:
    graph = json.loads(source.read_text(encoding="utf-8"))["@graph"]
    classes: dict[str, list[str]] = {}
    properties: dict[str, dict[str, list[str]]] = {}
    for node in graph:
        kinds = node["@type"] if isinstance(node["@type"], list) else [node["@type"]]
        name = node["@id"].removeprefix("schema:")
        if "rdfs:Class" in kinds:
            classes[name] = _ids(node.get("rdfs:subClassOf"))
        if "rdf:Property" in kinds:
            properties[name] = {"domain": _ids(node.get("schema:domainIncludes")),
                                "range": _ids(node.get("schema:rangeIncludes"))}
    lines = [f'{{"release": "{RELEASE}",', '"classes": {']
    lines += [f"{json.dumps(k)}: {json.dumps(v)}," for k, v in sorted(classes.items())]
    lines[-1] = lines[-1].rstrip(",")
    lines += ["},", '"properties": {']
    lines += [f"{json.dumps(k)}: {json.dumps(v)}," for k, v in sorted(properties.items())]
    lines[-1] = lines[-1].rstrip(",")
    lines += ["}}"]
    (HERE / "schemaorg-vocabulary.json").write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
