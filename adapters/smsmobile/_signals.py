"""The one SIGTERM helper: every command that runs until stopped (servers, the watch, bulk)
treats SIGTERM as it treats Ctrl-C, so `kill` and a service manager stop it cleanly."""

from __future__ import annotations

import contextlib
import signal
import threading
from collections.abc import Callable, Iterator
from types import FrameType

__all__ = ["on_signals", "sigterm_as_interrupt"]


@contextlib.contextmanager
def on_signals(
    action: Callable[[], None],
    signals: tuple[signal.Signals, ...] = (signal.SIGTERM,),
    *,
    off_thread: bool = False,
) -> Iterator[None]:
    """Call `action` when one of `signals` arrives, inside the block; the previous handlers
    come back after it. Outside the main thread (where Python allows no handler) it does
    nothing, so a command run from a test's thread still works.

    `off_thread`: run `action` on a thread of its own. A handler runs in the main thread between
    two bytecodes, possibly while that thread holds a lock (an `Event.wait` in progress holds
    the event's); an action that takes the same lock (`Event.set`) would then wait forever."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def handler(signum: int, frame: FrameType | None) -> None:
        if off_thread:
            threading.Thread(target=action, name="smsmobile-signal", daemon=True).start()
        else:
            action()

    previous = {sig: signal.signal(sig, handler) for sig in signals}
    try:
        yield
    finally:
        for sig, old in previous.items():
            signal.signal(sig, old)


def _interrupt() -> None:
    raise KeyboardInterrupt


def sigterm_as_interrupt() -> contextlib.AbstractContextManager[None]:
    """SIGTERM raises KeyboardInterrupt where the main thread is, as Ctrl-C does."""
    return on_signals(_interrupt)
