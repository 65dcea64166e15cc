"""CPU seconds a cold build spends in page templates, steady on a loaded machine where wall seconds are not.

    python bench/template_cpu.py --items 1000

Runs one `mkdocs build` of the bench corpus in this process, without the build cache, and times
the main thread's `Template.render` calls with `time.thread_time` (CPU, not waiting for a core);
prints that and the process's own CPU (without Pagefind and the body workers, its children).
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import jinja2

BENCH = Path(__file__).resolve().parent
OUT = BENCH / "out"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    corpus = OUT / str(args.items)
    if not (corpus / "ours" / "mkdocs.yml").exists():
        subprocess.run([sys.executable, str(BENCH / "corpus.py"), "--items", str(args.items), "--seed",
                        str(args.seed), "--out", str(corpus)], check=True)
    shutil.rmtree(corpus / "ours" / ".cache", ignore_errors=True)
    os.environ.setdefault("SOURCE_DATE_EPOCH", "1763800000")
    spent, render = [0.0, 0], jinja2.Template.render

    def timed(template: jinja2.Template, *given: Any, **values: Any) -> str:
        # A page's template only: not the templates a plugin renders inside one, nor other threads'.
        if spent[1] or threading.current_thread() is not threading.main_thread():
            return render(template, *given, **values)
        spent[1], start = 1, time.thread_time()
        try:
            return render(template, *given, **values)
        finally:
            spent[0] += time.thread_time() - start
            spent[1] = 0

    jinja2.Template.render = timed  # type: ignore[method-assign]
    from mkdocs.__main__ import cli

    # As `mkdocs build` runs it (the plugins hear on_startup and on_shutdown), in this process.
    cli(["build", "-q", "-f", str(corpus / "ours" / "mkdocs.yml"), "-d", str(corpus / "template-cpu-site")],
        standalone_mode=False)
    own = resource.getrusage(resource.RUSAGE_SELF)
    print(f"{args.items:,} items, cold: page templates {spent[0]:.2f} s CPU; the mkdocs process "
          f"{own.ru_utime + own.ru_stime:.2f} s CPU (without its children); load "
          + ", ".join(f"{value:.2f}" for value in os.getloadavg()))


if __name__ == "__main__":
    main()
