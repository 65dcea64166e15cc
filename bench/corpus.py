"""A seeded generator of synthetic sites of N items: our content/ project, and the same posts as a Material blog.

    python bench/corpus.py --items 1000 --seed 1 --out bench/out/1000 [--translated 0.2]

writes DIR/ours/ (mkdocs.yml + content/), DIR/material/ (mkdocs.yml + docs/, a Material blog) and
DIR/floor/ (mkdocs.yml + docs/: the same bodies as plain pages, no plugins: what the engine itself
costs). The same seed gives the same files, byte for byte. Our site is published in English alone,
unless --translated gives the share of items that also get a Bangla translation (x.bn.md): then it
is published in English and Bangla, with the real site's Bangla pages.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from random import Random

ROOT = Path(__file__).resolve().parent.parent
SHARE = {"news": 0.60, "events": 0.25}  # the rest are practices
FIRST_DAY, LAST_DAY = dt.date(2019, 7, 1), dt.date(2024, 12, 31)
COPIED_PAGES = ("index.md", "about.md", "contact.md", "subscribe.md")
COPIED_FOLDERS = ("organizations", "twgs", "images")
TRANSLATION = "bn"
# Where the real mkdocs.yml lists the site's languages: one-language corpora publish the first alone.
LANGUAGES_BLOCK = r"(?m)^(?:\s+#.*\n)?(\s+)languages:\n(?:\1  - .*\n|\1    .*\n)+"
CATEGORIES = {"news": "News", "events": "Events", "practices": "Practices"}
SITE_URL = "https://bdunnm.example.org/"

TOPICS = (
    "labour migration", "counter-trafficking", "climate mobility", "diaspora engagement", "safe migration",
    "returnee reintegration", "remittances", "skills recognition", "border management", "migrant health",
    "ethical recruitment", "migration data", "gender-responsive migration", "child protection",
)
TAGS = (
    "labour migration", "trafficking", "climate", "diaspora", "returnees", "remittances", "COVID-19", "gender",
    "human rights", "border management", "skills", "data", "youth", "health",
)
CITIES = ("Dhaka", "Chattogram", "Sylhet", "Khulna", "Rajshahi", "Cox's Bazar", "Barishal", "Rangpur", "Jashore")
VENUES = ("Pan Pacific Sonargaon", "BIAM Foundation", "Bangabandhu International Conference Centre", "IOM Dhaka office")
EVENT_KINDS = (
    "workshop", "national dialogue", "consultation", "training", "webinar", "roundtable", "validation meeting",
)
VERBS = (
    "strengthens", "supports", "reviews", "launches", "expands", "discusses", "advances", "maps", "assesses",
)
SUBJECTS = (
    "The network", "The working group", "Participants", "The ministry", "Civil-society partners", "Local authorities",
    "Returnee migrants", "Young people", "Recruitment agencies", "Development partners", "The secretariat",
)
ACTIONS = (
    "agreed on practical steps to", "called for joint action to", "shared evidence on how to",
    "identified gaps in efforts to", "presented a plan to", "reviewed progress in efforts to",
    "stressed the need to", "proposed new ways to",
)
GOALS = (
    "protect migrant workers throughout the migration cycle", "reduce the cost of recruitment",
    "identify and refer victims of trafficking", "improve the collection and use of migration data",
    "prepare communities for climate-related displacement", "recognise the skills of returning workers",
    "strengthen consular support in countries of destination", "engage the diaspora in local development",
    "apply the non-punishment principle", "make remittances cheaper, faster and safer",
    "include migrants in national health and social protection systems", "align district plans with the GCM",
)
QUALIFIERS = (
    "in line with the Global Compact for Migration", "with support from development partners",
    "at national and district level", "with a whole-of-society approach", "over the next two years",
    "in close coordination with the Government", "drawing on lessons from earlier programmes", "",
)
LIST_ITEMS = (
    "a referral pathway for survivors of trafficking", "pre-departure orientation in every district",
    "a shared database of licensed recruitment agencies", "training for labour attachés",
    "community radio messages on safe migration", "a helpline for migrant workers and their families",
    "gender-sensitive reintegration packages", "joint monitoring visits to border areas",
    "a mapping of climate-vulnerable upazilas", "skills certification recognised abroad",
    "a standard operating procedure for repatriation", "a quarterly coordination meeting",
)
EXTERNAL = (
    "https://www.iom.int/bangladesh", "https://migrationnetwork.un.org/", "https://www.unodc.org/",
    "https://www.ilo.org/dhaka", "https://probashi.gov.bd/", "https://sdgs.un.org/goals",
)
HEADINGS = {
    "news": ("Background", "What was discussed", "Voices from the field", "Key figures", "Next steps"),
    "events": ("About the event", "Agenda", "Who should attend", "Background", "Expected outcomes"),
}
PRACTICE_SECTIONS = ("Benefit and impact", "Key lessons", "Recommendations", "Innovation")
PRACTICE_TYPES = ("Partnership", "Capacity building", "Advocacy", "Coordination mechanism", "Research", "Policy")


@dataclass
class Item:
    """One generated news article, event or practice, in a form both sites can be written from."""

    kind: str
    id: str
    title: str
    summary: str
    date: dt.date
    tags: list[str]
    front: dict[str, object]  # our front matter after title/summary, in order
    body: str = ""  # Markdown with [[kind/id|text]] links, rendered per site


@dataclass(frozen=True)
class Refs:
    """What the generated items may point at."""

    twgs: list[str]
    organizations: dict[str, str]  # id -> short name


def main() -> None:
    """Write DIR/ours and DIR/material for --items N and --seed S."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, required=True, help="number of news, events and practices")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--translated", type=float, default=0.0,
                        help="share of items (0 to 1) that also get a Bangla translation; 0: English alone")
    args = parser.parse_args()
    if not 0 <= args.translated <= 1:
        parser.error(f"--translated: expected a share between 0 and 1, found {args.translated}")
    write_corpus(args.items, args.seed, args.out, args.translated)
    print(f"Wrote {args.items} items to {args.out}/ours, {args.out}/material and {args.out}/floor")


