"""`mkdocs serve` hears a save at once: the system's own file events, beside MkDocs' polling.

MkDocs looks at every watched file twice a second (it polls, which works on every file system),
so a save waits a quarter of a second on average, and longer while the machine is busy, before
the preview even starts to rebuild. The operating system can say at once (inotify, FSEvents,
ReadDirectoryChangesW, through watchdog, which MkDocs already uses). Its events ask for the same
rebuild MkDocs' own watcher asks for; polling stays, for file systems that send no events. When
polling then reports the save already built, the rebuild it asks for is skipped: no watched
file's status changed since the last build started.
"""

from __future__ import annotations

import hashlib
import logging
import os
import time
from collections.abc import Callable, Iterable
from typing import Any

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer

from generator.fast.file_stamps import RACY_NS, Stamp, stamp

log = logging.getLogger("mkdocs.plugins.network")
# What a save does to a file; reading one (opened, closed without writing) is no change.
CHANGES = frozenset({"created", "modified", "deleted", "moved", "closed"})
# Seconds without a change after which a save is taken as finished and the preview rebuilds.
QUIET_AFTER_A_SAVE = 0.02


class _Saves(FileSystemEventHandler):
    """Asks the server for a rebuild when a watched file changes (the file itself, when a file is watched), and
    tells `heard` at once."""

    def __init__(self, server: Any, only: str | None, heard: Callable[[], None]) -> None:
        self.server = server
        self.only = only
        self.heard = heard

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.is_directory or event.event_type not in CHANGES:
            return
        paths = {os.fsdecode(event.src_path), os.fsdecode(getattr(event, "dest_path", "") or "")}
        if self.only is not None and self.only not in paths:
            return
        self.heard()
        with self.server._rebuild_cond:  # as MkDocs' own watcher asks (mkdocs/livereload/__init__.py)
            self.server._want_rebuild = True
            self.server._rebuild_cond.notify_all()


class UnlessUnchanged:
    """The server's builder, skipped when no watched file changed since the last build started, unless `owed` says
    the last build left pages for the next to render.

    A file's status proves it unchanged unless it was written just before it was looked at (then
    a second write could leave the same status): such a file is compared by its content.

    MkDocs' server holds every request from the moment it asks for a build until the build ends,
    then tells the browsers showing the site to reload. Polling asks again, just after the build,
    for the save the build has shown: the browser reloading for that build was held while the
    files were looked at, then reloaded a second time. With `server`, requests are answered while
    the files are looked at, and a build skipped reloads no browser.
    """

    def __init__(self, builder: Callable[..., Any], paths: Iterable[str], owed: Callable[[], bool],
                 server: Any = None) -> None:
        self.builder = builder
        self.paths = sorted({os.path.abspath(path) for path in paths})
        self.owed = owed
        self.epochs = _Epochs(server)
        self.last = self._files()

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        wanted = self.epochs.as_it_is()
        now = self._files()
        if (not args and not kwargs and now is not None and self.last is not None and not self.owed()
                and self._same(now)):
            log.debug("No watched file changed since the last build started: not built again.")
            return None
        self.epochs.hold(wanted)
        self.last = now
        return self.builder(*args, **kwargs)

    def _same(self, now: dict[str, tuple[Stamp, bytes | None]]) -> bool:
        assert self.last is not None
        if now.keys() != self.last.keys():
            return False
        for path, (status, content) in now.items():
            before, before_content = self.last[path]
            if (before.identity, before.size, before.modified_ns, before.changed_ns) != (
                status.identity, status.size, status.modified_ns, status.changed_ns
            ):
                return False
            # Written just before the last look: a second write may have kept the status, not the content.
            if before_content is not None and (content or _digest(path)) != before_content:
                return False
        return True

    def _files(self) -> dict[str, tuple[Stamp, bytes | None]] | None:
        """Every watched file's status, and a digest of its content where the status alone proves nothing."""
        found: dict[str, tuple[Stamp, bytes | None]] = {}
        began = time.time_ns()
        try:
            for top in self.paths:
                names = [top] if os.path.isfile(top) else (
                    os.path.join(folder, name) for folder, _, names in os.walk(top) for name in names
                )
                for name in names:
                    status = stamp(name, began)
                    racy = status.read_ns - status.modified_ns <= RACY_NS
                    found[name] = (status, _digest(name) if racy else None)
        except OSError:  # a file went while being looked at: a change
            return None
        return found


