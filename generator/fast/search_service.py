"""Pagefind indexing beside the build: each page goes to a Pagefind process as soon as MkDocs renders it.

Run after the build, Pagefind reads every page back from disk while the build waits (a third
of a 1,000-item build). Fed page by page instead, it indexes on a second core while MkDocs
renders the next pages, and only writing the index is left for the end.
"""

from __future__ import annotations

import asyncio
import base64
import json
import logging
import threading
from collections import deque
from collections.abc import Coroutine
from concurrent.futures import Future
from typing import Any, TypeVar

from pagefind.index import PagefindIndex  # type: ignore[import-untyped]
from pagefind.service import PagefindService  # type: ignore[import-untyped]

from generator.outputs.search_bangla import INCLUDE_CHARACTERS, for_index

T = TypeVar("T")
log = logging.getLogger(f"mkdocs.plugins.{__name__}")
# Pages handed over but not yet indexed: enough to keep Pagefind busy, few enough to bound memory.
MAX_WAITING = 64
# Pages handed over together.
BATCH = 16


class _PromptService(PagefindService):  # type: ignore[misc]
    """Pagefind's own service client, reading each reply as it arrives.

    The packaged client sleeps a tenth of a second before reading each reply, which caps
    indexing at ten pages a second; the replies themselves come back in milliseconds.
    """

    async def _wait_for_responses(self) -> None:
        stdout = self._backend.stdout
        assert stdout is not None  # launched with a pipe
        while True:
            # Each reply is answered in a call of its own: a local of this loop would hold the last one, the whole
            # index as sent, for as long as the task waits, which after the index is taken is to the end of the
            # process (a 10,000-item build's 39 parts held 175 MB of replies, as read and as decoded, to the end).
            self._answer((await _next_message(stdout)).strip())

    def _answer(self, chunk: bytes) -> None:
        """The reply in `chunk` to the request waiting for it."""
        if not chunk:
            return  # an empty message between separators carries nothing to answer
        try:
            reply = json.loads(base64.b64decode(chunk))
        except ValueError:
            # Not a reply (a stray line on Pagefind's output): noted, not fatal to the build.
            log.info("Pagefind wrote something that is not a reply: %r", chunk[:200])
            return
        if reply is None:
            return
        payload = reply["payload"]
        waiting = self._responses.pop(reply.get("message_id"), None)
        if waiting is None:
            # A message Pagefind could not read at all comes back without its id: fail them all.
            for future in self._responses.values():
                future.set_exception(RuntimeError(payload.get("message", "Pagefind refused a page")))
            self._responses.clear()
        elif waiting.done():
            return  # a page no longer waited for: the index is being abandoned
        elif payload["type"] == "Error":
            waiting.set_exception(RuntimeError(payload["message"]))
        else:
            waiting.set_result(payload)

    async def stop(self) -> None:
        """End Pagefind now, abandoning any page still being indexed (the packaged close waits for them)."""
        for waiting in self._responses.values():
            waiting.cancel()
        self._responses.clear()
        self._poll_task.cancel()
        self._backend.terminate()
        await self._backend.wait()


async def _next_message(stdout: asyncio.StreamReader) -> bytes:
    """One message from Pagefind, without its "," separator, however long it is.

    The whole index comes back as one message, longer than the stream's line limit at a
    few thousand pages, so an overlong message is read in parts.
    """
    parts = []
    while True:
        try:
            parts.append(await stdout.readuntil(b","))
        except asyncio.LimitOverrunError as overlong:
            parts.append(await stdout.readexactly(overlong.consumed))
            continue
        return b"".join(parts)[:-1]


class StreamingIndex:
    """A Pagefind index that pages are added to while the site is being rendered."""

    def __init__(self) -> None:
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name="pagefind", daemon=True)
        self._thread.start()
        self._waiting: deque[Future[Any]] = deque()
        self._batch: list[tuple[str, str]] = []
        self._closing = threading.Lock()  # the build may stop it while a thread waits for its files
        self._service: _PromptService | None = None
        self._index: PagefindIndex = self._run(self._open())

    async def _open(self) -> PagefindIndex:
        self._service = service = _PromptService()
        await service.launch()
        return await service.create_index({"include_characters": INCLUDE_CHARACTERS})

    def _run(self, work: Coroutine[Any, Any, T]) -> T:
        return asyncio.run_coroutine_threadsafe(work, self._loop).result()

    def add(self, html: str, url: str) -> None:
        """Hand one rendered page to Pagefind; `url` is its address from the site root ("/news/x/")."""
        self._batch.append((for_index(html), url))
        if len(self._batch) >= BATCH:
            self._send()

    def _send(self) -> None:
        # One wake-up of Pagefind's thread per batch: each would make the build wait for the interpreter.
        batch, self._batch = self._batch, []
        self._waiting.append(asyncio.run_coroutine_threadsafe(self._add_all(batch), self._loop))
        while len(self._waiting) > MAX_WAITING // BATCH:
            self._finished(self._waiting.popleft())

    async def _add_all(self, batch: list[tuple[str, str]]) -> None:
        # Sent in order (each request is written before the next starts); Pagefind reads them in that order.
        await asyncio.gather(*(self._index.add_html_file(content=html, url=url) for html, url in batch))

    def files(self) -> dict[str, bytes]:
        """Wait for every page, then stop Pagefind and return its index: each file's path in the bundle, and bytes.

        The bundle comes back in memory rather than written by Pagefind, which answers before its
        last writes have reached the disk (the index's entry file was once read back empty).
        """
        try:
            if self._batch:
                self._send()
            while self._waiting:
                self._finished(self._waiting.popleft())
            made = self._run(self._index.get_files())
        finally:
            self.close()
        return {str(file["path"]): file["content"] for file in made}

    def close(self) -> None:
        """Stop Pagefind without writing anything (a failed build leaves no half-made index)."""
        with self._closing:
            if self._loop.is_closed():
                return
            for future in list(self._waiting):
                future.cancel()
            self._waiting.clear()
            if self._service is not None:
                self._run(self._service.stop())
            self._loop.call_soon_threadsafe(self._loop.stop)
            self._thread.join()
            self._loop.close()

    @staticmethod
    def _finished(future: Future[Any]) -> None:
        try:
            future.result()
        except RuntimeError:
            raise
        except Exception as error:  # Pagefind's client raises bare Exceptions
            raise RuntimeError(f"the search index could not be built: {error}") from None
