"""The Textual app: the workshop on the projector and pupil by pupil (uses content and tally)."""

__all__ = ["make_app"]


def make_app(*args, **kwargs):
    from harcelement_kit.tui.app import make_app as _make_app

    return _make_app(*args, **kwargs)
