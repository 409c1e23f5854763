"""A module of a séance open to phones: the session, its server, and the store that
receives each question's totals when it closes. The UI and `direct` both use it."""

from __future__ import annotations

import asyncio

from harcelement_kit.content.questions import live_questions
from harcelement_kit.live.server import DEFAULT_PORT, LiveServer
from harcelement_kit.live.session import MAX_DEVICES, LiveSession
from harcelement_kit.tally.pending import PendingWrites
from harcelement_kit.tally.store import Store

__all__ = ["LiveRoom", "moment_questions"]


def moment_questions(module, moment: str, leave_out_paired: bool = False) -> list:
    """The phone questions of `module` asked at `moment` (issue 17), as on the answer sheets:
    avant, the paired items; après, the paired and the retrospective ones; rétrospectif, those
    alone; no moment, every question, less the paired items when `leave_out_paired` (they were
    asked « avant » and come back at the end, not in the middle)."""
    flags = {
        a.id: (bool(getattr(a, "avant_apres", False)), bool(getattr(a, "retrospectif", False)))
        for a in module.activites
    }

    def wanted(question) -> bool:
        paired, retro = flags.get(question.activity, (False, False))
        if not moment:
            return not (leave_out_paired and paired)
        return {"avant": paired, "apres": paired or retro, "retrospectif": retro}[moment]

    return [q for q in live_questions(module) if wanted(q)]


class _RoomSession(LiveSession):
    """A session whose phones are at most the séance's participants, read when a phone
    joins: raising the participants during the séance lets a latecomer in."""

    participants = staticmethod(lambda: MAX_DEVICES)

    @property
    def max_devices(self) -> int:
        return max(1, min(MAX_DEVICES, self.participants()))

    @max_devices.setter
    def max_devices(self, value) -> None:  # set by LiveSession.__init__: the store decides
        pass


class LiveRoom:
    def __init__(
        self,
        store,
        seance_id: str,
        module,
        resources: list,
        host: str = "127.0.0.1",
        port: int = DEFAULT_PORT,
        writes: PendingWrites | None = None,
        questions: list | None = None,
        moment: str = "",
    ):
        """`writes`: the UI's one queue of writes (hands and phones in one order); `direct`
        has its own. `questions`, `moment`: `direct --moment` asks only that moment's
        questions (moment_questions), counted under it."""
        self.store, self.seance_id, self.module = store, seance_id, module
        # One phone per participant at most: with one answer per phone and per question, a
        # question's answers can never exceed the séance's participants (the store's bound).
        self.session = _RoomSession(live_questions(module) if questions is None else questions, record=self._record)
        self.session.participants = lambda: store.get(seance_id).participants
        self.recorder = writes if writes is not None else PendingWrites(store)
        self._own_writes = writes is None  # the UI's queue is flushed by the UI, not here
        self.moment = moment  # avant / apres while Animer asks its paired items (issue 17)
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

    def use_module(self, module, resources: list) -> None:
        """The next module of the same séance, on the same page: phones stay joined."""
        self.module = module
        self.session.use_questions(live_questions(module))
        self.server.title, self.server.resources = module.titre, list(resources)

    def _record(self, question, tally: list[int]) -> None:
        # Now if the store is free; else kept in memory and retried off the event loop.
        self.recorder.submit(
            Store.add_counts,
            self.seance_id,
            self.module.id,
            question.activity,
            question.item,
            list(tally),
            sensitive=question.sensitive,
            moment=self.moment_of(question),
            label=f"question {question.item + 1} de {question.activity}",
        )

    def moment_of(self, question) -> str:
        """The moment a question's answers are counted under (issue 17): the Animer's
        questionnaire sets `moment`; a retrospective item is always « retrospectif »."""
        activity = next((a for a in self.module.activites if a.id == question.activity), None)
        if getattr(activity, "retrospectif", False):
            return "retrospectif"
        return self.moment if getattr(activity, "avant_apres", False) else ""

    def new_moment(self, moment: str) -> None:
        """A questionnaire begins or ends: its questions may be answered again by every phone,
        and their totals start from zero (the other moment's are in the store)."""
        self.moment = moment
        for index, question in enumerate(self.questions):
            activity = next((a for a in self.module.activites if a.id == question.activity), None)
            if getattr(activity, "avant_apres", False):
                self.session.totals.pop(index, None)
                self.session._answered.pop(index, None)

    async def start(self) -> None:
        await self.server.start()

    async def stop(self) -> None:
        await self.server.stop()
        if self._own_writes and self.recorder.waiting:  # the store is busy: wait without freezing the loop
            await asyncio.to_thread(self.recorder.flush)
