"""A batch of scanned answer sheets for one séance: read every page (one bad image
never stops the others), skip images already counted, list the doubts, then
commit the counts in one transaction. After the commit nothing of a sheet
remains: no image, no per-sheet answer; only the counts per option, and the
images' fingerprints for as long as the séance lasts (so a file read twice
counts once)."""

from __future__ import annotations

import datetime
import hashlib
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from collections.abc import Callable

from harcelement_kit.reading.sheets import Doubt, SheetReader, SheetRead
from harcelement_kit.reading.sheets_images import count_pages, expand_paths, page_images

__all__ = ["Batch", "read_batch", "batch_counts", "commit_batch", "image_hash", "too_many_sheets"]


def image_hash(gray) -> str:
    """The fingerprint of an image's pixels (the same scan as PDF page or PNG alike)."""
    digest = hashlib.sha256(f"{gray.shape}".encode())
    digest.update(gray.tobytes())
    return digest.hexdigest()


@dataclass
class Batch:
    sheets: list[SheetRead] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)
    hashes: list[str] = field(default_factory=list)
    pages: int = 0

    @property
    def doubts(self) -> list[Doubt]:
        return [d for s in self.sheets for d in s.doubts]

    def summary(self) -> list[str]:
        """What the animateur reads after a batch, in French."""
        lines = []
        modules = sorted({_pile(s.layout) for s in self.sheets})
        lines.append(
            f"{len(self.sheets)} fiche(s) lue(s) sur {self.pages} page(s) ou image(s)"
            + (f" ({', '.join(modules)})" if modules else "")
            + "."
        )
        for d in self.duplicates:
            lines.append(f"  déjà lue, non recomptée : {d}")
        if self.problems:
            lines.append(f"{len(self.problems)} fiche(s) ou image(s) non comptée(s) :")
            lines += [f"  {p}" for p in self.problems]
        doubts = self.doubts
        if doubts:
            lines.append(f"{len(doubts)} réponse(s) douteuse(s), non devinée(s) :")
            for d in doubts:
                if d.decision is None:
                    end = " → sans réponse"
                elif d.decision:
                    end = " → " + ", ".join(d.question.boxes[o].letter for o in d.decision)
                else:
                    end = " → sans réponse (décidé)"
                lines.append(f"  {d.line}{end}")
        return lines


def read_batch(
    paths: list[Path], reader: SheetReader, known_hashes: set[str], progress: Callable[[int, int], None] | None = None
) -> Batch:
    batch = Batch()
    files, bad = expand_paths(paths)
    batch.problems += [f"{p.label} : {p.error}" for p in bad]
    total = sum(count_pages(f) for f in files)
    seen = set(known_hashes)
    for page in page_images(files):
        batch.pages += 1
        if progress:
            progress(batch.pages, max(total, batch.pages))
        if page.gray is None:
            batch.problems.append(f"{page.label} : {page.error}")
            continue
        digest = image_hash(page.gray)
        if digest in seen:
            batch.duplicates.append(page.label)
            continue
        try:
            result = reader.read(page.gray, page.label)
        except Exception as exc:  # noqa: BLE001 (one image never stops the batch)
            batch.problems.append(f"{page.label} : lecture impossible ({type(exc).__name__})")
            continue
        batch.problems += result.problems
        if result.sheets:
            seen.add(digest)
            batch.hashes.append(digest)
        for sheet in result.sheets:
            sheet.sheet = len(batch.sheets) + 1
            for d in sheet.doubts:
                d.sheet = sheet.sheet
            batch.sheets.append(sheet)
    return batch


def _pile(layout) -> str:
    """A module's name in the summary, with the moment its sheets were printed for."""
    word = {"avant": "avant", "apres": "après", "retrospectif": "rétrospectif"}.get(layout.moment)
    return f"{layout.module_id} « {word} »" if word else layout.module_id


def batch_counts(batch: Batch) -> tuple[dict, set]:
    """{module: {(activity, item, option): n}} and the sensitive (module, activity) pairs;
    an answer of a before / after sheet is keyed (activity, item, option, moment), counted
    apart under its moment. A doubt counts only as decided; undecided, it is no answer."""
    counts: dict = defaultdict(lambda: defaultdict(int))
    sensitive = set()
    for sheet in batch.sheets:
        questions = sheet.layout.questions
        module = sheet.layout.module_id
        chosen = [(questions[i], options) for i, options in sheet.answers.items()]
        chosen += [(d.question, d.decision) for d in sheet.doubts if d.decision]
        for q, options in chosen:
            for option in options:
                counts[module][(q.activity, q.item, option) + ((q.moment,) if q.moment else ())] += 1
        for q in questions:
            if q.sensitive:
                sensitive.add((module, q.activity))
    return {m: dict(c) for m, c in counts.items()}, sensitive


def commit_batch(store, seance_id: str, batch: Batch, today: datetime.date | None = None) -> int:
    """Add the batch's counts to the séance; the number of answers added. The batch's
    sheets are emptied afterwards: nothing of a sheet outlives the commit."""
    counts, sensitive = batch_counts(batch)
    day = (today or datetime.date.today()).isoformat()
    multiple = frozenset(
        (sheet.layout.module_id, q.activity)
        for sheet in batch.sheets  # several ticks allowed
        for q in sheet.layout.questions
        if q.multiple
    )
    store.add_sheet_batch(seance_id, counts, sensitive, batch.hashes, day, multiple=multiple)
    added = sum(n for c in counts.values() for n in c.values())
    for sheet in batch.sheets:
        sheet.answers.clear()
        for d in sheet.doubts:
            d.crop = d.crop[:0, :0]
    return added


def too_many_sheets(batch: Batch, participants: int) -> str:
    """A warning when one module has more sheets in this batch than the séance has
    participants (a page scanned twice, or the wrong number of participants)."""
    per_module: dict[str, int] = defaultdict(int)
    for sheet in batch.sheets:  # an « avant » pile and an « après » pile are two classes' worth
        per_module[_pile(sheet.layout)] += 1
    over = [
        f"{n} fiches {m}" if "«" in m else f"{n} fiches « {m} »"
        for m, n in sorted(per_module.items())
        if n > participants
    ]
    if not over:
        return ""
    return (
        f"Attention : {', '.join(over)} pour {participants} participants. Une page scannée deux "
        "fois, ou le nombre de participants de la séance à corriger ?"
    )
