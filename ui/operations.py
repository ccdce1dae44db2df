"""One place that runs service calls (Anki's CollectionOp): errors go to ``ui.dialogs``, a
successful mutation's ``Changes`` go out on ``ctx.signals.changes_applied``.

- ``query(ctx, fn, ...)``: a quick read in a read-only unit of work, on the UI thread;
- ``perform(ctx, fn, ...)``: a quick mutation (retried while the database is busy), on the UI thread;
- ``run_in_background(ctx, fn, ...)``: long work on ``QThreadPool`` with a progress dialog and Cancel;
  ``fn`` then receives ``progress(done, total)`` and ``cancelled()`` keyword arguments;
- ``query_later(ctx, fn, ..., on_done=...)``: a slow read (a count over the whole warehouse) on a thread of its
  own, no dialog: the screen shows the rest at once and the figure when ``on_done(result)`` comes back on the
  UI thread (``wait_for_reads()`` waits for the ones still running: tests, closing).

``on_error(error) -> bool`` lets a screen show a ``ValidationError`` at its field; returning False
hands the error to the boundary.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Any, Callable

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from evidence_store.db.sqlite_copy import lower_thread_priority
from evidence_store.domain.errors import DomainError
from evidence_store.i18n import _
from evidence_store.services import context as service_context
from evidence_store.services.results import Changes

from . import dialogs
from .context import AppContext

ErrorHook = Callable[[DomainError], bool] | None


@dataclass(frozen=True)
class Result:
    ok: bool
    value: Any = None
    error: BaseException | None = None


def _fail(error: BaseException, parent: QWidget | None, on_error: ErrorHook) -> Result:
    if not (isinstance(error, DomainError) and on_error is not None and on_error(error)):
        dialogs.report(error, parent)
    # the traceback's frames hold widgets; left in a reference cycle they would be freed by the
    # garbage collector at an arbitrary moment, possibly inside Qt's event dispatch
    return Result(False, error=error.with_traceback(None))


def _announce(ctx: AppContext, value: Any) -> None:
    if isinstance(value, Changes):
        ctx.signals.changes_applied.emit(value)


def query(ctx: AppContext, fn: Callable, *args, parent: QWidget | None = None, on_error: ErrorHook = None,
          **kwargs) -> Result:
    try:
        with ctx.reader(fn) as uow:
            return Result(True, fn(uow, *args, **kwargs))
    except Exception as error:  # the boundary: reported, never swallowed
        return _fail(error, parent, on_error)


def perform(ctx: AppContext, fn: Callable, *args, parent: QWidget | None = None, on_error: ErrorHook = None,
            **kwargs) -> Result:
    try:
        value = service_context.run(ctx.db, ctx.actor, fn, *args, **kwargs)
    except Exception as error:  # the boundary: reported, never swallowed
        # a refusal that still recorded a finding (services.treasury_seals: the torn seal's incident) is announced
        _announce(ctx, getattr(error, "recorded", None))
        return _fail(error, parent, on_error)
    _announce(ctx, value)
    return Result(True, value)


class _Bridge(QObject):
    """Carries the worker's outcome back to the UI thread (queued signals)."""

    progressed = Signal(int, int)
    finished = Signal(object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)


class _Worker(QRunnable):
    def __init__(self, job: Callable[[], Any], bridge: _Bridge) -> None:
        super().__init__()
        self.job, self.bridge = job, bridge

    def run(self) -> None:
        try:
            outcome = Result(True, self.job())
        except Exception as error:  # handed to the UI thread's boundary
            outcome = Result(False, error=error)
        self.bridge.finished.emit(outcome)


_running: set["BackgroundOperation"] = set()


