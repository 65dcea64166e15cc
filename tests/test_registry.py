"""A network adds a content type by declaring it once (a schema and a template) and gets everything else.

The made-up network Examplia declares "publications" in a module beside its mkdocs.yml and writes
one template; with no other edit it gets item pages, a listing, feeds, a search filter, the TWG
page listing them, `network-site new` and `network-site check`. It also declares "trainings" that
say what they do differently (their feed facts, calendar entries, search filter, colour, structured
data) and the "campaigns" they belong to (a group with its calendar, feed category and files), and
the site treats them as it treats events and TWGs. A declaration that forgets its template or names
a type that does not exist stops before anything is read, with one clear line.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import feedparser
import pytest
from bs4 import BeautifulSoup
from icalendar import Calendar
from sitebuild import EXAMPLIA, REPO, front_matter, mkdocs_build, site_settings

from generator.content.loading import check
from generator.content.registry import ContentType, DeclarationError, Registry, describe
from generator.content.types import BUILT_IN

DECLARATION = '''
"""Publications of the network: reports and briefs, with their file."""

from typing import Annotated

from pydantic import Field

from generator.graph.site import Item
from generator.content.registry import ContentType
from generator.content.schemas import Common, Day, Ids, LocalFile, Ref


class PublicationSchema(Common):
    """A report or brief the network published."""

    date: Day = Field(description="when it was published")
    twgs: Annotated[Ids, Ref("{target}")] = Field((), description="ids of the Technical Working Groups behind it")
    file: LocalFile = Field(description="the publication's file inside content/, like files/report.pdf")


TYPE = ContentType(
    folder="publications",
    singular="publication",
    label="Publication",
    plural="Publications",
    schema=PublicationSchema,
    item=Item,
)
'''

TEMPLATE = """{% extends "main.html" %}
{% block item %}
<article class="nw-item">
  <h1>{{ item.title | e }}</h1>
  <p>{{ item.summary | e }}</p>
  <p><a href="{{ item.data.file | url }}">Download the publication</a></p>
  {% for twg in item.twgs %}<p class="twg">{{ twg.short_name | e }}</p>{% endfor %}
</article>
{% endblock %}
"""

PUBLICATION = """---
title: Returnees' voices 2024
summary: What two hundred returnees told the network about coming home.
date: 2024-03-10
twgs: [return]
file: files/returnees-voices-2024.pdf
---

The full report is attached.
"""


def declare(network: Path, target: str = "twgs", template: bool = True) -> None:
    """What a network writes to add publications: a module, a line in mkdocs.yml and (unless forgotten) a template."""
    (network / "publications.py").write_text(DECLARATION.replace("{target}", target), encoding="utf-8")
    config = network / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace(
            "per_page: 2\n", "per_page: 2\n      content_types: [publications]\n", 1
        ),
        encoding="utf-8",
    )
    if template:
        (network / "templates" / "items" / "publications.html").write_text(TEMPLATE, encoding="utf-8")
    own_words(network, {"publications": ("প্রকাশনা", "প্রকাশনা")})


def own_words(network: Path, labels: dict[str, tuple[str, str]]) -> None:
    """The Bangla words of the network's own types, in its words/bn.yml: a published language says every label."""
    (network / "words").mkdir(exist_ok=True)
    lines = [f"  {folder}: {{label: {label}, plural: {plural}}}" for folder, (label, plural) in labels.items()]
    with (network / "words" / "bn.yml").open("a", encoding="utf-8") as words:
        words.write("types:\n" + "\n".join(lines) + "\n")


@pytest.fixture()
def network(tmp_path: Path) -> Path:
    """Examplia with its own copy of the templates, as a fork would have."""
    folder = tmp_path / "examplia"
    shutil.copytree(EXAMPLIA, folder)
    shutil.copytree(REPO / "templates", folder / "templates")
    config = folder / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("../../../templates", "templates"), encoding="utf-8")
    files = folder / "content" / "files"
    files.mkdir()
    (files / "returnees-voices-2024.pdf").write_bytes(b"%PDF-1.4\n%%EOF\n")
    publications = folder / "content" / "publications"
    publications.mkdir()
    (publications / "returnees-voices-2024.md").write_text(PUBLICATION, encoding="utf-8")
    return folder


