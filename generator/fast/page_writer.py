"""Finished pages written to disk on a thread of their own, while the build makes the next ones.

Writing a page is a folder made and a file written: calls to the system that let go of the interpreter, and on this
machine's disk about 0.45 ms a page, 4.5 s of a 10,000-item build's own thread after one edit. Written on a thread
of their own, they overlap the work of the pages after them.
"""

from __future__ import annotations

import os
import queue
import threading

from generator.fast.kept_files import KeptFiles

# Characters of pages waiting to be written, at most (64 pages of 37 KB): a disk slower than the build holds the
# build back rather than every page in memory. A page linked to its kept copy weighs nothing: a warm build's pages
# never wait for the writer, which needs the interpreter between its calls to the system and has it only when the
# build's own thread lets go (it held a warm 10,000-item build's thread back for a second, 64 pages at a time).
WAITING = 64 * 37_000


class PageWriter:
    """`write` each finished page; `finish` once every page is given, which raises the first failed write.

    Pages are written as MkDocs writes them (utils.write_file): UTF-8, characters UTF-8 cannot hold (a lone
    surrogate) as character references, the page's folders made first.
    """

    def __init__(self, files: KeptFiles | None = None) -> None:
        self._files = files or KeptFiles(None)  # a warm build's pages are links to the copies the build before made
        # (where, the page's output, the key it is kept under, the name of the copy its file is linked to)
        self._waiting: queue.Queue[tuple[str, str, bytes | None, str | None] | None] = queue.Queue()
        self._waiting_size = 0  # the characters of the pages in `_waiting`, their outputs linked instead not counted
        self._room = threading.Condition()
        self.names: dict[bytes, str] = {}  # the key a page's output is kept under → the name of its file's copy
        self.not_linked: list[tuple[str, bytes]] = []  # pages whose copy was gone: where, the key of their output
        self._thread: threading.Thread | None = None
        self._error: Exception | None = None
        self._folders: set[str] = set()  # made by this writer: not asked of the disk again

    def write(self, path: str, output: str, kept_as: bytes | None = None, linked: str | None = None) -> None:
        """Write `output` at `path`, soon; a write that failed before is raised now, so the build stops early.

        `kept_as`: the key `output` is kept under in the build cache, to note the name of its file's copy under;
        `linked`: the name of the copy the file is linked to instead (`output` is not the page): where that cannot be,
        the page is in `not_linked` once the writer is finished, for the build to write it.
        """
        if self._error is not None:
            raise self._error
        if self._thread is None:
            # Started at the first page, after the build's last fork: a thread does not cross one.
            self._thread = threading.Thread(target=self._writing, name="page-writer", daemon=True)
            self._thread.start()
        size = len(output) if linked is None else 0
        with self._room:
            while self._waiting_size > 0 and self._waiting_size + size > WAITING:
                self._room.wait()
            self._waiting_size += size
        self._waiting.put((path, output, kept_as, linked))

    def finish(self) -> None:
        """Every page is written: the first write that failed is raised here."""
        self.stop()
        if self._error is not None:
            raise self._error

    def stop(self) -> None:
        """Write the pages given so far and stop the thread (a failed build's, too)."""
        thread, self._thread = self._thread, None
        if thread is not None:
            self._waiting.put(None)
            thread.join()

    def _writing(self) -> None:
        while (page := self._waiting.get()) is not None:
            with self._room:
                self._waiting_size -= len(page[1]) if page[3] is None else 0
                self._room.notify()
            if self._error is None:
                # A full or read-only disk (the build says so in one line), or any other failure, is raised on the
                # build's thread; the queue is still emptied, so that the build never waits on a full queue for a
                # thread that has ended.
                try:
                    self._write(*page)
                except Exception as error:
                    self._error = error

    def _write(self, path: str, output: str, kept_as: bytes | None, linked: str | None) -> None:
        folder = os.path.dirname(path)
        if folder not in self._folders:
            os.makedirs(folder, exist_ok=True)
            self._folders.add(folder)
        if linked is not None:
            if not self._files.link(path, linked):
                assert kept_as is not None
                self.not_linked.append((path, kept_as))
            return
        name = self._files.write(path, output.encode("utf-8", errors="xmlcharrefreplace"))
        if name is not None and kept_as is not None:
            self.names[kept_as] = name
