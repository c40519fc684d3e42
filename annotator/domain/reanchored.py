"""What re-anchoring many claims gives back: most of them in a few arrays, the rest one by one.

After an edit, nearly every claim is *untouched*: the diff carried its words over unchanged
and the edit wrote no other copy of them, so its new place is its old place shifted by its
block's offset and its state is ``ANCHORED`` (not shifted) or ``MOVED``. A
:class:`Reanchored` keeps those as arrays (:attr:`Reanchored.carried`), with no object per
claim, and a :class:`~annotator.domain.anchor.Resolution` only for the claims that needed a
look of their own (:attr:`Reanchored.others`). The store writes the untouched claims with
set-based statements; :meth:`Reanchored.resolutions` gives the one-object-per-claim view.

numpy is imported inside the methods (start-up time is measured).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from annotator.domain.anchor import CONTEXT_LENGTH, AnchorState, Resolution
from annotator.domain.carry import carried_array
from annotator.domain.textdiff import TextMap

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt


@dataclass(frozen=True, slots=True, eq=False)
class Reanchored:
    """Where each of many anchors (by input index) went in the new version of their text."""

    starts: npt.NDArray[np.int64]
    """Each anchor's old start."""
    ends: npt.NDArray[np.int64]
    """Each anchor's old end."""
    carried: npt.NDArray[np.int64]
    """New start of each untouched anchor (its quote, unchanged, is ``new[c:c + end - start]``);
    -1 for the anchors in :attr:`others`."""
    others: Mapping[int, Resolution]
    """The result of every other anchor, by index."""
    text_map: TextMap
    """The diff of the two versions."""

    def __len__(self) -> int:
        return int(self.starts.size)

    def __getitem__(self, index: int) -> Resolution:
        other = self.others.get(index)
        if other is not None:
            return other
        start, new_start = int(self.starts[index]), int(self.carried[index])
        state = AnchorState.ANCHORED if new_start == start else AnchorState.MOVED
        return Resolution(state, new_start, new_start + int(self.ends[index]) - start, 100.0)

    def __iter__(self) -> Iterator[Resolution]:
        return iter(self.resolutions())

    def resolutions(self) -> list[Resolution]:
        """One :class:`Resolution` per anchor, in input order."""
        return [self[index] for index in range(len(self))]

    def untouched(self) -> npt.NDArray[np.intp]:
        """Indexes of the anchors kept in the arrays (not in :attr:`others`)."""
        import numpy as np

        return np.flatnonzero(self.carried >= 0)

    def states(self) -> Counter[AnchorState]:
        """How many anchors ended in each state."""
        import numpy as np

        counts = Counter(result.state for result in self.others.values())
        carried = self.carried >= 0
        moved = int(np.count_nonzero(carried & (self.carried != self.starts)))
        anchored = int(np.count_nonzero(carried)) - moved
        for state, count in ((AnchorState.ANCHORED, anchored), (AnchorState.MOVED, moved)):
            if count:
                counts[state] += count
        return counts

    def context_kept(self) -> npt.NDArray[np.bool_]:
        """For each anchor: whether it is untouched and so are the :data:`CONTEXT_LENGTH`
        code points on each side of it, so that its prefix and suffix (as
        :func:`~annotator.domain.anchor.make_anchor` cuts them) read the same in the new
        version. Near either end of the text, the context must also end where it did."""
        import numpy as np

        old_length, new_length = self.text_map.old_length, self.text_map.new_length
        lo = np.maximum(self.starts - CONTEXT_LENGTH, 0)
        hi = np.minimum(self.ends + CONTEXT_LENGTH, old_length)
        new_lo = carried_array(self.text_map, lo, hi)
        kept = (self.carried >= 0) & (new_lo >= 0)
        kept &= (self.starts >= CONTEXT_LENGTH) | (new_lo == 0)
        kept &= (self.ends + CONTEXT_LENGTH <= old_length) | (
            new_lo + hi - lo == new_length
        )
        return kept