def write_corpus(items: int, seed: int, out: Path, translated: float = 0.0) -> None:
    """Generate the items once and write them as each site (replacing what was in out/)."""
    out = out.resolve()
    if out.exists():
        shutil.rmtree(out)
    refs = read_refs(ROOT / "content")
    generated = generate(items, Random(seed), refs)
    write_ours(generated, out / "ours")
    if translated > 0:
        # Its own random numbers: the English files are the same with or without translations.
        write_translations(generated, Random(f"{seed}-{TRANSLATION}"), translated, out / "ours")
    else:
        _one_language(out / "ours" / "mkdocs.yml")
    write_material(generated, out / "material")
    write_floor(generated, out / "floor")


def read_refs(content: Path) -> Refs:
    """The TWG and organization ids (and short names) of the real content/, which the corpus reuses."""
    organizations = {}
    for path in sorted((content / "organizations").glob("*.md")):
        found = re.search(r'^short_name:\s*"?([^"\n]+)"?', path.read_text(encoding="utf-8"), re.M)
        organizations[path.stem] = found.group(1) if found else path.stem.upper()
    twgs = sorted(path.stem for path in (content / "twgs").glob("*.md"))
    return Refs(twgs, organizations)


def generate(count: int, rng: Random, refs: Refs) -> list[Item]:
    """count items: about 60% news, 25% events, 15% practices, with cross-links among them."""
    n_news, n_events = round(count * SHARE["news"]), round(count * SHARE["events"])
    n_practices = count - n_news - n_events
    events = [_event(i, rng, refs) for i in range(n_events)]
    news = [_news(i, rng, refs, events) for i in range(n_news)]
    practices = [_practice(i, rng, refs) for i in range(n_practices)]
    everything = events + news + practices
    for item in everything:
        item.body = _body(item, rng, refs, everything)
    return everything


def _day(rng: Random) -> dt.date:
    return FIRST_DAY + dt.timedelta(days=rng.randrange((LAST_DAY - FIRST_DAY).days + 1))


def _slug(text: str, number: int) -> str:
    words = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-").split("-")
    return "-".join(words[:7]) + f"-{number}"


def _some(rng: Random, pool: list[str] | tuple[str, ...], low: int, high: int) -> list[str]:
    return rng.sample(list(pool), rng.randint(low, min(high, len(pool))))


def _orgs(rng: Random, refs: Refs, low: int, high: int) -> list[str]:
    return _some(rng, sorted(refs.organizations), low, high)


