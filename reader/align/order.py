"""Order: the longest story two texts tell in the same order.

Owns the heaviest increasing chain of sentence pairs, which both the scorer's context
features (anchors) and the aligner (in-order links versus moves) rest on.
"""

from __future__ import annotations

import numpy as np


def heaviest_chain(pairs: list[tuple[int, int]], p: np.ndarray) -> list[tuple[int, int]]:
    """The increasing chain of pairs (in order on both sides) of largest total probability.

    `pairs` is one-to-one and sorted; a Fenwick tree of prefix maxima over the right index
    makes it O(k log k), so 2,000 links cost milliseconds.
    """
    if not pairs:
        return []
    size = max(j for _, j in pairs) + 1
    tree: list[tuple[float, int]] = [(0.0, -1)] * (size + 1)
    best: list[float] = []
    back: list[int] = []
    for k, (_, j) in enumerate(pairs):
        top, q = (0.0, -1), j  # best chain ending left of column j
        while q > 0:
            top = max(top, tree[q])
            q -= q & -q
        best.append(top[0] + float(p[pairs[k]]))
        back.append(top[1])
        q = j + 1
        while q <= size:
            tree[q] = max(tree[q], (best[k], k))
            q += q & -q
    k = max(range(len(pairs)), key=lambda x: (best[x], x))
    chain = []
    while k >= 0:
        chain.append(pairs[k])
        k = back[k]
    return chain[::-1]
