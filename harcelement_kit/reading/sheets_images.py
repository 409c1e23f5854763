"""The images of a batch of scans: PDF pages (a copier's « scan to PDF », rendered
with pypdfium2), PNG and JPEG files (phone photos), folders of them. Each image
comes as a grey-level array, or with the French reason it cannot be opened; one
bad file never stops the others."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from collections.abc import Iterator

import numpy as np

__all__ = ["PageImage", "expand_paths", "page_images", "count_pages", "IMAGE_SUFFIXES"]

IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg")
DEFAULT_DPI = 200  # a page without a scanned image in it (a PDF made by a program)
MIN_DPI, MAX_DPI = 100, 300


@dataclass
class PageImage:
    label: str  # « scan2.pdf p. 3 » or « photo.jpg »
    gray: np.ndarray | None  # uint8, None when unreadable
    error: str = ""


def expand_paths(paths: list[Path]) -> tuple[list[Path], list[PageImage]]:
    """Files to read, folders opened (sorted, not recursive), and what cannot be read."""
    files, problems = [], []
    for path in paths:
        path = Path(path)
        if path.is_dir():
            found = sorted(p for p in path.iterdir() if p.is_file() and p.suffix.lower() in IMAGE_SUFFIXES + (".pdf",))
            if not found:
                problems.append(PageImage(str(path), None, "dossier sans PDF, PNG ni JPEG"))
            files += found
        elif not path.exists():
            problems.append(PageImage(str(path), None, "fichier introuvable"))
        elif path.suffix.lower() not in IMAGE_SUFFIXES + (".pdf",):
            problems.append(PageImage(path.name, None, "format non pris en charge (PDF, PNG ou JPEG attendu)"))
        else:
            files.append(path)
    return files, problems


def _native_scale(page) -> float:
    """Render a scanned page at its own resolution (a scaled-down dithered scan hides
    the markers), within 100-300 dpi; a page of vectors at 200 dpi."""
    import pypdfium2.raw as raw

    width_in = page.get_width() / 72
    best = 0
    for obj in page.get_objects(filter=(raw.FPDF_PAGEOBJ_IMAGE,), max_depth=2):
        try:
            px_w, px_h = obj.get_px_size()
        except Exception:
            continue
        best = max(best, max(px_w, px_h) if page.get_width() > page.get_height() else px_w)
    dpi = best / width_in if best else DEFAULT_DPI
    return min(MAX_DPI, max(MIN_DPI, dpi)) / 72


def _scanned_image(page) -> np.ndarray | None:
    """A copier's page is one JPEG: decoded as it is (libjpeg, at its own resolution),
    it comes faster and sharper than a rendering. None for any other page."""
    import io

    import cv2
    import pypdfium2.raw as raw

    objects = list(page.get_objects(max_depth=1))
    if len(objects) != 1 or objects[0].type != raw.FPDF_PAGEOBJ_IMAGE:
        return None
    image = objects[0]
    try:
        if image.get_filters() != ["DCTDecode"]:
            return None
        buffer = io.BytesIO()
        image.extract(buffer)
    except Exception:  # noqa: BLE001 (any doubt: render the page instead)
        return None
    return cv2.imdecode(np.frombuffer(buffer.getvalue(), dtype=np.uint8), cv2.IMREAD_GRAYSCALE)


def count_pages(path: Path) -> int:
    """Pages a file holds (1 for an image, 0 when it cannot be opened): for progress bars."""
    if path.suffix.lower() != ".pdf":
        return 1
    import pypdfium2

    try:
        document = pypdfium2.PdfDocument(path)
    except Exception:
        return 0
    try:
        return len(document)
    finally:
        document.close()


def _pdf_pages(path: Path) -> Iterator[PageImage]:
    import pypdfium2

    try:
        document = pypdfium2.PdfDocument(path)
    except Exception as exc:  # pypdfium2 raises PdfiumError for damaged and encrypted files
        yield PageImage(path.name, None, f"PDF illisible ({exc})")
        return
    try:
        for index in range(len(document)):
            label = f"{path.name} p. {index + 1}"
            try:
                page = document[index]
                gray = _scanned_image(page)
                if gray is None:
                    bitmap = page.render(scale=_native_scale(page), grayscale=True)
                    array = np.array(bitmap.to_numpy(), copy=True)
                    gray = array if array.ndim == 2 else array[..., 0]
                page.close()
            except Exception as exc:
                yield PageImage(label, None, f"page illisible ({exc})")
                continue
            yield PageImage(label, gray)
    finally:
        document.close()


def _image(path: Path) -> PageImage:
    import cv2

    try:
        data = np.frombuffer(path.read_bytes(), dtype=np.uint8)
    except OSError as exc:
        return PageImage(path.name, None, f"fichier illisible ({exc.strerror})")
    gray = cv2.imdecode(data, cv2.IMREAD_GRAYSCALE) if data.size else None
    if gray is None:
        return PageImage(path.name, None, "image illisible (fichier abîmé ou pas une image)")
    return PageImage(path.name, gray)


def page_images(files: list[Path]) -> Iterator[PageImage]:
    """Every page of every file, in order."""
    for path in files:
        if path.suffix.lower() == ".pdf":
            yield from _pdf_pages(path)
        else:
            yield _image(path)
