"""The build's date, from SOURCE_DATE_EPOCH as CI sets it: used where it can be read, refused in one line where not.

The engine dates the sitemap from the variable and stops with a traceback on a value it cannot read (an empty
one, from a script whose `git log` found nothing, among them); `check` read it without a word. Hypothesis tries
values as scripts and people set them: numbers of every size and sign, text, blanks, other digits.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import feedparser
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from sitebuild import examplia_copy

# Examplia's first item: a build dated after it publishes it.
EXAMPLIA_FIRST_NEWS = dt.datetime(2024, 1, 10, tzinfo=dt.UTC)
EXAMPLES = int(os.environ.get("BUILD_DATE_EXAMPLES", "8"))

epochs = st.one_of(
    st.integers(min_value=-(10**13), max_value=10**13).map(str),
    st.text(st.characters(codec="utf-8", exclude_categories=("Cs",), exclude_characters="\x00"), max_size=12),
    st.sampled_from(["", " ", "1763800000\n", "1.7e9", "0x10", "١٧٦٣٨٠٠٠٠٠", "²", "9" * 5000]),
)


def _run(*command: str, epoch: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": epoch}
    return subprocess.run([sys.executable, "-m", *command], capture_output=True, text=True, env=env, check=False)


def _published(site: Path) -> list[dt.datetime]:
    """When each entry of the site's feed was published, as a feed reader reads it."""
    feed = feedparser.parse(str(site / "feed.xml"))
    assert not feed.bozo, feed.bozo_exception
    return [dt.datetime(*entry.published_parsed[:6], tzinfo=dt.UTC) for entry in feed.entries]


@settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(epochs)
@example("")
@example("1763800000")
@example("253402300799")  # the calendar's last second: the network's time zone is past it
def test_a_build_date_is_used_by_the_build_and_check_or_refused_by_both_in_the_same_line(epoch: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        config = examplia_copy(Path(folder) / "examplia")
        site = Path(folder) / "site"
        built = _run("mkdocs", "build", "--strict", "-f", str(config), "-d", str(site), epoch=epoch)
        checked = _run("generator.staff.cli", "check", "-f", str(config), epoch=epoch)
        said = built.stdout + built.stderr + checked.stdout + checked.stderr
        assert "Traceback" not in said, said
        if built.returncode == 0:
            assert checked.returncode == 0, f"the build accepts SOURCE_DATE_EPOCH={epoch!r}, check does not: {said}"
            # The build's 'now' decides what is out yet: the feed carries nothing dated after it.
            moment = dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC)
            published = _published(site)
            assert all(day <= moment for day in published), (epoch, published)
            assert published or moment < EXAMPLIA_FIRST_NEWS
            return
        refused = [line for line in checked.stderr.splitlines() if line.startswith("SOURCE_DATE_EPOCH:")]
        assert len(refused) == 1, f"check accepts SOURCE_DATE_EPOCH={epoch!r}, the build does not: {said}"
        assert refused[0] in built.stderr, "the build and check refuse it in the same words"
        assert "expected" in refused[0] and "found" in refused[0]
        assert (repr(epoch) if epoch else "empty") in refused[0], "the line says what it found"
        assert not site.exists(), "a refused build writes nothing"