def _event(i: int, rng: Random, refs: Refs) -> Item:
    kind, topic, city = rng.choice(EVENT_KINDS), rng.choice(TOPICS), rng.choice(CITIES)
    online = rng.random() < 0.3
    title = f"{kind.capitalize()} on {topic}" + ("" if online else f" in {city}")
    start = _day(rng)
    front: dict[str, object] = {}
    if rng.random() < 0.4:
        hour = rng.choice((9, 10, 14, 15))
        front["start"] = f"{start.isoformat()} {hour:02d}:00"
        front["end"] = f"{start.isoformat()} {hour + 2:02d}:30"
    else:
        front["start"] = start
        if rng.random() < 0.3:
            front["end"] = start + dt.timedelta(days=rng.randint(1, 3))
    if online:
        front["location"] = {"online": True, "url": f"https://meet.example.org/{_slug(title, i)}"}
    else:
        front["location"] = {"venue": rng.choice(VENUES), "city": city, "country": "Bangladesh"}
    front["organizers"] = _orgs(rng, refs, 1, 2)
    front["partners"] = _orgs(rng, refs, 0, 3)
    front["twgs"] = _some(rng, refs.twgs, 0, 2)
    front["participants"] = rng.randint(15, 250)
    front["sdgs"] = sorted(rng.sample(range(1, 18), rng.randint(1, 4)))
    front["gcm_objectives"] = sorted(rng.sample(range(1, 24), rng.randint(1, 3)))
    # Each outcome once: the schema rejects a list that repeats itself.
    front["outcomes"] = list(dict.fromkeys(_sentence(rng).rstrip(".") for _ in range(rng.randint(1, 3))))
    summary = f"A {kind} {'held online' if online else 'in ' + city} on {topic}, {rng.choice(GOALS)[:120]}."
    return Item("events", _slug(title, i), title, summary, start, _some(rng, TAGS, 1, 3), front)


def _news(i: int, rng: Random, refs: Refs, events: list[Item]) -> Item:
    org = refs.organizations[rng.choice(sorted(refs.organizations))]
    title = f"{org} {rng.choice(VERBS)} work on {rng.choice(TOPICS)}"
    date = _day(rng)
    front: dict[str, object] = {"date": date, "twgs": _some(rng, refs.twgs, 0, 2)}
    front["organizations"] = {"organizers": _orgs(rng, refs, 1, 2), "partners": _orgs(rng, refs, 0, 2)}
    if events and rng.random() < 0.3:
        front["events"] = [rng.choice(events).id]
    front["sdgs"] = sorted(rng.sample(range(1, 18), rng.randint(1, 3)))
    front["gcm_objectives"] = sorted(rng.sample(range(1, 24), rng.randint(1, 3)))
    if rng.random() < 0.3:
        front["quotes"] = [{"text": _sentence(rng), "speaker": "A. Rahman", "role": "Programme officer"}]
    summary = _sentence(rng) + " " + _sentence(rng)
    return Item("news", _slug(title, i), title, summary[:290], date, _some(rng, TAGS, 1, 3), front)


def _practice(i: int, rng: Random, refs: Refs) -> Item:
    title = f"{rng.choice(PRACTICE_TYPES)} for {rng.choice(TOPICS)} in {rng.choice(CITIES)}"
    start = _day(rng)
    submitted = min(LAST_DAY, start + dt.timedelta(days=rng.randint(30, 700)))
    period: dict[str, object] = {"start": start}
    if rng.random() < 0.5:
        period["end"] = min(submitted, start + dt.timedelta(days=rng.randint(30, 600)))
    front: dict[str, object] = {
        "period": period,
        "type_of_practice": _some(rng, PRACTICE_TYPES, 1, 3),
        "countries": ["Bangladesh"],
        "main_implementing_organizations": _orgs(rng, refs, 1, 2),
        "partner_donor_organizations": _orgs(rng, refs, 0, 4),
        "gcm_objectives": sorted(rng.sample(range(1, 24), rng.randint(1, 4))),
        "sdgs": sorted(rng.sample(range(1, 18), rng.randint(1, 4))),
        "twgs": _some(rng, refs.twgs, 0, 2),
        "date_submitted": submitted,
    }
    summary = _sentence(rng) + " " + _sentence(rng)
    return Item("practices", _slug(title, i), title, summary[:290], submitted, _some(rng, TAGS, 1, 3), front)


def _sentence(rng: Random) -> str:
    qualifier = rng.choice(QUALIFIERS)
    return f"{rng.choice(SUBJECTS)} {rng.choice(ACTIONS)} {rng.choice(GOALS)}{' ' + qualifier if qualifier else ''}."


