"""A seeded synthetic network of N items, written twice: for our generator and as a material blog.

    python bench/corpus.py --items 1000 --seed 1 --out bench/out/1000

writes `<out>/ours/` (mkdocs.yml + content/: organizations, TWGs, pages, and N news, events and
practices over them) and `<out>/material/` (the same N texts as mkdocs-material blog posts with
mkdocs-rss-plugin). The same seed always gives the same files.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import shutil
import textwrap
from dataclasses import dataclass
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[1]
# The mix of a network's years of work: mostly news, a quarter events, some practices.
SHARES = (("news", 0.60), ("events", 0.25), ("practices", 0.15))
TWGS = (("ctip", "CTIP-TWG", "Counter Trafficking"), ("lm", "LM-TWG", "Labour Migration"),
        ("cchm", "CCHM-TWG", "Climate Change and Human Mobility"))
ORG_KINDS = ("UN agency", "government", "civil society", "donor")
CITIES = ("Dhaka", "Chattogram", "Sylhet", "Khulna", "Rajshahi", "Cox's Bazar", "Barishal")
PRACTICE_TYPES = ("Partnership", "Advocacy", "Capacity building", "Coordination mechanism", "Research")
WORDS = textwrap.dedent("""
    migration migrants workers labour recruitment rights protection government network partners
    dialogue policy national regional return reintegration trafficking smuggling victims
    survivors referral mechanism community communities women children youth families remittances
    diaspora development climate mobility displacement resilience skills training employment
    overseas ministry agency support coordination evidence data research assessment consultation
    workshop capacity building awareness campaign safe orderly regular pathways access justice
    health services shelter counselling legal aid districts local authorities civil society
    organisations private sector employers unions standards ethical fair decent work wages
    contracts grievance complaints monitoring reporting review forum compact objectives
    commitments pledges implementation action plan strategy framework guidelines programme
    project results outcomes lessons recommendations innovation sustainable inclusive gender
    equality vulnerable groups border management cooperation exchange learning sharing
""").split()
CATEGORIES = ("Labour migration", "Counter trafficking", "Climate mobility")


@dataclass(frozen=True)
class Item:
    """One generated item: where it goes, what it says, and when."""

    kind: str
    id: str
    title: str
    day: dt.date
    twg: int
    tags: tuple[str, ...]


def sentence(rng: random.Random, words: int) -> str:
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def paragraph(rng: random.Random, words: int) -> str:
    parts, left = [], words
    while left > 0:
        size = min(left, rng.randint(10, 22))
        parts.append(sentence(rng, size))
        left -= size
    return " ".join(parts)


def body(rng: random.Random, item: Item, earlier: list[Item], words: int = 600) -> str:
    """About `words` words of Markdown: paragraphs, two headings, a list and links to earlier items."""
    links = [f"[{other.title}](../{other.kind}/{other.id}.md)" for other in rng.sample(earlier, min(2, len(earlier)))]
    sections = [paragraph(rng, words // 5), f"## {sentence(rng, 4)[:-1]}", paragraph(rng, words // 5)]
    sections.append("\n".join(f"- {sentence(rng, 8)}" for _ in range(4)))
    if links:
        sections.append(f"See also {' and '.join(links)}.")
    sections += [f"## {sentence(rng, 3)[:-1]}", paragraph(rng, words // 5), paragraph(rng, words // 5)]
    return "\n\n".join(sections) + "\n"


def plan(items: int, seed: int) -> list[Item]:
    """Every item's kind, id, title and date, oldest first."""
    rng = random.Random(seed)
    kinds = [kind for kind, share in SHARES for _ in range(round(items * share))]
    kinds = (kinds + ["news"] * items)[:items]
    rng.shuffle(kinds)
    start = dt.date(2015, 1, 1)
    days = sorted(start + dt.timedelta(days=rng.randrange(365 * 11)) for _ in range(items))
    planned = []
    for number, (kind, day) in enumerate(zip(kinds, days, strict=True)):
        title = sentence(rng, rng.randint(5, 9))[:-1]
        tags = tuple(rng.sample(WORDS[:40], rng.randint(1, 3)))
        planned.append(Item(kind, f"{kind[:-1] if kind != 'news' else 'news'}-{number:05d}", title, day,
                            rng.randrange(len(TWGS)), tags))
    return planned


def front_matter(data: dict[str, object]) -> str:
    return "---\n" + yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=1000) + "---\n\n"