class _Epochs:
    """Which version of the site MkDocs' server shows (mkdocs/livereload/__init__.py: a request waits while the
    version wanted is not the one visible; the browsers reload when the visible one changes)."""

    def __init__(self, server: Any) -> None:
        self.server = server if all(hasattr(server, name) for name in (
            "_epoch_cond", "_wanted_epoch", "_visible_epoch")) else None

    def as_it_is(self) -> int | None:
        """Requests are answered with the site as it is; the version the server wanted, to `hold` for again."""
        if self.server is None:
            return None
        with self.server._epoch_cond:
            wanted: int = self.server._wanted_epoch
            self.server._wanted_epoch = self.server._visible_epoch
            self.server._epoch_cond.notify_all()
        return wanted

    def hold(self, wanted: int | None) -> None:
        """Requests wait again for the version a build now makes."""
        if self.server is None or wanted is None:
            return
        with self.server._epoch_cond:
            self.server._wanted_epoch = wanted


def _digest(path: str) -> bytes:
    with open(path, "rb") as file:
        return hashlib.file_digest(file, "blake2b").digest()


def hear_saves_at_once(server: Any, paths: Iterable[str], heard: Callable[[], None] = lambda: None) -> Any | None:
    """Watch `paths` with the system's file events for MkDocs' live-reload server; the observer, or None if the
    server or the system cannot (MkDocs' polling still sees every save). `heard` is told of each save as it comes,
    before the rebuild waits for the save to finish."""
    if not hasattr(server, "_rebuild_cond") or not hasattr(server, "_want_rebuild"):
        return None
    observer = Observer()
    try:
        for path in {os.path.abspath(path) for path in paths}:
            if os.path.isdir(path):
                observer.schedule(_Saves(server, None, heard), path, recursive=True)
            elif os.path.isfile(path):
                observer.schedule(_Saves(server, path, heard), os.path.dirname(path), recursive=False)
        observer.daemon = True
        observer.start()
    except OSError as error:  # no events on this file system, or too many folders to watch
        log.info("Saves are seen by polling alone (%s).", error)
        return None
    # MkDocs waits for a tenth of a second without a change before it rebuilds, so that a save's several events
    # (written, closed, renamed into place) make one rebuild: they come within a millisecond or two of each other,
    # and the tenth was a fifth of a text edit's preview at 1,000 items.
    if hasattr(server, "build_delay"):
        server.build_delay = QUIET_AFTER_A_SAVE
    return observer


class Following:
    """A build that renders, while the preview serves, the pages the build before it left (`serve --dirty`).

    MkDocs' server holds every request for a page until the build under way ends, and starts a build when a
    save asks for one (mkdocs/livereload/__init__.py: `_wanted_epoch`, `_visible_epoch`, `_want_rebuild`).
    A build that follows another renders nothing staff wait for: requests are served meanwhile, and the
    browsers showing the site reload once it ends, to show what it rendered.
    """

    def __init__(self, server: Any, events: bool) -> None:
        self.server = server
        self.possible = all(hasattr(server, name) for name in (
            "_rebuild_cond", "_want_rebuild", "_epoch_cond", "_wanted_epoch", "_visible_epoch"))
        # Saves heard by the system's file events (`events`), counted: MkDocs' polling asks again for a build
        # for each save they already told of, which is no reason to stop.
        self.events = events
        self.saves = 0
        self._saves_before = 0
        self._epochs = _Epochs(server)

    def heard(self) -> None:
        """A save is heard (on the thread that hears them)."""
        self.saves += 1

    def begin(self) -> None:
        """A build begins: saves heard before it are in what it reads."""
        self._saves_before = self.saves

    def ask(self) -> None:
        """Ask the server for the next build, as a save does."""
        with self.server._rebuild_cond:
            self.server._want_rebuild = True
            self.server._rebuild_cond.notify_all()

    def serve_meanwhile(self) -> None:
        """Requests are served while this build renders: the site as it is is the one to show until it ends."""
        self._epochs.as_it_is()

    def reload_browsers_after(self) -> None:
        """The browsers showing the site reload once this build ends (MkDocs' server makes what is wanted visible)."""
        with self.server._epoch_cond:
            self.server._wanted_epoch = max(self.server._visible_epoch + 1, round(time.monotonic() * 1000))

    def save_waiting(self) -> bool:
        """Whether a save came since this build began: the pages not rendered yet wait for the build it asks for."""
        return self.saves != self._saves_before if self.events else bool(self.server._want_rebuild)