def _link(rng: Random, refs: Refs, items: list[Item]) -> str:
    """A link in our placeholder form: [[kind/id|text]], or a plain Markdown link to the web."""
    roll = rng.random()
    if roll < 0.35:
        target = rng.choice(items)
        return f"[[{target.kind}/{target.id}|{target.title}]]"
    if roll < 0.55:
        twg = rng.choice(refs.twgs)
        return f"[[twgs/{twg}|the {twg.upper()} working group]]"
    if roll < 0.8:
        org = rng.choice(sorted(refs.organizations))
        return f"[[organizations/{org}|{refs.organizations[org]}]]"
    return f"[more information]({rng.choice(EXTERNAL)})"


def _paragraph(rng: Random, refs: Refs, items: list[Item]) -> str:
    sentences = [_sentence(rng) for _ in range(rng.randint(3, 5))]
    if rng.random() < 0.8:
        sentences.insert(rng.randrange(len(sentences)), f"See {_link(rng, refs, items)}.")
    return " ".join(sentences)


def _body(item: Item, rng: Random, refs: Refs, items: list[Item]) -> str:
    """About 600 words: an opening, then sections with headings, paragraphs, lists and links."""
    target = rng.randint(420, 700)
    headings = PRACTICE_SECTIONS if item.kind == "practices" else rng.sample(HEADINGS[item.kind], 4)
    blocks = [_paragraph(rng, refs, items), _paragraph(rng, refs, items)]
    for heading in headings:
        blocks.append(f"## {heading}")
        blocks.append(_paragraph(rng, refs, items))
        if rng.random() < 0.7:
            marker = rng.choice(("-", "1."))
            entries = [f"{marker} {entry.capitalize()}" for entry in rng.sample(LIST_ITEMS, rng.randint(3, 5))]
            entries[0] += f" ({_link(rng, refs, items)})"
            blocks.append("\n".join(entries))
    while _words(blocks) < target:
        blocks.append(_paragraph(rng, refs, items))
    return "\n\n".join(blocks) + "\n"


def _words(blocks: list[str]) -> int:
    return sum(len(block.split()) for block in blocks)


# Writing -----------------------------------------------------------------------------------------


def _yaml(value: object, indent: int = 0) -> str:
    """Our front matter as YAML, by hand so the output does not depend on a YAML library's version."""
    pad = " " * indent
    lines = []
    assert isinstance(value, dict)
    for key, val in value.items():
        if isinstance(val, dict):
            lines.append(f"{pad}{key}:\n{_yaml(val, indent + 2)}")
        elif isinstance(val, list) and val and isinstance(val[0], dict):
            lines.append(f"{pad}{key}:")
            for entry in val:
                inner = _yaml(entry, indent + 4).splitlines()
                lines.append(f"{pad}  - {inner[0].lstrip()}")
                lines.extend(inner[1:])
        elif isinstance(val, list):
            lines.append(f"{pad}{key}: [{', '.join(_scalar(v) for v in val)}]")
        else:
            lines.append(f"{pad}{key}: {_scalar(val)}")
    return "\n".join(lines)


def _scalar(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, dt.date)):
        return str(value) if not isinstance(value, dt.date) else value.isoformat()
    if isinstance(value, str) and re.fullmatch(r"[a-z0-9-]+", value):
        return value
    return json.dumps(value, ensure_ascii=False)  # a JSON string is a YAML double-quoted string


def _render(body: str, resolve: Callable[[str, str], str]) -> str:
    return re.sub(r"\[\[([a-z]+)/([a-z0-9-]+)\|([^\]]+)\]\]", lambda m: f"[{m[3]}]({resolve(m[1], m[2])})", body)


def write_ours(items: list[Item], project: Path) -> None:
    """Our project: mkdocs.yml pointing at the real templates, the real TWGs/organizations/pages, the items."""
    content = project / "content"
    content.mkdir(parents=True)
    for folder in COPIED_FOLDERS:
        shutil.copytree(ROOT / "content" / folder, content / folder)
    for page in COPIED_PAGES:
        shutil.copy2(ROOT / "content" / page, content / page)
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    for pattern, replacement in (
        (r"(?m)^docs_dir: .*$", f"docs_dir: {content}"),
        (r"(?m)^(\s+)custom_dir: .*$", rf"\g<1>custom_dir: {ROOT / 'templates'}"),
        (r"(?m)^watch:\n  - templates$", f"watch:\n  - {ROOT / 'templates'}"),
    ):
        config, count = re.subn(pattern, replacement, config)
        if count != 1:
            raise SystemExit(f"{ROOT / 'mkdocs.yml'}: expected one match of {pattern!r}, found {count}")
    (project / "mkdocs.yml").write_text(config, encoding="utf-8")
    for item in items:
        front = {"title": item.title, "summary": item.summary, **item.front, "tags": item.tags}
        body = _render(item.body, lambda kind, target: f"../{kind}/{target}.md")
        path = content / item.kind / f"{item.id}.md"
        path.parent.mkdir(exist_ok=True)
        path.write_text(f"---\n{_yaml(front)}\n---\n\n{body}", encoding="utf-8")