def write_ours(root: Path, planned: list[Item], seed: int) -> None:
    """Our generator's project: mkdocs.yml from the real one, pointed at this content/."""
    rng = random.Random(seed + 1)
    content = root / "content"
    for page in ("index.md", "about.md", "contact.md", "subscribe.md"):
        (content / page).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(REPO / "content" / page, content / page)
    (content / "images").mkdir(exist_ok=True)
    shutil.copy(REPO / "content" / "images" / "network-logo.png", content / "images" / "network-logo.png")
    orgs = [f"org-{n:02d}" for n in range(12)]
    for number, org in enumerate(orgs):
        write(content / "organizations" / f"{org}.md", {
            "title": f"Organization {number} for {sentence(rng, 3)[:-1]}", "short_name": f"ORG{number}",
            "summary": sentence(rng, 14), "kind": ORG_KINDS[number % len(ORG_KINDS)],
            "roles": ["member"] if number < 8 else [],
        }, paragraph(rng, 80) + "\n")
    for number, (twg, short, name) in enumerate(TWGS):
        write(content / "twgs" / f"{twg}.md", {
            "title": f"{name} Technical Working Group", "short_name": short, "summary": sentence(rng, 14),
            "status": "active", "chair": {"organization": orgs[number]}, "members": orgs[number:number + 4],
        }, paragraph(rng, 80) + "\n")
    for index, item in enumerate(planned):
        common: dict[str, object] = {"title": item.title, "summary": sentence(rng, rng.randint(15, 30))}
        twgs = [TWGS[item.twg][0]]
        sdgs = sorted(rng.sample(range(1, 18), rng.randint(1, 3)))
        gcm = sorted(rng.sample(range(1, 24), rng.randint(1, 3)))
        if item.kind == "news":
            data = {**common, "date": item.day, "twgs": twgs, "organizations": {"organizers": rng.sample(orgs, 1)},
                    "sdgs": sdgs, "gcm_objectives": gcm, "tags": list(item.tags)}
        elif item.kind == "events":
            place: dict[str, object] = {"city": rng.choice(CITIES), "country": "Bangladesh"}
            if rng.random() < 0.2:
                place = {"online": True, "url": "https://meet.example.org/" + item.id}
            data = {**common, "start": item.day, "end": item.day + dt.timedelta(days=rng.randint(0, 2)),
                    "location": place, "organizers": rng.sample(orgs, 2), "twgs": twgs, "sdgs": sdgs,
                    "gcm_objectives": gcm}
        else:
            data = {**common, "period": {"start": item.day}, "type_of_practice": rng.sample(PRACTICE_TYPES, 2),
                    "countries": ["Bangladesh"], "main_implementing_organizations": rng.sample(orgs, 1),
                    "gcm_objectives": gcm, "sdgs": sdgs, "twgs": twgs, "date_submitted": item.day}
        text = body(rng, item, planned[max(0, index - 50):index])
        if item.kind == "practices":
            text += "".join(f"\n## {section}\n\n{paragraph(rng, 40)}\n" for section in
                            ("Benefit and impact", "Key lessons", "Recommendations", "Innovation"))
        write(content / item.kind / f"{item.id}.md", data, text)
    config = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    config = config.replace("docs_dir: content", f"docs_dir: {content}")
    config = config.replace("custom_dir: templates", f"custom_dir: {REPO / 'templates'}")
    config = config.replace("  - templates\n", f"  - {REPO / 'templates'}\n")
    (root / "mkdocs.yml").write_text(config, encoding="utf-8")


def write_material(root: Path, planned: list[Item], seed: int) -> None:
    """The same texts as mkdocs-material blog posts, with a site feed from mkdocs-rss-plugin."""
    rng = random.Random(seed + 1)
    docs = root / "docs"
    posts = docs / "blog" / "posts"
    posts.mkdir(parents=True, exist_ok=True)
    (docs / "index.md").write_text("# Network\n\nNews of the network.\n", encoding="utf-8")
    (docs / "blog" / "index.md").write_text("# Blog\n", encoding="utf-8")
    for index, item in enumerate(planned):
        text = body(rng, item, [])  # blog posts link to nothing of ours; same length of text
        del index
        write(posts / f"{item.id}.md", {
            "date": item.day, "categories": [CATEGORIES[item.twg]], "tags": list(item.tags),
        }, f"# {item.title}\n\n{text}")
    (root / "mkdocs.yml").write_text(textwrap.dedent("""\
        site_name: Network blog
        site_url: https://blog.example.org/
        theme:
          name: material
        plugins:
          - search
          - tags
          - blog:
              pagination_per_page: 10
          - rss:
              match_path: "blog/posts/.*"
              date_from_meta:
                as_creation: date
              categories:
                - categories
                - tags
        """), encoding="utf-8")


def write(path: Path, data: dict[str, object], text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(front_matter(data) + text, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, required=True)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    if args.out.exists():
        shutil.rmtree(args.out)
    planned = plan(args.items, args.seed)
    write_ours(args.out / "ours", planned, args.seed)
    write_material(args.out / "material", planned, args.seed)


if __name__ == "__main__":
    main()
