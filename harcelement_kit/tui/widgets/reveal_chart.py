"""The chart drawn on reveal (« r »): one bar per option, hands + phones + cards,
scaled to the séance's participants, the right answer marked by ✔ and bold (not
by colour alone), as wide as the screen allows."""

from __future__ import annotations

from rich.text import Text

from harcelement_kit.tally.numbers import plural, round_percent
from harcelement_kit.tui.widgets.hanging import hanging

__all__ = ["reveal_chart", "answer_sources"]

BAR, EMPTY = "█", "░"


def answer_sources(hands: dict[int, int], phones: dict[int, int], cards: dict[int, int]) -> str:
    """« 12 mains + 5 téléphones + 3 cartes »: where the answers came from (those present)."""
    parts = [plural(sum(hands.values()), "main", "mains")]
    if sum(phones.values()):
        parts.append(plural(sum(phones.values()), "téléphone", "téléphones"))
    if sum(cards.values()):
        parts.append(plural(sum(cards.values()), "carte", "cartes"))
    return " + ".join(parts)


def reveal_chart(
    options: list[str],
    correct: list[int],
    hands: dict[int, int],
    phones: dict[int, int],
    cards: dict[int, int],
    participants: int,
    width: int,
    tall: bool = False,
    console=None,
) -> Text:
    """Label line then bar line per option; `tall` draws each bar two rows high, with a blank
    row between options (a large screen). Bars are shares of the participants: 71 % and
    82 % differ on the wall as they do in figures."""
    totals = [hands.get(i, 0) + phones.get(i, 0) + cards.get(i, 0) for i in range(len(options))]
    answered = sum(totals)
    scale = max(participants, answered, 1)  # participants; more answers (a multi-answer QCM) widen it
    text = Text()
    width = max(width, 20)
    labels = [f" {n} · {round_percent(n, scale)} %" for n in totals]
    room = max(width - max(map(len, labels)) - 3, 5)  # one scale for every bar
    for i, (option, n) in enumerate(zip(options, totals)):
        right = i in correct
        mark = "✔ " if right else "  "
        # « (bonne réponse) » in one piece: at 80 columns « (bonne » and « réponse) » were on two
        # lines; a long answer's next rows under its text, not under its number (walked at 60×20)
        line = f"{mark}{i + 1}. {option}" + ("  (bonne\u00a0réponse)" if right else "")
        if console is not None:
            line = hanging(console, line, len(f"{mark}{i + 1}. "), width)
        text.append(line + "\n", style="bold" if right else "")
        label = labels[i]
        filled = round(room * n / scale)
        colour = "bold green" if right else "cyan"
        for row in range(2 if tall else 1):
            text.append("   ")
            text.append(BAR * filled, style=colour)
            text.append(EMPTY * (room - filled), style="grey30")
            text.append(label if row == 0 else "", style="bold" if right else "")
            text.append("\n")
        if tall:
            text.append("\n")
    text.append(
        f"{plural(answered, 'réponse', 'réponses')} sur {plural(participants, 'participant', 'participants')}"
        f" ({answer_sources(hands, phones, cards)}) · barres : part des participants",
        style="dim",
    )
    return text
