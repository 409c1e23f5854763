"""Counting the class's answers to one question: the options, the number of hands
keyed in for each, and the answer once revealed."""

from __future__ import annotations

from rich.text import Text
from textual.message import Message
from textual.widget import Widget

from harcelement_kit.tally.numbers import plural
from harcelement_kit.tui.widgets.hanging import hanging

__all__ = ["VoteCounter"]


class VoteCounter(Widget, can_focus=True):
    """Options with their counts. ↑/↓ choose an option, digits type its count
    (saved at each key), ⌫ corrects. Counts of sensitive activities are not taken.
    The store's bounds (tally/bounds.py), checked before a count is written: no option
    gets more answers (hands, phones and cards) than the séance has participants (`most`);
    for a question with one answer per pupil (`single`), all options together neither."""

    DEFAULT_CLASSES = "vote"

    class CountChanged(Message):
        """A count was keyed in: the screen writes it to the store at once."""

        def __init__(self, option: int, count: int | None):
            super().__init__()
            self.option, self.count = option, count

    def __init__(
        self,
        options: list[str],
        correct: list[int],
        counts: dict[int, int],
        counting: bool = True,
        phones: dict[int, int] | None = None,
        most: int = 9999,
        single: bool = False,
        **kwargs,
    ):
        super().__init__(**kwargs)
        self.options, self.correct, self.counting, self.most = options, correct, counting, most
        self.single = single
        self.counts: dict[int, int] = dict(counts)  # hands keyed in
        self.phones: dict[int, int] = dict(phones or {})  # answers from phones, shown beside
        self.cards: dict[int, int] = {}  # answers from cards, recorded (set by the screen)
        self.cursor = 0
        self.revealed = False

    def render(self) -> Text:
        if self.revealed and self.counting:  # the chart of the answers, hands + phones + cards
            from harcelement_kit.tui.widgets.reveal_chart import reveal_chart

            participants = self.most if self.most < 9999 else 0
            return reveal_chart(
                self.options,
                self.correct,
                self.counts,
                self.phones,
                getattr(self, "cards", {}),
                participants,
                self.size.width or 60,
                tall=self.app.size.height >= 40,
                console=self.app.console,
            )
        text = Text()
        for i, option in enumerate(self.options):
            right = self.revealed and i in self.correct
            marker = "✔ " if right else ("▶ " if i == self.cursor and self.counting else "  ")
            style = "bold reverse" if i == self.cursor and self.counting and self.has_focus else ""
            if right:
                style = "bold black on green"
            line = f"{marker}{i + 1}. {option}"
            if self.counting:
                count = self.counts.get(i)
                line += f"   [{plural(count, 'main', 'mains') if count is not None else '  mains'}"
                line += f" + {self.phones[i]} tél.]" if self.phones.get(i) else "]"
            text.append(self._hanging(line, len(f"{marker}{i + 1}. ")) + "\n", style=style)
            if self.app.size.height >= 40 and i + 1 < len(self.options):
                text.append("\n")  # a large screen: options apart, easier to point at
        if self.counting:
            text.append("\n↑↓ choisir · chiffres : nombre de mains · ⌫ corriger", style="dim")
        return text

    def _hanging(self, line: str, indent: int) -> str:
        """The option wrapped under its own text (hanging indent): a long answer's next line,
        « [15 mains] » included, starts under the answer, not under its number (walked at 60×20)."""
        return hanging(self.app.console, line, indent, self.content_region.width)

    def on_resize(self) -> None:
        self.refresh(layout=True)  # the hanging indent is made for the width

    def _move(self, step: int) -> None:
        self.cursor = (self.cursor + step) % len(self.options)
        self.refresh()

    def on_key(self, event) -> None:
        """Arrows, ⌫ and digits, in the order they were typed. (As bindings, the
        arrows ran after the digits typed in the same burst, as on a slow laptop:
        « 1 9 ↓ 7 » gave 197 hands to the first option.)"""
        if event.key in ("up", "down"):
            event.stop()
            self._move(-1 if event.key == "up" else 1)
        elif event.key == "backspace":
            event.stop()
            self._erase()
        elif self.counting and event.character and event.character.isdigit():
            event.stop()
            value = int(f"{self.counts.get(self.cursor, 0)}{event.character}")
            machine = self.phones.get(self.cursor, 0) + self.cards.get(self.cursor, 0)
            if value + machine > self.most:  # a key pressed twice: say it, keep the count as it was
                self._refuse(
                    f"Au plus {self.most} mains : la séance compte {self.most} participants (⌫ pour corriger).",
                    severity="warning",
                )
                return
            others = self._others()
            if self.single and value + others > self.most:  # one answer per pupil, all options together
                self._refuse(
                    f"Au plus {self.most} réponses en tout : la séance compte {self.most} "
                    f"participants et {others} réponses sont déjà comptées sur cette question "
                    "(⌫ pour corriger).",
                    severity="warning",
                )
                return
            self._set(value)

    def _others(self) -> int:
        """Answers counted on this question outside the hands of the current option."""
        hands = sum(n for option, n in self.counts.items() if option != self.cursor)
        return hands + sum(self.phones.values()) + sum(self.cards.values())

    def _erase(self) -> None:
        if not self.counting or self.cursor not in self.counts:
            return
        text = str(self.counts[self.cursor])[:-1]
        self._set(int(text) if text else None)

    def _set(self, value: int | None) -> None:
        if value is None:
            self.counts.pop(self.cursor, None)
        else:
            self.counts[self.cursor] = value
        self.post_message(self.CountChanged(self.cursor, value))
        self.refresh()

    def show_phones(self, phones: dict[int, int]) -> None:
        self.phones = dict(phones)
        self.refresh()

    def reveal(self) -> None:
        self.revealed = True
        self.refresh(layout=True)  # the chart is taller than the options: its height is measured again

    def show_answers(self, phones: dict[int, int], cards: dict[int, int]) -> None:
        """The answers not keyed in by hand, each source apart, for the chart on reveal."""
        self.phones, self.cards = dict(phones), dict(cards)
        self.refresh(layout=True)

    def _refuse(self, message: str, **kwargs) -> None:
        """A refused key: one toast in place of those shown (a burst of refused digits gave
        seven toasts stacked over the question)."""
        self.app.clear_notifications()
        self.notify(message, **kwargs)
