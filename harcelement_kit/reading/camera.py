"""The camera (or a video file) read in a background thread, frame by frame, by
OpenCV's VideoCapture. Each frame goes to the card detector and is dropped: no image
is ever kept or written."""

from __future__ import annotations

import glob
import sys
import threading
import time
from pathlib import Path
from collections.abc import Callable

import cv2

from harcelement_kit.reading.cards import CardDetector, CardReading

__all__ = ["CameraError", "camera_choices", "open_source", "CardCamera"]

# OpenCV's own warnings are English lines on stderr, written over the terminal UI:
# every failure is reported here instead, in French
cv2.utils.logging.setLogLevel(cv2.utils.logging.LOG_LEVEL_SILENT)

_WIDTH, _HEIGHT = 1280, 720  # asked of a webcam: enough for a card at the back of a room
_FAILURES = 50  # a camera that gives no frame this many times in a row is gone


class CameraError(Exception):
    """A camera or a video that cannot be read, with a French message."""


def camera_choices(limit: int = 6) -> list[tuple[str, int]]:
    """(label, index) of the cameras this computer seems to have. On Linux the
    /dev/video* devices are listed without opening them (opening takes seconds)."""
    if sys.platform.startswith("linux"):
        devices = sorted(glob.glob("/dev/video[0-9]*"), key=lambda d: int(d[len("/dev/video") :]))
        return [(f"Caméra {d[len('/dev/video') :]} ({d})", int(d[len("/dev/video") :])) for d in devices]
    found = []
    for index in range(limit):
        capture = cv2.VideoCapture(index)
        if capture.isOpened():
            found.append((f"Caméra {index}", index))
        capture.release()
    return found


def open_source(spec: str | int):
    """(capture, frames per second for a file or None for a camera) from a camera
    index or a video file's path."""
    if isinstance(spec, int) or (isinstance(spec, str) and spec.isdigit()):
        index = int(spec)
        capture = cv2.VideoCapture(index)
        if not capture.isOpened():
            capture.release()
            raise CameraError(f"la caméra {index} ne s'ouvre pas (branchée ? utilisée par un autre logiciel ?)")
        capture.set(cv2.CAP_PROP_FRAME_WIDTH, _WIDTH)
        capture.set(cv2.CAP_PROP_FRAME_HEIGHT, _HEIGHT)
        return capture, None
    path = Path(spec)
    if not path.is_file():
        raise CameraError(f"le fichier vidéo « {path} » n'existe pas")
    capture = cv2.VideoCapture(str(path))
    ok = capture.isOpened() and capture.get(cv2.CAP_PROP_FRAME_COUNT) != 0
    if not ok:
        capture.release()
        raise CameraError(f"« {path} » n'est pas une vidéo lisible (formats courants : .avi, .mp4)")
    fps = capture.get(cv2.CAP_PROP_FPS)
    return capture, fps if 1 <= fps <= 240 else 25.0


class CardCamera:
    """Reads `spec` in a thread; while `wanted()` is true, the cards read in each
    frame go to `on_readings`. A video file plays at its own pace (as recorded)."""

    def __init__(
        self,
        spec: str | int,
        on_readings: Callable[[list[CardReading]], None],
        wanted: Callable[[], bool] = lambda: True,
    ):
        self.capture, self.fps = open_source(spec)
        self.is_file = self.fps is not None
        self.on_readings, self.wanted = on_readings, wanted
        self.detector = CardDetector()
        self.frames = 0
        self.ended = False  # the video is over, or the camera stopped giving frames
        self.error = ""
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True, name="cartes-camera")

    def start(self) -> CardCamera:
        self._thread.start()
        return self

    def _run(self) -> None:
        start, failures = time.monotonic(), 0
        try:
            while not self._stop.is_set():
                ok, frame = self.capture.read()
                if not ok:
                    failures += 1
                    if self.is_file or failures >= _FAILURES:
                        if not self.is_file:
                            self.error = "la caméra ne donne plus d'image"
                        break
                    time.sleep(0.05)
                    continue
                failures = 0
                self.frames += 1
                if self.wanted():
                    self.on_readings(self.detector.read(frame))
                del frame  # nothing of the image outlives its reading
                if self.is_file:  # as recorded: not faster than the video's own frame rate
                    delay = start + self.frames / self.fps - time.monotonic()
                    if delay > 0:
                        self._stop.wait(delay)
        except cv2.error as exc:
            self.error = f"lecture impossible ({exc.err})"
        finally:
            self.ended = True
            self.capture.release()

    def stop(self) -> None:
        self._stop.set()
        if self._thread.is_alive() and threading.current_thread() is not self._thread:
            self._thread.join(timeout=5)
