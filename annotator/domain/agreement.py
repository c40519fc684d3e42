"""Agreement between the editor's and the reviewer's verdicts: counts, confusion table, κ.

Cohen's kappa as annotation tools such as INCEpTION report it for two raters over the
same items: κ = (p_o - p_e) / (1 - p_e), where p_o is the share of items both gave the same
verdict and p_e the agreement expected by chance from each rater's own verdict shares.
κ is undefined (None) when chance agreement is already certain (both raters always gave
one and the same verdict), and there is nothing to say without any pair.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from annotator.domain.verdict import Verdict

CATEGORIES: tuple[Verdict, ...] = (Verdict.UNCHECKED, Verdict.VERIFIED, Verdict.DISPUTED)


@dataclass(frozen=True, slots=True)
class Agreement:
    """How two raters' verdicts compare over the claims both gave one for."""

    table: dict[tuple[Verdict, Verdict], int]  # (editor, reviewer) -> claims
    pairs: int
    agreed: int
    kappa: float | None

    @property
    def observed(self) -> float | None:
        return self.agreed / self.pairs if self.pairs else None

    def count(self, editor: Verdict, reviewer: Verdict) -> int:
        return self.table.get((editor, reviewer), 0)

    def summary(self) -> str:
        """One sentence for an import summary."""
        if not self.pairs:
            return "no reviewer verdicts to compare"
        kappa = "undefined" if self.kappa is None else f"{self.kappa:.2f}"
        return (f"editor and reviewer agree on {self.agreed} of {self.pairs} verdicts "
                f"({100 * self.agreed / self.pairs:.0f}%, Cohen's κ = {kappa})")

    def as_dict(self) -> dict[str, object]:
        return {
            "pairs": self.pairs,
            "agreed": self.agreed,
            "observed_agreement": self.observed,
            "cohen_kappa": self.kappa,
            "categories": [c.value for c in CATEGORIES],
            "confusion": {e.value: {r.value: self.count(e, r) for r in CATEGORIES}
                          for e in CATEGORIES},
        }

    def table_text(self) -> str:
        """The confusion table as aligned text: editor's verdicts down, reviewer's across."""
        width = max(len(c.value) for c in CATEGORIES) + 2
        lines = ["editor \\ reviewer".ljust(18) + "".join(c.value.rjust(width)
                                                     for c in CATEGORIES)]
        for editor in CATEGORIES:
            lines.append(editor.value.ljust(18) + "".join(
                str(self.count(editor, reviewer)).rjust(width) for reviewer in CATEGORIES))
        return "\n".join(lines)


def agreement(pairs: Iterable[tuple[Verdict, Verdict]]) -> Agreement:
    """Counts, confusion table and Cohen's κ of (editor verdict, reviewer verdict) pairs."""
    table: Counter[tuple[Verdict, Verdict]] = Counter(
        (Verdict(editor), Verdict(reviewer)) for editor, reviewer in pairs)
    total = sum(table.values())
    agreed = sum(n for (editor, reviewer), n in table.items() if editor == reviewer)
    if not total:
        return Agreement({}, 0, 0, None)
    editor_share = Counter[Verdict]()
    reviewer_share = Counter[Verdict]()
    for (editor, reviewer), n in table.items():
        editor_share[editor] += n
        reviewer_share[reviewer] += n
    observed = agreed / total
    chance = sum(editor_share[c] * reviewer_share[c] for c in CATEGORIES) / (total * total)
    kappa = None if chance >= 1 else (observed - chance) / (1 - chance)
    return Agreement(dict(table), total, agreed, kappa)