# Bangla-looking words for translations: the reader never sees them, the build renders and indexes them.
BANGLA_SUBJECTS = ("নেটওয়ার্ক", "কার্যকরী দল", "অংশগ্রহণকারীরা", "মন্ত্রণালয়", "নাগরিক সমাজের অংশীদাররা", "স্থানীয় প্রশাসন",
                   "প্রত্যাগত অভিবাসীরা", "তরুণরা", "উন্নয়ন অংশীদাররা", "সচিবালয়")
BANGLA_GOALS = ("অভিবাসী কর্মীদের সুরক্ষা", "নিয়োগ ব্যয় কমানো", "মানবপাচারের শিকারদের শনাক্ত করা",
                "অভিবাসন তথ্যের ব্যবহার", "জলবায়ু বাস্তুচ্যুতির প্রস্তুতি", "প্রত্যাগত কর্মীদের দক্ষতার স্বীকৃতি",
                "প্রবাসীদের স্থানীয় উন্নয়নে যুক্ত করা", "রেমিট্যান্স সস্তা ও নিরাপদ করা")
BANGLA_ACTIONS = ("নিয়ে আলোচনা করেছেন", "বিষয়ে যৌথ পদক্ষেপের আহ্বান জানিয়েছেন", "বিষয়ে প্রমাণ তুলে ধরেছেন",
                  "বিষয়ে একটি পরিকল্পনা উপস্থাপন করেছেন", "বিষয়ে অগ্রগতি পর্যালোচনা করেছেন")
BANGLA_HEADINGS = ("পটভূমি", "আলোচনার বিষয়", "মাঠের কথা", "মূল তথ্য", "পরবর্তী পদক্ষেপ")
BANGLA_DIGITS = str.maketrans("0123456789", "০১২৩৪৫৬৭৮৯")


def _bangla_sentence(rng: Random) -> str:
    year = str(rng.randint(2019, 2024)).translate(BANGLA_DIGITS)
    return f"{year} সালে {rng.choice(BANGLA_SUBJECTS)} {rng.choice(BANGLA_GOALS)} {rng.choice(BANGLA_ACTIONS)}।"


def _bangla_body(item: Item, rng: Random, items: list[Item]) -> str:
    """About as long as the English body: sections, paragraphs, a list, links to other items' pages."""
    blocks = []
    # A practice's sections keep their English names, which its page looks for.
    headings = PRACTICE_SECTIONS if item.kind == "practices" else BANGLA_HEADINGS
    for heading in headings:
        blocks.append(f"## {heading}")
        for _ in range(rng.randint(2, 3)):
            target = rng.choice(items)
            sentences = [_bangla_sentence(rng) for _ in range(rng.randint(4, 6))]
            sentences.insert(1, f"দেখুন [{target.title}](../{target.kind}/{target.id}.md)।")
            blocks.append(" ".join(sentences))
        if rng.random() < 0.6:
            blocks.append("\n".join(f"- {rng.choice(BANGLA_GOALS)}" for _ in range(3)))
    return "\n\n".join(blocks) + "\n"


def write_translations(items: list[Item], rng: Random, share: float, project: Path) -> None:
    """A Bangla translation (x.bn.md: title, summary, body) beside `share` of the items, and the real Bangla pages."""
    content = project / "content"
    for path in sorted((ROOT / "content").glob(f"*.{TRANSLATION}.md")):
        shutil.copy2(path, content / path.name)
    for item in rng.sample(items, round(len(items) * share)):
        title = f"{rng.choice(BANGLA_SUBJECTS)}: {rng.choice(BANGLA_GOALS)}"
        summary = " ".join(_bangla_sentence(rng) for _ in range(2))[:290]
        front = {"title": title, "summary": summary, "reviewed": False}
        path = content / item.kind / f"{item.id}.{TRANSLATION}.md"
        path.write_text(f"---\n{_yaml(front)}\n---\n\n{_bangla_body(item, rng, items)}", encoding="utf-8")