class BackgroundOperation:
    """Long work off the UI thread. ``job(progress, cancelled)`` runs on the pool; the outcome comes
    back on the UI thread: Changes announced, errors to the boundary (not after Cancel), then ``on_done``."""

    def __init__(self, ctx: AppContext, job: Callable[[Callable, Callable], Any], *, parent: QWidget | None,
                 label: str, on_done: Callable[[Result], None] | None) -> None:
        self.ctx, self.parent, self.on_done = ctx, parent, on_done
        self._cancel = threading.Event()
        self.bridge = _Bridge()
        self.bridge.progressed.connect(self._show_progress, Qt.ConnectionType.QueuedConnection)
        self.bridge.finished.connect(self._finish, Qt.ConnectionType.QueuedConnection)
        self.dialog = QProgressDialog(label, _("Hủy"), 0, 0, parent)
        self.dialog.setWindowTitle(_("Đang xử lý"))
        self.dialog.setWindowModality(Qt.WindowModality.WindowModal)
        self.dialog.setMinimumDuration(400)
        # Qt counts the 400 ms from the first value only: a job whose first report comes late (the demo builds its
        # structure before counting items) showed a disabled form and no progress for seconds (HANDS-ON 2)
        self.dialog.setValue(0)
        self.dialog.canceled.connect(self._cancel.set)
        self.job = lambda: job(self.bridge.progressed.emit, self._cancel.is_set)
        self.result: Result | None = None

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def start(self, pool: QThreadPool | None = None) -> "BackgroundOperation":
        _running.add(self)
        (pool or QThreadPool.globalInstance()).start(_Worker(self.job, self.bridge))
        return self

    def _show_progress(self, done: int, total: int) -> None:
        self.dialog.setMaximum(max(total, 0))
        self.dialog.setValue(min(done, total) if total else 0)

    def _finish(self, result: Result) -> None:
        _running.discard(self)
        self.result = result
        self.dialog.reset()
        self.dialog.deleteLater()
        if result.ok:
            _announce(self.ctx, result.value)
        elif not self.cancelled:
            dialogs.report(result.error, self.parent)
        if self.on_done is not None:
            self.on_done(result)


_reads: set[threading.Thread] = set()


def query_later(ctx: AppContext, fn: Callable, *args, on_done: Callable[[Result], None], parent: QObject,
                **kwargs) -> threading.Thread:
    """``query`` off the UI thread (issue #19: the home screen's ≥ 1-year count scans the held items, ~0.5 s at a
    million, and kept the window frozen at start-up). ``on_done(Result)`` runs on the UI thread, only while
    ``parent`` lives; an error goes to the boundary there, as ``query`` would report it."""
    bridge = _Bridge(parent)  # deleted with its parent: a late result is then dropped

    def finish(outcome: Result) -> None:
        bridge.deleteLater()
        if not outcome.ok:
            outcome = _fail(outcome.error, parent if isinstance(parent, QWidget) else None, None)
        on_done(outcome)

    bridge.finished.connect(finish, Qt.ConnectionType.QueuedConnection)
    db, actor = ctx.db, ctx.actor  # as they are now (a logout while it runs changes ctx, not this read)

    def work() -> None:
        lower_thread_priority()  # a busy machine gives the UI thread the CPU first (this thread ends after)
        try:
            with service_context.reader_for(db, actor, fn) as uow:
                outcome = Result(True, fn(uow, *args, **kwargs))
        except Exception as error:  # handed to the UI thread's boundary
            outcome = Result(False, error=error)
        finally:
            _reads.discard(threading.current_thread())
        try:
            bridge.finished.emit(outcome)
        except RuntimeError:  # the screen (and its bridge) is gone
            pass

    thread = threading.Thread(target=work, name="query-later", daemon=True)
    _reads.add(thread)
    thread.start()
    return thread


def wait_for_reads(timeout: float = 30.0) -> None:
    """Wait for the ``query_later`` reads still running (their results arrive with the next events processed)."""
    for thread in list(_reads):
        thread.join(timeout)


def run_job(ctx: AppContext, job: Callable[[Callable, Callable], Any], *, parent: QWidget | None = None,
            label: str = "", on_done: Callable[[Result], None] | None = None) -> BackgroundOperation:
    """Any long job (``job(progress, cancelled)``), e.g. building the demo database."""
    return BackgroundOperation(ctx, job, parent=parent, label=label or _("Đang xử lý…"), on_done=on_done).start()


def run_in_background(ctx: AppContext, fn: Callable, *args, parent: QWidget | None = None, label: str = "",
                      on_done: Callable[[Result], None] | None = None, write: bool = True,
                      **kwargs) -> BackgroundOperation:
    """A long service call ``fn(uow, *args, progress=..., cancelled=..., **kwargs)``."""
    def job(progress, cancelled):
        if write:
            return service_context.run(ctx.db, ctx.actor, fn, *args, progress=progress, cancelled=cancelled,
                                       **kwargs)
        with ctx.reader() as uow:
            return fn(uow, *args, progress=progress, cancelled=cancelled, **kwargs)
    return run_job(ctx, job, parent=parent, label=label, on_done=on_done)
