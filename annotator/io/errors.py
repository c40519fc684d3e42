"""Errors of the import layer, in a module light enough for the command line to load."""


class ImportRejected(ValueError):
    """Raised with a one-line, user-facing message that names the file and says what to do."""
