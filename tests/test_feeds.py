"""Feeds as subscribers meet them: parsed by feedparser, every address absolute, ids that never move."""

from __future__ import annotations

import datetime as dt
import io
import json
import textwrap
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

import feedparser
import lxml.html
import pytest
from feedgen.entry import FeedEntry
from lxml import etree
from PIL import Image

from generator.content.loading import load_site
from generator.content.settings import Network, Settings
from generator.fast.build_cache import no_memo
from generator.graph.site import Site
from generator.outputs.feeds import feeds_for, render, render_all

ROOT = "https://example.org/"
T = TypeVar("T")
NOW = dt.datetime(2024, 6, 1, 12, 0, tzinfo=dt.UTC)
ATOM = "{http://www.w3.org/2005/Atom}"

FILES = {
    "twgs/ctip.md": """
        title: Counter-Trafficking Working Group
        short_name: CTIP-TWG
        summary: Works against trafficking in persons.
        status: active
        members: [iom]
        """,
    "twgs/return.md": """
        title: Return Working Group
        short_name: RR-TWG
        summary: Supports returnees.
        status: active
        """,
    "organizations/iom.md": """
        title: International Organization for Migration
        short_name: IOM
        summary: The UN Migration agency.
        kind: UN agency
        """,
    "news/dialogue.md": """
        title: National dialogue on safe migration
        summary: Partners met to discuss safe migration.
        date: 2024-03-05
        updated: 2024-03-07 10:00
        twgs: [ctip]
        organizations: {organizers: [iom]}
        sdgs: [5]
        tags: [dialogue]
        image: {src: images/photo.jpg, alt: People around a table}
        """,
    "news/launch.md": """
        title: Network launches its e-bulletin
        summary: The first issue is out.
        date: 2024-01-15
        """,
    "events/forum.md": """
        title: Forum on return
        summary: Two days on reintegration.
        start: 2024-02-20
        end: 2024-02-21
        location: {venue: City Hall, city: Dhaka, country: Bangladesh}
        organizers: [iom]
        twgs: [ctip]
        """,
    "news/secret.md": """
        title: Draft that must stay hidden
        summary: Not ready.
        date: 2024-02-01
        draft: true
        twgs: [ctip]
        """,
    "news/tomorrow.md": """
        title: Scheduled for later
        summary: Not yet.
        date: 2024-12-01
        """,
}
BODIES = {
    "news/dialogue.md": "See the [forum](../events/forum.md#agenda) and the [IOM page](../organizations/iom.md).\n",
    "news/launch.md": "The first issue.\n",
    "events/forum.md": "Two days of discussion.\n",
}


def write_content(root: Path, files: dict[str, str] | None = None, bodies: dict[str, str] | None = None) -> Path:
    """A content/ folder with the given files (front matter without fences) and a picture."""
    content = root / "content"
    for rel, front in (files or FILES).items():
        path = content / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        body = {**BODIES, **(bodies or {})}.get(rel, "Body.\n")
        path.write_text(f"---\n{textwrap.dedent(front).strip()}\n---\n{body}", encoding="utf-8")
    (content / "images").mkdir(exist_ok=True)
    # A real JPEG (a build reads every picture it shows), padded after its end to 2,000 bytes, which readers ignore.
    picture = io.BytesIO()
    Image.new("RGB", (8, 8)).save(picture, format="JPEG")
    (content / "images" / "photo.jpg").write_bytes(picture.getvalue().ljust(2000, b"\0"))
    return content


def settings(**changes: Any) -> Settings:
    values: dict[str, Any] = {
        "network": Network(
            name="Test Network on Migration", short_name="TNM", email="network@example.org", founded=dt.date(2019, 7, 1)
        ),
        "site_url": ROOT,
        "now": NOW,
    }
    values.update(changes)
    return Settings(**values)


@pytest.fixture()
def site(tmp_path: Path) -> Site:
    return load_site(write_content(tmp_path), settings())


@pytest.fixture()
def files(site: Site) -> dict[str, bytes]:
    return render_all(site, {})


def xml_feeds(files: dict[str, bytes]) -> dict[str, bytes]:
    return {path: data for path, data in files.items() if path.endswith(".xml")}


def test_every_feed_parses_cleanly_with_entries_newest_first(files: dict[str, bytes]) -> None:
    for path, data in xml_feeds(files).items():
        parsed = feedparser.parse(data)
        assert parsed.bozo == 0, (path, parsed.get("bozo_exception"))
    site_feed = feedparser.parse(files["feed.xml"])
    assert [e.title for e in site_feed.entries] == [
        "National dialogue on safe migration",
        "Forum on return",
        "Network launches its e-bulletin",
    ]
    assert [e.title for e in feedparser.parse(files["news/atom.xml"]).entries] == [
        "National dialogue on safe migration",
        "Network launches its e-bulletin",
    ]


