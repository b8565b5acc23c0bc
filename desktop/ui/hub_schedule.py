"""When the app exchanges with its hub by itself: whenever the hub answers, every quarter of an
hour, with growing waits (at most half an hour) while it does not.

The work is `sync.hub_client`; here it is only started at the right moments, with a line for the
status bar. A quick unsigned question (`/health`, on a thread of its own) comes first, so an
office offline for weeks never holds up the worker. The site's keys are sealed by the
administrator's password: automatic exchange starts once someone has typed it on Đồng bộ in this
session, and the keys are kept in memory only while automatic exchange is on, until sign-out.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import threading
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal

from desktop.i18n import _, format_number
from desktop.sync.hub_link import EVERY, HubLink, hub_link, wait_after

if TYPE_CHECKING:
    from desktop.services.site_keys import SiteSecrets
    from desktop.sync.hub_client import HubExchange
    from desktop.ui.context import AppContext
    from desktop.ui.tasks import Task


class HubSchedule(QObject):
    changed = Signal()
    """The status line changed."""
    exchanged = Signal()
    """Changes went up or came down: what screens show of the sync state is out of date."""
    _answered = Signal(int, bool)
    """From the probing thread: (which session asked, whether the hub answered)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.context: AppContext | None = None
        self.link = HubLink()
        self.keys: SiteSecrets | None = None
        self.trying_with: SiteSecrets | None = None
        """The keys of the try under way (the officer's, for a try by hand with automatic off)."""
        self.failures = 0
        self.busy = False
        self.status = ""
        self.refused = False
        self.session = 0
        """Bumped at each start and stop: an answer for an earlier session is dropped."""
        self.task: Task | None = None
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.try_now)
        self._answered.connect(self._hub_answered)

    def start(self, context: AppContext) -> None:
        """Someone signed in: read where the hub is, and try it if exchanges are automatic."""
        self.stop()
        self.context = context
        context.runner.ended.connect(self._task_ended)
        self.reload_link()

    def stop(self) -> None:
        """Signed out: no more tries, and the keys are forgotten."""
        self.timer.stop()
        if self.context is not None:
            self.context.runner.ended.disconnect(self._task_ended)
        self.context, self.keys, self.failures = None, None, 0
        self.session += 1
        self._try_ended()
        self._say("")

    def reload_link(self) -> None:
        """The address or the automatic choice may have changed: start again from a fresh try."""
        if self.context is None:
            return
        self.link = hub_link(self.context.db)
        self.failures = 0
        if not self.link.automatic:
            self.keys = None
            self.timer.stop()
            self._say("")
        elif not self.busy:
            self.try_now()

    def open_keys(self, keys: SiteSecrets) -> None:
        """The keys were opened on Đồng bộ: kept for the automatic exchanges, which start now."""
        if self.link.automatic and self.keys is None:
            self.keys = keys
            if not self.busy:
                self.try_now()

    def exchange_now(self, keys: SiteSecrets) -> None:
        """The officer's "send and take in now"; the keys stay only if exchanges are automatic."""
        if self.link.automatic:
            self.keys = keys
        if not self.busy:
            self.timer.stop()
            self._try(keys)

    def try_now(self) -> None:
        if self.context is None or not self.link.url or self.busy:
            return
        if self.keys is None:
            self._say(_("Network sync waits for the administrator's password: open Sync and type it once."))
            return
        self._try(self.keys)

    def _try(self, keys: SiteSecrets) -> None:
        if self.context is None or not self.link.url:
            return
        self.busy, self.trying_with = True, keys
        self._say(_("Network sync: asking the hub…"))
        session, url, certificate = self.session, self.link.url, self.link.certificate_path

        def ask() -> None:
            from desktop.sync.hub_client import hub_answers

            answers = hub_answers(url, certificate)
            with contextlib.suppress(RuntimeError):  # the window closed while the hub was asked
                self._answered.emit(session, answers)

        threading.Thread(target=ask, name="hub-probe", daemon=True).start()

    def _hub_answered(self, session: int, answers: bool) -> None:
        context, keys, link = self.context, self.trying_with, self.link
        if session != self.session or context is None or keys is None:
            return
        if not answers:
            self._failed_try(_("the hub cannot be reached"))
            return
        from desktop.services.site import site_info
        from desktop.sync.hub_client import HubClient, exchange_with_hub, work_folder

        def work(_task: Task) -> HubExchange:
            client = HubClient(
                link.url, site_info(context.db).site_id, keys, link.certificate_path, attempts=1
            )
            return exchange_with_hub(context.db, context.username, keys, client, work_folder(context.db))

        def done(result: HubExchange) -> None:
            if session == self.session:
                self._done(result)

        def failed(error: BaseException) -> None:
            if session == self.session:
                self._failed_try(str(error))

        self.task = context.runner.submit(_("Exchanging with the hub"), work, done, failed)

    def _done(self, result: HubExchange) -> None:
        self._try_ended()
        refused = [outcome.summary() for outcome in result.received if outcome.failed]
        taken = sum(outcome.result.counts["applied"] for outcome in result.received if outcome.result)
        at = dt.datetime.now()
        self.exchanged.emit()
        if refused:
            self._failed_try(" ".join(refused))
            return
        self.failures = 0
        self._say(
            _("Network sync: {sent} changes sent, {taken} taken in at {time}.").format(
                sent=format_number(result.sent), taken=format_number(taken), time=f"{at:%H:%M}"
            )
        )
        self._next(EVERY)

    def _failed_try(self, why: str) -> None:
        self._try_ended()
        self.failures += 1
        wait = wait_after(self.failures)
        again = dt.datetime.now() + wait
        text = _("Network sync did not happen: {why}.").format(why=why.rstrip("."))
        if self.link.automatic:
            text += " " + _("Next try at {time}.").format(time=f"{again:%H:%M}")
        self._say(text, refused=True)
        self._next(wait)

    def _try_ended(self) -> None:
        """Nothing under way; the keys of a try by hand are not kept."""
        self.busy, self.task, self.trying_with = False, None, None

    def _task_ended(self, task: Task) -> None:
        """Cancelled from the status bar: the next try comes later, as after a failure."""
        if task is self.task and task.cancelled():
            self._failed_try(_("stopped"))

    def _next(self, wait: dt.timedelta) -> None:
        if self.link.automatic and self.context is not None:
            self.timer.start(int(wait.total_seconds() * 1000))

    def _say(self, text: str, refused: bool = False) -> None:
        self.status, self.refused = text, refused
        self.changed.emit()
