"""A module of a séance open to phones: the session, its server, and the store that
receives each question's totals when it closes. The UI and `direct` both use it."""

from __future__ import annotations

from harcelement_kit.content.questions import live_questions
from harcelement_kit.live.server import DEFAULT_PORT, LiveServer
from harcelement_kit.live.session import LiveSession

__all__ = ["LiveRoom"]


class LiveRoom:
    def __init__(self, store, seance_id: str, module, resources: list,
                 host: str = "127.0.0.1", port: int = DEFAULT_PORT):
        self.store, self.seance_id, self.module = store, seance_id, module
        self.session = LiveSession(live_questions(module), record=self._record)
        self.server = LiveServer(self.session, module.titre, resources, host, port)

    @property
    def questions(self):
        return self.session.questions

    def index_of(self, activity_id: str, item: int) -> int | None:
        """The phone question asked by a step of the class animation, if there is one."""
        for index, question in enumerate(self.questions):
            if (question.activity, question.item) == (activity_id, item):
                return index
        return None

    def _record(self, question, tally: list[int]) -> None:
        self.store.add_counts(self.seance_id, self.module.id, question.activity, question.item,
                              tally, sensitive=question.sensitive)

    async def start(self) -> None:
        await self.server.start()

    async def stop(self) -> None:
        await self.server.stop()