def test_an_items_entry_is_made_once_for_every_feed_it_is_in_when_no_feed_is_kept(
    site: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    made: list[str] = []
    atom_entry = FeedEntry.atom_entry

    def counted(entry: FeedEntry, extensions: bool = True) -> Any:
        made.append(entry.id())
        return atom_entry(entry, extensions)

    monkeypatch.setattr(FeedEntry, "atom_entry", counted)
    files = render_all(site, {}, no_memo)  # a build cache that finds no feed
    atom_feeds = [feedparser.parse(data) for path, data in files.items() if path.endswith("atom.xml")]
    entries = [entry.id for feed in atom_feeds for entry in feed.entries]
    assert len(entries) > len(set(entries)), "items are in several feeds"
    assert sorted(made) == sorted(set(entries))


def test_every_xml_feed_is_well_formed(files: dict[str, bytes]) -> None:
    for data in xml_feeds(files).values():
        assert etree.fromstring(data) is not None


def test_each_feed_is_the_same_rendered_among_all_the_others_as_rendered_alone(
    site: Site, files: dict[str, bytes]
) -> None:
    # An item's entry elements are made once for every feed it is in (and copied into each): a feed must not lose an
    # entry, or carry another format's, for being rendered after others that share its items.
    feeds = feeds_for(site)
    assert max(sum(item in feed.items for feed in feeds) for item in site.items) > 3, "items are in several feeds"
    for feed in feeds:
        assert render(feed, site, {}) == {path: files[path] for path in (feed.rss_path, feed.atom_path, feed.json_path)}


def test_there_is_a_feed_for_the_site_each_kind_each_twg_organization_and_tag_and_each_sdg_with_items(
    site: Site,
) -> None:
    bases = {feed.base for feed in feeds_for(site)}
    organizations = {org.url for org in site.organizations}
    assert organizations, "the test network has organizations"
    assert bases == {"", "news/", "events/", "practices/", "bulletins/", "twgs/ctip/", "twgs/return/", "sdgs/5/",
                     "tags/dialogue/", *organizations}
    paths = set(render_all(site, {}))
    for base in bases:
        assert {f"{base}feed.xml", f"{base}atom.xml", f"{base}feed.json"} <= paths


def test_an_organizations_and_a_tags_feed_carry_only_what_their_page_lists(files: dict[str, bytes]) -> None:
    organization = [e.title for e in feedparser.parse(files["organizations/iom/feed.xml"]).entries]
    assert organization == ["National dialogue on safe migration", "Forum on return"]
    tag = [e.title for e in feedparser.parse(files["tags/dialogue/atom.xml"]).entries]
    assert tag == ["National dialogue on safe migration"]


def test_a_gcm_objective_with_items_has_its_feed_and_one_without_none(tmp_path: Path) -> None:
    tagged = {**FILES, "news/launch.md": FILES["news/launch.md"] + "gcm_objectives: [19]\n"}
    bases = {feed.base for feed in feeds_for(load_site(write_content(tmp_path, tagged), settings()))}
    assert "gcm/19/" in bases
    assert not any(base.startswith("gcm/") and base != "gcm/19/" for base in bases)


def test_each_twg_feed_carries_only_that_groups_activity(files: dict[str, bytes]) -> None:
    titles = [e.title for e in feedparser.parse(files["twgs/ctip/feed.xml"]).entries]
    assert titles == ["National dialogue on safe migration", "Forum on return"]
    assert feedparser.parse(files["twgs/return/atom.xml"]).entries == []


def test_every_address_in_every_feed_is_absolute(files: dict[str, bytes]) -> None:
    for path, data in files.items():
        addresses: list[str] = []
        contents: list[str] = []
        if path.endswith(".json"):
            document = json.loads(data)
            addresses += [document["home_page_url"], document["feed_url"]]
            for item in document["items"]:
                addresses += [item["url"], *(a["url"] for a in item.get("attachments", []))]
                contents.append(item["content_html"])
        else:
            root = etree.fromstring(data)
            addresses += [v for el in root.iter() for k, v in el.attrib.items() if k in ("href", "url", "src")]
            addresses += [el.text or "" for el in root.iter("link")]
            contents += [el.text or "" for el in root.iter(f"{ATOM}content")]
            contents += [el.text or "" for el in root.iter("{http://purl.org/rss/1.0/modules/content/}encoded")]
        for html in filter(None, contents):
            fragment = lxml.html.fragment_fromstring(html, create_parent="div")
            addresses += [v for el in fragment.iter() for k, v in el.attrib.items() if k in ("href", "src")]
        assert addresses, path
        for address in addresses:
            assert address.startswith("https://"), (path, address)


def test_each_feed_names_its_own_address_as_self(files: dict[str, bytes]) -> None:
    for path, data in xml_feeds(files).items():
        parsed = feedparser.parse(data)
        selves = [link.href for link in parsed.feed.links if link.rel == "self"]
        assert selves == [ROOT + path]
    for path, data in files.items():
        if path.endswith(".json"):
            assert json.loads(data)["feed_url"] == ROOT + path


def test_the_channel_links_to_the_listing_it_follows(files: dict[str, bytes]) -> None:
    assert feedparser.parse(files["news/feed.xml"]).feed.link == ROOT + "news/"
    assert feedparser.parse(files["twgs/ctip/atom.xml"]).feed.link == ROOT + "twgs/ctip/"


def test_entry_ids_survive_a_new_title_and_date(tmp_path: Path) -> None:
    before = render_all(load_site(write_content(tmp_path / "a"), settings()), {})
    edited = dict(FILES)
    edited["news/dialogue.md"] = (
        FILES["news/dialogue.md"].replace("National dialogue", "Renamed dialogue").replace("2024-03-05", "2024-03-06")
    )
    after = render_all(load_site(write_content(tmp_path / "b", edited), settings()), {})
    old = {e.title: e.id for e in feedparser.parse(before["atom.xml"]).entries}
    new = {e.title: e.id for e in feedparser.parse(after["atom.xml"]).entries}
    assert new["Renamed dialogue on safe migration"] == old["National dialogue on safe migration"]
    assert sorted(old.values()) == sorted(new.values())
    rss_ids = {e.id for e in feedparser.parse(after["feed.xml"]).entries}
    json_ids = {item["id"] for item in json.loads(after["feed.json"])["items"]}
    assert rss_ids == json_ids == set(new.values())


class _EntriesKept:
    """A build cache that keeps feed entries from one build to the next, and no feed (each is written again)."""

    def __init__(self) -> None:
        self.values: dict[tuple[str, ...], Any] = {}
        self.made: list[str] = []  # the items whose entries were made, not found

    def __call__(self, name: str, parts: Sequence[str], make: Callable[[], dict[str, bytes]]) -> dict[str, bytes]:
        return make()

    def value(self, name: str, parts: Sequence[str], make: Callable[[], T]) -> T:
        key = (name, *parts)
        if key not in self.values:
            self.made.append(parts[0].split(":")[0])
            self.values[key] = make()
        return self.values[key]  # type: ignore[no-any-return]


def test_after_one_body_is_edited_only_its_entry_is_made_again_and_every_feed_is_as_made_from_nothing(
        tmp_path: Path) -> None:
    kept = _EntriesKept()
    render_all(load_site(write_content(tmp_path / "a"), settings()), {}, kept)
    kept.made.clear()
    edited = load_site(write_content(tmp_path / "b", bodies={"news/launch.md": "The first issue, corrected.\n"}),
                       settings())
    assert render_all(edited, {}, kept) == render_all(edited, {})
    assert kept.made == ["news/launch"]


def atom_entries(data: bytes) -> dict[str, bytes]:
    """Each Atom entry's markup, by its id."""
    return {e.findtext(f"{ATOM}id"): etree.tostring(e) for e in etree.fromstring(data).iter(f"{ATOM}entry")}


def test_editing_one_item_changes_only_its_entry_and_the_feeds_it_is_in(tmp_path: Path) -> None:
    before = render_all(load_site(write_content(tmp_path / "a"), settings()), {})
    edited = dict(FILES)
    edited["news/launch.md"] = FILES["news/launch.md"] + "updated: 2024-04-02 09:00\n"
    corrected = {"news/launch.md": "The first issue, now with a correction.\n"}
    after = render_all(load_site(write_content(tmp_path / "b", edited, corrected), settings()), {})
    changed = {path for path in before if before[path] != after[path]}
    holding = {path for path, data in before.items() if b"Network launches its e-bulletin" in data}
    assert changed == holding and changed
    for path in (p for p in changed if p.endswith("atom.xml")):
        old, new = atom_entries(before[path]), atom_entries(after[path])
        assert old.keys() == new.keys()
        differing = [entry_id for entry_id in old if old[entry_id] != new[entry_id]]
        assert differing == ["tag:example.org,2019:news/launch"], path
    entry = next(e for e in feedparser.parse(after["atom.xml"]).entries if e.title.startswith("Network launches"))
    # Corrected, not new: it keeps its place among older news and its first publication date.
    assert entry.published.startswith("2024-01-15")
    assert entry.updated.startswith("2024-04-02T09:00")


def test_entry_ids_are_permanent_tag_uris_not_page_addresses(files: dict[str, bytes]) -> None:
    entry = feedparser.parse(files["feed.xml"]).entries[0]
    assert entry.id.startswith("tag:example.org,2019:")
    assert entry.guidislink is False


def test_the_same_content_renders_byte_identical_feeds(tmp_path: Path) -> None:
    content = write_content(tmp_path)
    first = render_all(load_site(content, settings()), {})
    second = render_all(load_site(content, settings(now=NOW + dt.timedelta(days=30))), {})
    assert first == second


def test_feed_updated_is_its_newest_entrys_update(files: dict[str, bytes]) -> None:
    atom = feedparser.parse(files["atom.xml"])
    newest = max(dt.datetime.fromisoformat(e.updated) for e in atom.entries)
    assert (
        dt.datetime.fromisoformat(atom.feed.updated)
        == newest
        == dt.datetime(2024, 3, 7, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=6)))
    )
    rss = feedparser.parse(files["feed.xml"])
    assert rss.feed.updated_parsed == atom.feed.updated_parsed


