"""A file that would exhaust the machine (an alias bomb, endless nesting, a pasted 20 MB log) is one content mistake.

`check` runs here with its memory capped, so a limit that stopped working fails the test instead of
eating the machine.
"""

from __future__ import annotations

import resource
import subprocess
import sys
from pathlib import Path

import pytest
from sitebuild import FIXED_EPOCH, REPO, examplia_copy, mistakes, mkdocs_build

from generator.content import limits
from generator.outputs.guide import ERRORS

# Far more than `check` needs for a small site, far less than an expanded alias bomb.
MEMORY_CAP = 1024**3
HEAD = "title: Hostile\nsummary: A file that tries to exhaust the machine.\ndate: 2024-01-10\n"


def billion_laughs() -> str:
    """Nine levels of nine aliases: a few hundred bytes that stand for 387 million values."""
    lines = ['lol0: &lol0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for level in range(1, 10):
        aliases = ", ".join([f"*lol{level - 1}"] * 9)
        lines.append(f"lol{level}: &lol{level} [{aliases}]")
    return "\n".join(lines) + "\ntags: *lol9\n"


HOSTILE = {
    "alias-bomb": (HEAD + billion_laughs(), "front matter", f"at most {limits.VALUES:,} values"),
    "deep-brackets": (HEAD + "tags: " + "[" * 5000 + "]" * 5000 + "\n", "front matter", "nested at most"),
    "deeper-brackets": (HEAD + "tags: " + "[" * 45_000 + "]" * 45_000 + "\n", "front matter", "nested at most"),
    "deep-fields": (
        HEAD + "".join("  " * level + f"level{level}:\n" for level in range(limits.NESTING_LEVELS + 5)) + "\n",
        "front matter", "nested at most",
    ),
    "alias-in-itself": (HEAD + "tags: &loop [*loop]\n", "front matter", "used outside the value it names"),
    "huge-front-matter": (
        HEAD + "tags: [" + ", ".join(["migration"] * 12_000) + "]\n",
        "front matter", f"at most {limits.FRONT_MATTER_CHARACTERS:,} characters",
    ),
}


def write_news(content: Path, name: str, front: str, body: str = "Body.\n") -> Path:
    path = content / "news" / f"{name}.md"
    path.write_text(f"---\n{front}---\n{body}", encoding="utf-8")
    return path


def capped_check(config: Path) -> subprocess.CompletedProcess[str]:
    """`network-site check` in a process that may use at most MEMORY_CAP bytes."""

    def cap() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (MEMORY_CAP, MEMORY_CAP))

    return subprocess.run(
        [sys.executable, "-m", "generator.staff.cli", "-f", str(config), "check"],
        capture_output=True, text=True, check=False, preexec_fn=cap,
        env={"SOURCE_DATE_EPOCH": FIXED_EPOCH, "PATH": "/usr/bin:/bin"},
    )


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The made-up network with one hostile file of each kind, and a 20 MB body."""
    config = examplia_copy(tmp_path_factory.mktemp("resources") / "examplia")
    content = config.parent / "content"
    for name, (front, _, _) in HOSTILE.items():
        write_news(content, name, front)
    write_news(content, "pasted-log", HEAD, "A log pasted by mistake.\n" + "x" * (20 * 1024 * 1024) + "\n")
    return config


@pytest.fixture(scope="module")
def checked(hostile_site: Path) -> subprocess.CompletedProcess[str]:
    return capped_check(hostile_site)


@pytest.mark.parametrize("name", list(HOSTILE))
def test_each_hostile_front_matter_is_one_mistake_at_its_file(checked: subprocess.CompletedProcess[str],
                                                              name: str) -> None:
    _, field, says = HOSTILE[name]
    lines = [line for line in mistakes(checked.stdout) if f"news/{name}.md:" in line]
    assert len(lines) == 1, checked.stdout + checked.stderr
    assert f": {field}: expected " in lines[0] and says in lines[0], lines[0]


def test_check_survives_them_all_within_a_gigabyte_and_says_so_in_one_line_each(
    checked: subprocess.CompletedProcess[str],
) -> None:
    assert checked.returncode == 1
    assert checked.stderr == "", checked.stderr[-2000:]
    assert f"{len(HOSTILE) + 1} mistakes in" in checked.stdout


def test_a_pasted_20_mb_body_is_a_mistake_at_the_first_line_of_the_body(
    checked: subprocess.CompletedProcess[str],
) -> None:
    [line] = [line for line in mistakes(checked.stdout) if "news/pasted-log.md:" in line]
    body_line = HEAD.count("\n") + 3
    assert f"pasted-log.md:{body_line}: body: expected at most {limits.BODY_CHARACTERS:,} characters" in line
    found = int(line.rsplit("found ", 1)[1].replace(",", ""))
    assert 20 * 1024 * 1024 < found < 20 * 1024 * 1024 + 100, "the whole body is counted"


def test_the_build_stops_on_the_same_mistakes_and_says_nothing_else(
    checked: subprocess.CompletedProcess[str], hostile_site: Path, tmp_path: Path
) -> None:
    built = mkdocs_build(hostile_site, tmp_path / "site")
    assert built.returncode == 1
    assert mistakes(built.stderr) == mistakes(checked.stdout)
    assert "Traceback" not in built.stderr
    assert not (tmp_path / "site").exists(), "nothing was published"


def test_real_front_matter_is_far_inside_every_limit() -> None:
    """Every limit is generous: the real content's largest file uses a small part of each."""
    from generator.content.loading import check
    from generator.staff.config_file import read_config

    site = read_config(REPO / "mkdocs.yml")
    loaded = check(site.content_dir, site.settings, site.types)
    assert not loaded.errors
    for record in loaded.records:
        front = record.source.path.read_text(encoding="utf-8").split("\n---", 1)[0]
        assert len(front) * 20 < limits.FRONT_MATTER_CHARACTERS, record.source.display
        assert len(record.source.front.body) * 20 < limits.BODY_CHARACTERS, record.source.display
        assert len(record.source.front.lines) * 20 < limits.VALUES, record.source.display


def test_the_guide_explains_each_limit_with_its_number() -> None:
    explained = " ".join(f"{message} {meaning}" for message, meaning in ERRORS)
    for limit in (limits.FRONT_MATTER_CHARACTERS, limits.NESTING_LEVELS, limits.VALUES, limits.BODY_CHARACTERS):
        assert f"{limit:,}" in explained, limit