def _one_language(config: Path) -> None:
    """Publish the corpus in the site's first language alone: the real mkdocs.yml lists two."""
    text, count = re.subn(LANGUAGES_BLOCK, "", config.read_text(encoding="utf-8"))
    if count != 1:
        raise SystemExit(f"{config}: expected one languages block, found {count}")
    config.write_text(text, encoding="utf-8")


# What the blog and the floor share with our site: the theme and the Markdown extensions of mkdocs.yml.
THEME_AND_MARKDOWN = """\
theme:
  name: material
  language: en
  font: false
  features:
    - navigation.tabs
markdown_extensions:
  - toc:
      permalink: true
  - attr_list
  - admonition
  - tables
  - md_in_html
"""

FLOOR_CONFIG = """\
site_name: Bangladesh UN Network on Migration (engine floor)
site_url: {site_url}
docs_dir: docs
""" + THEME_AND_MARKDOWN + """\
# No plugins at all: material adds its search plugin unless told otherwise.
plugins: []
# One entry: the menu is not what is measured.
nav:
  - Home: index.md
"""


def write_floor(items: list[Item], project: Path) -> None:
    """The engine's floor: the same titles and bodies as plain mkdocs-material pages, nothing else."""
    docs = project / "docs"
    docs.mkdir(parents=True)
    (docs / "index.md").write_text("# Bangladesh UN Network on Migration\n\nNews, events and practices.\n")
    (project / "mkdocs.yml").write_text(FLOOR_CONFIG.format(site_url=SITE_URL))

    def resolve(kind: str, target: str) -> str:
        return f"../{kind}/{target}.md" if kind in CATEGORIES else f"{SITE_URL}{kind}/{target}/"

    for item in items:
        path = docs / item.kind / f"{item.id}.md"
        path.parent.mkdir(exist_ok=True)
        path.write_text(f"# {item.title}\n\n{item.summary}\n\n{_render(item.body, resolve)}", encoding="utf-8")


MATERIAL_CONFIG = """\
site_name: Bangladesh UN Network on Migration (Material blog)
site_url: {site_url}
docs_dir: docs
""" + THEME_AND_MARKDOWN + """\
plugins:
  - search
  - blog:
      pagination_per_page: 10
  - tags
{feeds}
"""

# One site-wide feed and one per category; each instance writes RSS and JSON, created and updated.
RSS_INSTANCE = """\
  - rss:
      match_path: "{match}"
      date_from_meta:
        as_creation: date
        as_update: date
      categories:
        - categories
        - tags
      use_git: false
      length: 50
      cache_dir: {cache}
      feeds_filenames:
        json_created: feed_json_created{suffix}.json
        json_updated: feed_json_updated{suffix}.json
        rss_created: feed_rss_created{suffix}.xml
        rss_updated: feed_rss_updated{suffix}.xml"""


def write_material(items: list[Item], project: Path) -> None:
    """The same items as mkdocs-material blog posts, one folder per category under docs/blog/posts/."""
    docs = project / "docs"
    posts = docs / "blog" / "posts"
    posts.mkdir(parents=True)
    (docs / "index.md").write_text("# Bangladesh UN Network on Migration\n\nNews, events and practices.\n")
    (docs / "blog" / "index.md").write_text("# Blog\n")
    (docs / "tags.md").write_text("# Tags\n\n<!-- material/tags -->\n")
    cache = project / ".cache" / "rss"
    feeds = [RSS_INSTANCE.format(match="blog/posts/.*", suffix="", cache=cache)]
    for folder in CATEGORIES:
        feeds.append(RSS_INSTANCE.format(match=f"blog/posts/{folder}/.*", suffix=f"_{folder}", cache=cache))
    (project / "mkdocs.yml").write_text(MATERIAL_CONFIG.format(site_url=SITE_URL, feeds="\n".join(feeds)))

    def resolve(kind: str, target: str) -> str:
        # TWGs and organizations have no page in a blog: link to where our site has them.
        return f"../{kind}/{target}.md" if kind in CATEGORIES else f"{SITE_URL}{kind}/{target}/"

    for item in items:
        front = {"title": item.title, "date": item.date, "categories": [CATEGORIES[item.kind]], "tags": item.tags}
        body = f"{item.summary}\n\n<!-- more -->\n\n{_render(item.body, resolve)}"
        path = posts / item.kind / f"{item.id}.md"
        path.parent.mkdir(exist_ok=True)
        path.write_text(f"---\n{_yaml(front)}\n---\n\n{body}", encoding="utf-8")


if __name__ == "__main__":
    main()