def test_times_carry_the_site_offset(files: dict[str, bytes]) -> None:
    rss_entry = feedparser.parse(files["news/feed.xml"]).entries[0]
    assert rss_entry.published.endswith("+0600")
    atom_entry = feedparser.parse(files["news/atom.xml"]).entries[0]
    assert atom_entry.published == "2024-03-05T00:00:00+06:00"
    assert atom_entry.updated == "2024-03-07T10:00:00+06:00"


def test_json_feed_is_version_1_1_with_complete_items(files: dict[str, bytes]) -> None:
    document = json.loads(files["feed.json"].decode("utf-8"))
    assert document["version"] == "https://jsonfeed.org/version/1.1"
    assert document["home_page_url"] == ROOT
    assert document["items"][0]["title"] == "National dialogue on safe migration"
    for item in document["items"]:
        assert item["id"] and item["url"].startswith(ROOT) and item["content_html"]
        published = dt.datetime.fromisoformat(item["date_published"])
        assert published.utcoffset() == dt.timedelta(hours=6)


def test_a_draft_or_scheduled_item_never_appears(files: dict[str, bytes]) -> None:
    for path, data in files.items():
        text = data.decode("utf-8")
        assert "Draft that must stay hidden" not in text, path
        assert "Scheduled for later" not in text, path