def network_site(network: Path, *arguments: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "generator.staff.cli", *arguments], cwd=network, capture_output=True, text=True,
        check=False,
        env={"PYTHONPATH": str(REPO), "NO_MKDOCS_2_WARNING": "1", "PATH": "/usr/bin:/bin"},
    )


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def test_a_declared_type_gets_its_pages_listing_feeds_search_filter_and_twg_with_no_other_edit(
    network: Path, tmp_path: Path
) -> None:
    declare(network)
    out = tmp_path / "out"
    result = mkdocs_build(network / "mkdocs.yml", out)
    assert result.returncode == 0, result.stderr

    page = soup(out / "publications" / "returnees-voices-2024" / "index.html")
    assert page.h1 is not None and page.h1.get_text() == "Returnees' voices 2024"
    twg_name = front_matter(network / "content" / "twgs" / "return.md")["short_name"]
    assert [p.get_text() for p in page.select("p.twg")] == [twg_name]
    download = page.find("a", string="Download the publication")
    assert download is not None
    assert (out / "publications" / "returnees-voices-2024" / download["href"]).resolve().is_file()

    listing = soup(out / "publications" / "index.html")
    assert "Returnees' voices 2024" in listing.get_text()
    feed = feedparser.parse((out / "publications" / "feed.xml").read_bytes())
    assert [entry.title for entry in feed.entries] == ["Returnees' voices 2024"]
    assert "Returnees' voices 2024" in [e.title for e in feedparser.parse((out / "feed.xml").read_bytes()).entries]

    search = soup(out / "search" / "index.html")
    assert "Publication" in {box["value"] for box in search.select("input[name=type]")}
    twg = soup(out / "twgs" / "return" / "index.html")
    assert "Returnees' voices 2024" in twg.get_text(), "the TWG it names lists it"
    archive = soup(out / "archive" / "2024" / "index.html")
    assert "Returnees' voices 2024" in archive.get_text()
    guide = soup(out / "guide" / "index.html")
    assert guide.find("h2", id="publications") is not None, "the staff guide documents the new type"


def test_check_and_new_know_a_declared_type(network: Path) -> None:
    declare(network)
    bad = network / "content" / "publications" / "returnees-voices-2024.md"
    bad.write_text(PUBLICATION.replace("twgs: [return]", "twgs: [retrun]"), encoding="utf-8")
    result = network_site(network, "check")
    assert result.returncode == 1
    assert "publications/returnees-voices-2024.md:5: twgs (the first TWG):" in result.stdout
    assert "did you mean 'return'" in result.stdout

    bad.write_text(PUBLICATION, encoding="utf-8")
    created = network_site(network, "new", "publication", "Labour migration brief", "--date", "2024-06-01")
    assert created.returncode == 0, created.stderr
    path = network / "content" / "publications" / "labour-migration-brief.md"
    text = path.read_text(encoding="utf-8")
    assert "file:" in text and "date: 2024-06-01" in text
    assert network_site(network, "check").returncode == 1, "a new file is unfinished until its placeholders are filled"
    path.write_text(re.sub(r"TODO[^\"\n]*", "files/returnees-voices-2024.pdf", text), encoding="utf-8")
    result = network_site(network, "check")
    assert result.returncode == 0, result.stdout


def test_a_type_without_its_template_stops_the_build_and_check_before_anything_is_read(
    network: Path, tmp_path: Path
) -> None:
    declare(network, template=False)
    out = tmp_path / "out"
    result = mkdocs_build(network / "mkdocs.yml", out)
    assert result.returncode != 0
    assert "content type 'publications': expected its template items/publications.html" in result.stderr
    assert "Traceback" not in result.stderr
    assert not out.exists()
    checked = network_site(network, "check")
    assert checked.returncode == 2 and "items/publications.html" in checked.stderr


def test_a_reference_to_a_type_that_does_not_exist_stops_the_build_at_start(network: Path, tmp_path: Path) -> None:
    declare(network, target="twg")
    result = mkdocs_build(network / "mkdocs.yml", tmp_path / "out")
    assert result.returncode != 0
    assert "its field 'twgs' refers to 'twg', which is not a content type" in result.stderr
    assert "Traceback" not in result.stderr


def test_two_types_may_not_claim_one_name_or_a_folder_the_site_fills_itself() -> None:
    news = BUILT_IN["news"]
    with pytest.raises(DeclarationError, match="taken by 'news'"):
        BUILT_IN.with_types([ContentType("stories", "news", "Story", "Stories", news.schema, news.item)])
    with pytest.raises(DeclarationError, match="the generator's own"):
        Registry([ContentType("search", "search", "Search", "Searches", news.schema, news.item)])


def test_a_type_whose_colour_is_not_one_stops_at_start_with_the_colour_it_was_given() -> None:
    news = BUILT_IN["news"]
    with pytest.raises(DeclarationError, match="expected a colour like '#0B4A7A', found 'teal'"):
        BUILT_IN.with_types([ContentType("stories", "story", "Story", "Stories", news.schema, news.item,
                                         colour="teal")])


