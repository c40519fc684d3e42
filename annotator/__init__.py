"""annotator: a desktop fact-checking annotator."""

from __future__ import annotations


def __getattr__(name: str) -> str:
    # importlib.metadata costs more than the rest of a command's start-up: read the
    # version only where it is shown.
    if name == "__version__":
        from importlib.metadata import PackageNotFoundError, version

        try:
            return version("annotator")
        except PackageNotFoundError:  # running from a checkout without installing
            return "0.0.0"
    raise AttributeError(f"module 'annotator' has no attribute {name!r}")