def test_the_picture_is_an_enclosure_with_type_and_size(files: dict[str, bytes]) -> None:
    for path in ("news/feed.xml", "news/atom.xml"):
        entry = feedparser.parse(files[path]).entries[0]
        enclosures = [dict(e) for e in entry.enclosures]
        assert enclosures == [{"href": ROOT + "images/photo.jpg", "type": "image/jpeg", "length": "2000"}], path
    item = json.loads(files["news/feed.json"])["items"][0]
    assert item["image"] == ROOT + "images/photo.jpg"
    assert item["attachments"] == [{"url": ROOT + "images/photo.jpg", "mime_type": "image/jpeg", "size_in_bytes": 2000}]


def test_categories_name_twgs_sdgs_and_tags(files: dict[str, bytes]) -> None:
    rss_entry = feedparser.parse(files["news/feed.xml"]).entries[0]
    assert [tag.term for tag in rss_entry.tags] == ["CTIP-TWG", "SDG 5: Gender Equality", "dialogue"]
    atom_entry = feedparser.parse(files["news/atom.xml"]).entries[0]
    assert [tag.label or tag.term for tag in atom_entry.tags] == ["CTIP-TWG", "SDG 5: Gender Equality", "dialogue"]


def test_organisations_are_atom_contributors_and_the_network_is_the_author(files: dict[str, bytes]) -> None:
    atom_entry = feedparser.parse(files["news/atom.xml"]).entries[0]
    assert [c.name for c in atom_entry.contributors] == ["International Organization for Migration"]
    assert atom_entry.author_detail.name == "Test Network on Migration"
    rss_entry = feedparser.parse(files["news/feed.xml"]).entries[0]
    assert rss_entry.author == "network@example.org (Test Network on Migration)"


def test_content_is_the_full_body_and_the_summary_is_the_description(files: dict[str, bytes]) -> None:
    rss_entry = feedparser.parse(files["events/feed.xml"]).entries[0]
    assert rss_entry.summary == "Two days on reintegration."
    content = rss_entry.content[0].value
    assert "Two days of discussion." in content
    assert "20–21 February 2024" in content and "City Hall, Dhaka, Bangladesh" in content


