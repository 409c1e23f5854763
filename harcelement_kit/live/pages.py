"""The pupils' pages, as HTML built on the server: every value from the content goes
through `html.escape` (element text and quoted attributes alike), and the pages carry
no inline script or style, so the Content-Security-Policy can forbid them."""

from __future__ import annotations

from html import escape

from harcelement_kit.content.typography import no_break
from harcelement_kit.live.session import PIN_DIGITS, LiveSession
from harcelement_kit.tally.numbers import plural, round_percent

__all__ = ["join_page", "question_page", "message_page", "ANONYMOUS"]

ANONYMOUS = (
    "Tes réponses sont anonymes : ton nom n'est demandé nulle part, et seul le nombre "
    "de réponses est compté. Comme elles sont anonymes, personne ne peut être prévenu "
    "pour toi : si tu vis ou vois du harcèlement, parles-en à un adulte de confiance "
    "ou appelle le 3018."
)


def _text(text: str) -> str:
    """Element text from the content or the counts, escaped, with no-break spaces where a French
    line must not break (« 2 téléphones », « 16 (67 %) », « dire ? »), as on the projector."""
    return escape(no_break(text))


def _helplines(resources) -> str:
    """The help footer of every page, with tel:/sms: links that work offline."""
    items = []
    for r in resources:
        link = r.url if r.url.startswith(("tel:", "sms:")) else (f"tel:{r.id}" if r.id.isdigit() else "")
        text = escape(r.court)
        items.append(f'<li><a href="{escape(link)}">{text}</a></li>' if link else f"<li>{text}</li>")
    return (
        '<footer class="aide"><p>Tu vis ou tu vois du harcèlement ? Parle à un adulte de '
        f"confiance.</p><ul>{''.join(items)}</ul></footer>"
    )


def _page(title: str, body: str, resources, refresh: bool) -> str:
    # Without JavaScript the waiting pages reload themselves; with it, page.js
    # reloads only when the animateur opens or closes a question.
    noscript = '<noscript><meta http-equiv="refresh" content="4"></noscript>' if refresh else ""
    return (
        '<!DOCTYPE html>\n<html lang="fr"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(title)}</title>"
        '<link rel="stylesheet" href="/static/page.css">'
        f'<script src="/static/page.js" defer></script>{noscript}</head>'
        f"<body><header><h1>{escape(title)}</h1></header><main>{body}</main>"
        f"{_helplines(resources)}</body></html>\n"
    )


def join_page(title: str, token: str, resources, error: str = "") -> str:
    error_html = f'<p class="erreur" role="alert">{escape(error)}</p>' if error else ""
    body = (
        f"<p>{escape(ANONYMOUS)}</p>{error_html}"
        f'<form method="post" action="/j/{escape(token)}">'
        '<label for="code">Le code affiché au tableau</label>'
        f'<input id="code" name="code" inputmode="numeric" autocomplete="off" '
        f'maxlength="{PIN_DIGITS}" pattern="[0-9]{{{PIN_DIGITS}}}" required>'
        '<button type="submit">Rejoindre</button></form>'
    )
    return _page(title, body, resources, refresh=False)


def message_page(title: str, message: str, resources) -> str:
    return _page(title, f'<p class="message">{escape(message)}</p>', resources, refresh=False)


END_MESSAGE = "La séance est terminée, merci ! Tu peux fermer cette page."


def _end(hidden: bool = False) -> str:
    """The end of the séance, the same for every phone: served once the séance ends, and
    carried hidden in every waiting page for page.js to show if the laptop is gone."""
    return (
        f'<section id="fin"{" hidden" if hidden else ""}><p class="message">{escape(END_MESSAGE)}</p>'
        "<p>Si quelque chose te pèse, les numéros ci-dessous sont gratuits.</p></section>"
    )


def question_page(title: str, session: LiveSession, device: str, resources, notice: str = "") -> str:
    """What one phone sees now: waiting, the open question, or the last results."""
    notice_html = f'<p class="erreur" role="alert">{escape(notice)}</p>' if notice else ""
    version = f'<span id="version" data-version="{session.version}" hidden></span>'
    if session.ended:
        return _page(title, _end(), resources, refresh=False)
    index = session.shown
    if index is None:
        body = '<p class="message">Attends la première question : elle s\'affichera ici.</p>'
    elif session.current == index and not session.has_answered(device, index):
        body = _open_question(session, index)
    elif session.current == index:
        body = '<p class="message">Réponse enregistrée, merci. Attends que la personne qui anime ferme la question.</p>'
    elif index in session.revealed:
        body = _results(session, index)
    else:
        body = _closed(session, index)
    refresh = session.current is None or session.has_answered(device, index)
    return _page(title, version + notice_html + body + _end(hidden=True), resources, refresh=refresh)


def _closed(session: LiveSession, index: int) -> str:
    """A closed question before the projector reveals it: no answer, no explanation."""
    q = session.questions[index]
    said = (
        "Réponses fermées. Elles sont comptées pour le bilan ; elles ne sont pas affichées."
        if q.sensitive
        else "Réponses fermées. La réponse s'affiche au tableau, puis ici."
    )
    return f'<p class="rubrique">{_text(q.heading)}</p><h2>{_text(q.prompt)}</h2><p class="message">{escape(said)}</p>'


def _open_question(session: LiveSession, index: int) -> str:
    q = session.questions[index]
    buttons = "".join(
        f'<button type="submit" name="option" value="{i}">{_text(option)}</button>'
        for i, option in enumerate(q.options)
    )
    context = f'<p class="texte">{_text(q.context)}</p>' if q.context else ""
    return (
        f'<p class="rubrique">{_text(q.heading)}</p>{context}<h2>{_text(q.prompt)}</h2>'
        f'<form method="post" action="/r" class="options">'
        f'<input type="hidden" name="question" value="{index}">{buttons}</form>'
    )


def _results(session: LiveSession, index: int) -> str:
    q = session.questions[index]
    head = f'<p class="rubrique">{_text(q.heading)}</p><h2>{_text(q.prompt)}</h2>'
    if q.sensitive:
        return head + (
            '<p class="message">Question fermée. Les réponses sont comptées pour le '
            "bilan ; elles ne sont pas affichées.</p>"
        )
    totals, sources, participants = session.revealed[index]
    count = sum(totals)
    base = max(participants, count)  # the projector's bars: shares of the participants
    rows = []
    for i, option in enumerate(q.options):
        n = totals[i] if i < len(totals) else 0
        share = round_percent(n, base)
        right = ' class="bonne"' if i in q.right else ""
        mark = "✔ " if i in q.right else ""
        rows.append(f"<li{right}>{mark}{_text(f'{option} : {n} ({share} %)')}</li>")
    explanation = f'<p class="explication">{_text(q.explanation)}</p>' if q.explanation else ""
    among = f" sur {plural(participants, 'participant', 'participants')}" if participants else ""
    summary = f"Réponses de la classe : {plural(count, 'réponse', 'réponses')}{among} ({sources})."
    return (
        head + f"<p>{_text(summary)}</p>"
        f'<ul class="resultats">{"".join(rows)}</ul>{explanation}'
        '<p class="message">Attends la question suivante.</p>'
    )
