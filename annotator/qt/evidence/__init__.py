"""The evidence pane: passages of the library that may settle the current claim."""
