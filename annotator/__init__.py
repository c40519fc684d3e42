"""annotator: a desktop fact-checking annotator."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("annotator")
except PackageNotFoundError:  # running from a checkout without installing
    __version__ = "0.0.0"