def test_a_search_filter_another_type_or_the_search_page_already_uses_stops_at_start() -> None:
    news = BUILT_IN["news"]
    for taken in ("twg", "type", "Has Spaces"):
        with pytest.raises(DeclarationError, match=f"expected a search filter name .*, found '{taken}'"):
            BUILT_IN.with_types([ContentType("stories", "story", "Story", "Stories", news.schema, news.item,
                                             search_filter=taken)])


def test_every_field_is_described_with_what_it_holds_and_what_it_names() -> None:
    for content_type in BUILT_IN:
        for spec in describe(content_type.schema):
            assert spec.description, f"{content_type.folder}.{spec.name}"
    twgs = {spec.name: spec for spec in BUILT_IN.fields("news")}["twgs"]
    assert (twgs.kind, twgs.many, twgs.target) == ("id", True, "twgs")
    number = {spec.name: spec for spec in BUILT_IN.fields("bulletins")}["number"]
    assert number.unique


def test_the_built_in_site_checks_clean_with_the_registry(tmp_path: Path) -> None:
    assert check(REPO / "content", site_settings(REPO)).errors == ()


TRAININGS = '''
"""Trainings the network runs: a day each, with who leads it, in the calendars, feeds and search like events."""

import datetime as dt
from dataclasses import dataclass

from pydantic import Field

from typing import Annotated

from generator.graph.site import Fact, Item, Span, aware
from generator.content.registry import ContentType
from generator.content.schemas import Common, Day, Ids, Ref, Text


class TrainingSchema(Common):
    """A day's training."""

    short_name: Text = Field(description="how the search page lists it")
    day: Day = Field(description="the day it is held")
    trainer: Text = Field(description="who leads it")
    campaigns: Annotated[Ids, Ref("campaigns")] = Field((), description="ids of the campaigns it belongs to")


@dataclass(frozen=True, eq=False)
class Training(Item):
    """A day's training, led by a trainer."""

    data: TrainingSchema
    all_day = True

    @property
    def start(self) -> dt.datetime:
        return aware(self.data.day, self.site.settings.timezone)

    @property
    def end(self) -> dt.datetime:
        return self.start + dt.timedelta(days=1)

    @property
    def first_day(self) -> dt.date:
        return self.data.day

    @property
    def last_day(self) -> dt.date:
        return self.data.day

    @property
    def span(self) -> Span:
        return Span(self.start, self.data.day, self.data.day)

    @property
    def upcoming(self) -> bool:
        return self.end > self.site.settings.now

    def feed_facts(self) -> tuple[Fact, ...]:
        return (Fact("Trainer", self.data.trainer),)

    def calendar_notes(self, words) -> tuple[str, ...]:
        return (f"Led by {self.data.trainer}",)

    def linked_data(self, url, publisher, absolute):
        return {"@context": "https://schema.org", "@type": "Course", "name": self.title, "url": url}


TYPE = ContentType(
    folder="trainings",
    singular="training",
    label="Training",
    plural="Trainings",
    schema=TrainingSchema,
    item=Training,
    calendar=True,
    search_filter="training",
    colour="#8A3B12",
)
'''

CAMPAIGNS = '''
"""Campaigns of the network: the trainings and events of one cause, followed together."""

from pydantic import Field

from generator.graph.site import Item
from generator.content.registry import ContentType
from generator.content.schemas import Common, Text


class CampaignSchema(Common):
    """A campaign."""

    short_name: Text = Field(description="how feeds and calendars name it")


def campaign_list(site, absolute):
    # The campaigns, and the trainings' texts as staff wrote them: a network's own files may read anything.
    lines = [absolute(c.url) for c in site.of_kind("campaigns")] + [t.body.strip() for t in site.of_kind("trainings")]
    return {"campaigns/campaigns.txt": "\\n".join(lines).encode()}


TYPE = ContentType(
    folder="campaigns",
    singular="campaign",
    label="Campaign",
    plural="Campaigns",
    schema=CampaignSchema,
    item=Item,
    dated=False,
    feeds=False,
    followed=True,
    groups=True,
    credited=True,
    files=campaign_list,
)
'''

CAMPAIGN = """---
title: Fair recruitment for every returnee
summary: The network's campaign for recruitment without fees.
short_name: Fair recruitment
---
"""

TRAINING_TEMPLATE = """{% extends "main.html" %}
{% block item %}
<article class="nw-item"><h1>{{ item.title | e }}</h1><p>{{ item.summary | e }}</p></article>
{% endblock %}
"""

TRAINING = """---
title: Safe recruitment for returnee trainers
summary: A day on fair recruitment for the trainers of returnee programmes.
short_name: Safe recruitment
day: 2025-10-14
trainer: Ayesha Rahman
campaigns: [fair-recruitment]
---

The training's programme.
"""

