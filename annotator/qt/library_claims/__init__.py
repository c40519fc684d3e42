"""Fact-checking across the library: every claim with its article, searched and filtered,
and a small dashboard of counts. The window shows both in the "Across the library" dock."""

from annotator.qt.library_claims.dashboard import DashboardView
from annotator.qt.library_claims.model import LibraryClaimsModel
from annotator.qt.library_claims.panel import LibraryClaimsPanel, LibraryPane, show_beside

__all__ = [
    "DashboardView", "LibraryClaimsModel", "LibraryClaimsPanel", "LibraryPane", "show_beside",
]
