"""Nothing outside content/ is read, nothing outside the output folder is written.

A link in content/ to /etc/passwd or to a folder elsewhere, or a picture path that climbs out with
../, is a content mistake that `check` and the build both report, and nothing of it is published.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image
from sitebuild import examplia_copy, mistakes, mkdocs_build, network_site
from test_serve import Preview, preview, wait_for

from generator.pipeline.staging import write_files

__all__ = ["preview"]  # the live-preview fixture, shared with test_serve

SECRET = "machine-secret-7f3a"
LINKED = "content/passwd.txt", "content/elsewhere"


def leaky(folder: Path) -> tuple[Path, Path]:
    """The made-up network in `folder/examplia`, and beside it a folder of files that are not content."""
    config = examplia_copy(folder / "examplia")
    private = folder / "private"
    private.mkdir()
    (private / "secret.txt").write_text(SECRET, encoding="utf-8")
    Image.new("RGB", (1600, 900), (200, 40, 40)).save(private / "photo.jpg")
    return config, private


@pytest.fixture()
def linked(tmp_path: Path) -> Path:
    """Examplia with a link to /etc/passwd and a link to a private folder in its content/."""
    config, private = leaky(tmp_path)
    (config.parent / LINKED[0]).symlink_to("/etc/passwd")
    (config.parent / LINKED[1]).symlink_to(private, target_is_directory=True)
    return config


def test_links_to_a_file_or_folder_elsewhere_are_mistakes_of_check_and_build_alike(
    linked: Path, tmp_path: Path
) -> None:
    checked = network_site(linked, "check")
    found = mistakes(checked.stdout)
    assert checked.returncode == 1
    for link in LINKED:
        [line] = [line for line in found if f"{link}:1: file: expected a file or folder inside content/" in line]
        assert "outside content/" in line
    built = mkdocs_build(linked, tmp_path / "out")
    assert built.returncode == 1 and "Traceback" not in built.stderr
    assert mistakes(built.stderr) == found
    assert not (tmp_path / "out").exists()


def test_a_link_that_walks_in_circles_is_a_mistake_not_a_hang(tmp_path: Path) -> None:
    config = examplia_copy(tmp_path / "examplia")
    content = config.parent / "content"
    (content / "again").symlink_to(content, target_is_directory=True)
    (content / "self.md").symlink_to(content / "self.md")
    checked = network_site(config, "check")
    found = "\n".join(mistakes(checked.stdout))
    assert "again:1: file:" in found and "holds the link itself" in found
    assert "self.md:1: file:" in found and "leads back to itself" in found
    built = mkdocs_build(config, tmp_path / "out")
    assert built.returncode == 1 and mistakes(built.stderr) == mistakes(checked.stdout)


def test_the_preview_never_serves_a_linked_file_and_shows_the_mistake(preview: Preview) -> None:
    private = preview.folder.parent / "private"
    private.mkdir()
    (private / "secret.txt").write_text(SECRET, encoding="utf-8")
    (preview.folder / "content" / "elsewhere").symlink_to(private, target_is_directory=True)
    (preview.folder / "content" / "passwd.txt").symlink_to("/etc/passwd")
    about = preview.folder / "content" / "about.md"
    about.write_text(about.read_text(encoding="utf-8") + "\nLinked.\n", encoding="utf-8")  # a save to rebuild on
    assert wait_for(lambda: "elsewhere:1: file" in preview.page("")), preview.printed()
    assert "passwd.txt:1: file" in preview.page("")
    assert SECRET not in preview.page("elsewhere/secret.txt")
    assert "root:" not in preview.page("passwd.txt")
    assert wait_for(lambda: "Linked." in preview.page("about/")), "the rest of the preview goes on"


@pytest.mark.parametrize(
    "src", ["../../private/photo.jpg", "../private/photo.jpg", "images/../../../private/photo.jpg"]
)
def test_an_image_path_that_climbs_out_of_content_is_a_mistake_and_nothing_is_written_beside_it(
    tmp_path: Path, src: str
) -> None:
    config, private = leaky(tmp_path)
    story = config.parent / "content" / "news" / "update-1.md"
    image = f"sdgs: [10]\nimage: {{src: {src}, alt: A photo}}\n"
    story.write_text(story.read_text(encoding="utf-8").replace("sdgs: [10]\n", image), encoding="utf-8")
    checked = network_site(config, "check")
    [line] = mistakes(checked.stdout)
    assert "update-1.md:8: image.src: expected a path inside content/, like images/photo.jpg (no '..'" in line
    assert f"found '{src}'" in line
    built = mkdocs_build(config, tmp_path / "out")
    assert built.returncode == 1 and mistakes(built.stderr) == {line}
    assert sorted(p.name for p in private.iterdir()) == ["photo.jpg", "secret.txt"], "no copy was written there"


def test_a_body_picture_that_climbs_out_of_content_is_a_mistake_of_check_and_build(tmp_path: Path) -> None:
    config, private = leaky(tmp_path)
    story = config.parent / "content" / "news" / "update-1.md"
    story.write_text(story.read_text(encoding="utf-8") + "\n![A photo](../../../private/photo.jpg)\n", encoding="utf-8")
    checked = network_site(config, "check")
    [line] = mistakes(checked.stdout)
    assert "update-1.md:11: link: expected a file in content/" in line and "which is outside content/" in line
    built = mkdocs_build(config, tmp_path / "out")
    assert built.returncode == 1 and mistakes(built.stderr) == {line}
    assert sorted(p.name for p in private.iterdir()) == ["photo.jpg", "secret.txt"]


def test_the_writers_refuse_a_path_that_leaves_the_output_folder(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    for path in ("../escaped.txt", "feeds/../../escaped.txt", "/tmp/escaped.txt"):
        with pytest.raises(ValueError, match="outside the output folder"):
            write_files(out, {path: b"never written"})
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]
    assert not Path("/tmp/escaped.txt").exists()