def test_links_to_content_files_point_at_their_pages(files: dict[str, bytes]) -> None:
    content = feedparser.parse(files["news/atom.xml"]).entries[0].content[0].value
    links = [a.get("href") for a in lxml.html.fragment_fromstring(content, create_parent="div").iter("a")]
    assert ROOT + "events/forum/#agenda" in links
    assert ROOT + "organizations/iom/" in links


def test_bodies_rendered_by_mkdocs_keep_their_html_with_addresses_made_absolute(site: Site) -> None:
    body = (
        '<h2 id="why">Why<a class="headerlink" href="#why" title="Permanent link">&para;</a></h2>\n'
        '<p>See <a href="../../events/forum/">the forum</a>, <a href="#why">above</a> and '
        '<a href="mailto:x@example.org">mail</a>.</p>\n'
        '<p><img alt="" src="../../images/photo.jpg" srcset="../../images/photo.jpg 1x, ../../images/big.jpg 2x"></p>\n'
        '<svg viewBox="0 0 24 24"><path d="M0 0"/></svg>'
    )
    news = next(feed for feed in feeds_for(site) if feed.base == "news/")
    data = render(news, site, {"news/dialogue": body})
    content = json.loads(data["news/feed.json"])["items"][0]["content_html"]
    assert f'<a href="{ROOT}events/forum/">the forum</a>' in content
    assert f'<a href="{ROOT}news/dialogue/#why">above</a>' in content
    assert 'href="mailto:x@example.org"' in content
    assert f'srcset="{ROOT}images/photo.jpg 1x, {ROOT}images/big.jpg 2x"' in content
    assert '<svg viewBox="0 0 24 24"><path d="M0 0"></path></svg>' in content
    assert "headerlink" not in content


def test_front_matter_is_escaped_wherever_it_lands(tmp_path: Path) -> None:
    tricky = dict(FILES)
    tricky["news/launch.md"] = """
        title: "Fish & chips <script>alert(1)</script>"
        summary: "Less < more & \\"quotes\\""
        date: 2024-01-15
        """
    files = render_all(load_site(write_content(tmp_path, tricky), settings()), {})
    for path in ("news/feed.xml", "news/atom.xml"):
        entry = feedparser.parse(files[path]).entries[-1]
        assert entry.title == "Fish & chips <script>alert(1)</script>"
        assert etree.fromstring(files[path]) is not None
    item = json.loads(files["news/feed.json"])["items"][-1]
    assert item["title"] == "Fish & chips <script>alert(1)</script>"


def test_the_feed_keeps_only_the_newest_items_up_to_the_limit(tmp_path: Path) -> None:
    site = load_site(write_content(tmp_path), settings(feed_limit=2))
    files = render_all(site, {})
    assert [e.title for e in feedparser.parse(files["feed.xml"]).entries] == [
        "National dialogue on safe migration",
        "Forum on return",
    ]


def test_feeds_without_a_site_address_say_what_to_set(tmp_path: Path) -> None:
    site = load_site(write_content(tmp_path), settings(site_url=""))
    with pytest.raises(ValueError, match="site_url"):
        render_all(site, {})


def test_a_site_below_a_path_keeps_it_in_addresses_and_ids(tmp_path: Path) -> None:
    site = load_site(write_content(tmp_path), settings(site_url="https://example.org/tnm/"))
    entry = feedparser.parse(render_all(site, {})["news/atom.xml"]).entries[0]
    assert entry.link == "https://example.org/tnm/news/dialogue/"
    assert entry.id == "tag:example.org,2019:tnm/news/dialogue"


def test_a_bulletin_entry_carries_its_number_and_links_to_what_it_carries(tmp_path: Path) -> None:
    with_bulletin = dict(FILES)
    with_bulletin["bulletins/march-2024.md"] = """
        title: March highlights
        summary: The network's month.
        number: 3
        date: 2024-03
        items: [news/dialogue, events/forum]
        """
    files = render_all(load_site(write_content(tmp_path, with_bulletin), settings()), {})
    entry = feedparser.parse(files["bulletins/atom.xml"]).entries[0]
    assert entry.title == "E-Bulletin #3: March highlights"
    fragment = lxml.html.fragment_fromstring(entry.content[0].value, create_parent="div")
    carried = [(a.text_content(), a.get("href")) for a in fragment.iter("a")]
    assert carried == [
        ("National dialogue on safe migration", ROOT + "news/dialogue/"),
        ("Forum on return", ROOT + "events/forum/"),
    ]
