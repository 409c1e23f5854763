"""Widgets shared by the screens: helplines footer, activity views, count entry, bars."""

__all__ = ["helplines", "activities", "vote", "bars"]