TRAINING_IN_BANGLA = """---
title: প্রত্যাবাসী প্রশিক্ষকদের জন্য নিরাপদ নিয়োগ
summary: প্রত্যাবাসন কর্মসূচির প্রশিক্ষকদের জন্য ন্যায্য নিয়োগ নিয়ে একটি দিন।
reviewed: true
---

প্রশিক্ষণের কর্মসূচি।
"""


def declare_trainings(network: Path, out: Path, translated: bool = False) -> subprocess.CompletedProcess[str]:
    """Examplia with its own trainings and the campaigns they belong to, each a module, a template and a file, built
    (`translated`: the training with its Bangla translation)."""
    (network / "trainings.py").write_text(TRAININGS, encoding="utf-8")
    (network / "campaigns.py").write_text(CAMPAIGNS, encoding="utf-8")
    config = network / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "per_page: 2\n", "per_page: 2\n      content_types: [trainings, campaigns]\n", 1), encoding="utf-8")
    own_words(network, {"trainings": ("প্রশিক্ষণ", "প্রশিক্ষণ"), "campaigns": ("প্রচারাভিযান", "প্রচারাভিযান")})
    files = (("trainings", "safe-recruitment", TRAINING), ("campaigns", "fair-recruitment", CAMPAIGN))
    for folder, file, text in files:
        (network / "templates" / "items" / f"{folder}.html").write_text(TRAINING_TEMPLATE, encoding="utf-8")
        (network / "content" / folder).mkdir()
        (network / "content" / folder / f"{file}.md").write_text(text, encoding="utf-8")
    if translated:
        (network / "content" / "trainings" / "safe-recruitment.bn.md").write_text(TRAINING_IN_BANGLA, encoding="utf-8")
    return mkdocs_build(config, out)


def test_a_declared_type_gives_its_own_feed_facts_calendar_entries_search_filter_colour_and_structured_data(
    network: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    result = declare_trainings(network, out)
    assert result.returncode == 0, result.stderr

    entry = feedparser.parse((out / "trainings" / "feed.xml").read_bytes()).entries[0]
    facts = BeautifulSoup(entry.content[0].value, "html.parser").get_text(" ", strip=True)
    assert "Trainer: Ayesha Rahman" in facts

    site_calendar = Calendar.from_ical((out / "events.ics").read_bytes())
    title = "Safe recruitment for returnee trainers"
    training = next(e for e in site_calendar.walk("VEVENT") if str(e["summary"]) == title)
    assert training.decoded("dtstart") == dt.date(2025, 10, 14)
    assert "Led by Ayesha Rahman" in str(training["description"])
    own = Calendar.from_ical((out / "trainings" / "safe-recruitment" / "event.ics").read_bytes())
    assert [str(e["summary"]) for e in own.walk("VEVENT")] == [title]

    page = soup(out / "trainings" / "safe-recruitment" / "index.html")
    filters = [span["data-pagefind-filter"] for span in page.select("[data-pagefind-filter]")]
    assert "training:Safe recruitment" in filters
    described = [json.loads(script.get_text()) for script in page.select('script[type="application/ld+json"]')]
    assert {"@type": "Course", "name": title}.items() <= described[-1].items()
    card = soup(out / "trainings" / "index.html").select_one("article.nw-card--trainings")
    assert card is not None and "--nw-swatch:#8A3B12" in card["style"]
    search_page = soup(out / "search" / "index.html")
    choices = search_page.select("select[name=training] option")
    assert [option.get_text() for option in choices][1:] == ["Safe recruitment"]


def test_a_declared_group_has_a_calendar_of_what_names_it_is_its_feed_category_and_contributor_and_publishes_its_files(
    network: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    result = declare_trainings(network, out, translated=True)
    assert result.returncode == 0, result.stderr

    own = Calendar.from_ical((out / "campaigns" / "fair-recruitment" / "events.ics").read_bytes())
    assert [str(e["summary"]) for e in own.walk("VEVENT")] == ["Safe recruitment for returnee trainers"]
    site_calendar = Calendar.from_ical((out / "events.ics").read_bytes())
    training = next(e for e in site_calendar.walk("VEVENT") if "Safe recruitment" in str(e["summary"]))
    assert "Fair recruitment" in training["categories"].to_ical().decode()

    entry = feedparser.parse((out / "trainings" / "feed.xml").read_bytes()).entries[0]
    assert ("Fair recruitment", "https://migration-network.examplia.test/campaigns/") in [
        (tag.term, tag.scheme) for tag in entry.tags]
    atom = feedparser.parse((out / "trainings" / "atom.xml").read_bytes()).entries[0]
    assert [person.name for person in atom.contributors] == ["Fair recruitment for every returnee"]
    listed = (out / "campaigns" / "campaigns.txt").read_text(encoding="utf-8")
    assert listed == "https://migration-network.examplia.test/campaigns/fair-recruitment/\nThe training's programme."
