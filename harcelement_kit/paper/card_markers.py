"""The answer cards' code: one ArUco dictionary shared by the printed cards and the
reader, and the card number each marker id stands for. Kept apart from the reader so
that printing needs OpenCV only to draw the marker's cells."""

from __future__ import annotations

__all__ = ["MAX_CARDS", "LETTERS", "marker_cells", "dictionary"]

# 4×4 cells: the largest cells for a given printed size, so a card is read from the
# back of the room; 100 ids is more than any class (Plickers stops at 63).
MAX_CARDS = 100
LETTERS = "ABCD"  # the side held on top: A = the top as printed, then clockwise


def dictionary():
    import cv2

    return cv2.aruco.getPredefinedDictionary(cv2.aruco.DICT_4X4_100)


def marker_cells(number: int) -> list[list[bool]]:
    """The marker of card `number` (1..MAX_CARDS) as rows of cells, True for black,
    its one-cell black border included (6×6)."""
    import cv2

    if not 1 <= number <= MAX_CARDS:
        raise ValueError(f"card number {number} out of 1..{MAX_CARDS}")
    d = dictionary()
    side = d.markerSize + 2
    image = cv2.aruco.generateImageMarker(d, number - 1, side, borderBits=1)
    return [[bool(pixel < 128) for pixel in row] for row in image]
