"""Answer sheets and answer cards read from scans, photos and the camera (OpenCV)."""
