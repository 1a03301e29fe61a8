"""Atom (RFC 4287) and JSON Feed 1.1 feeds of the stories and of the bulletins."""

from __future__ import annotations

import datetime
import json
from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import urljoin

from feedgen.feed import FeedGenerator

from generator.collection import Collection
from generator.model import urls
from generator.settings import source_date_epoch

LATEST = 50
"""Entries per feed: readers only look for what is new; the full list is stories.json."""
AUTHOR = "Observatoire québécois des réseaux locaux de services (OQRLS)"
LANGUAGE = "fr-CA"


@dataclass(frozen=True)
class FeedEntry:
    url: str
    """Absolute URL of the page; also the entry's permanent id."""
    title: str
    date: datetime.date
    summary: str


@dataclass(frozen=True)
class Feed:
    """One feed, written as `<name>.xml` (Atom) and `<name>.json` (JSON Feed)."""

    name: str
    """File name under `flux/`, without extension."""
    title: str
    description: str
    home_url: str
    """Absolute URL of the page the feed follows."""
    entries: Sequence[FeedEntry]


def feeds(collection: Collection, site_url: str) -> list[Feed]:
    """The stories feed and the bulletins feed, newest first, with absolute URLs."""
    stories = [
        FeedEntry(urljoin(site_url, s.url), s.title, s.meta.date, s.summary)
        for s in collection.stories[:LATEST]
    ]
    bulletins = [
        FeedEntry(
            urljoin(site_url, b.url),
            f"{b.masthead} — {b.title}",
            b.meta.date,
            b.meta.description,
        )
        for b in collection.bulletins[:LATEST]
    ]
    return [
        Feed(
            urls.STORIES_FEED,
            "Récits des réseaux locaux de services — OQRLS",
            "Les derniers récits publiés par l'OQRLS.",
            urljoin(site_url, urls.coups_doeil().url),
            stories,
        ),
        Feed(
            urls.BULLETINS_FEED,
            "Le Relais — bulletin de l'OQRLS",
            "Les numéros du bulletin Le Relais.",
            urljoin(site_url, urls.bulletins().url),
            bulletins,
        ),
    ]


def _moment(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(), tzinfo=datetime.UTC)


def _updated(feed: Feed) -> datetime.datetime:
    """The newest entry's date; an empty feed takes SOURCE_DATE_EPOCH (or 1970), never now."""
    if feed.entries:
        return _moment(max(entry.date for entry in feed.entries))
    epoch = source_date_epoch() or 0  # an unusable one is refused by the settings
    return datetime.datetime.fromtimestamp(epoch, tz=datetime.UTC)


def atom(feed: Feed, site_url: str) -> bytes:
    feed_url = urljoin(site_url, urls.feed(feed.name, "xml"))
    generator = FeedGenerator()
    generator.id(feed_url)
    generator.title(feed.title)
    generator.subtitle(feed.description)
    generator.author({"name": AUTHOR})
    generator.link(href=feed.home_url, rel="alternate", type="text/html")
    generator.link(href=feed_url, rel="self", type="application/atom+xml")
    generator.language(LANGUAGE)
    generator.updated(_updated(feed))
    for item in feed.entries:
        entry = generator.add_entry(order="append")
        entry.id(item.url)
        entry.title(item.title)
        entry.link(href=item.url, rel="alternate", type="text/html")
        entry.published(_moment(item.date))
        entry.updated(_moment(item.date))
        entry.summary(item.summary or item.title)
    result: bytes = generator.atom_str(pretty=True)
    return result


def json_feed(feed: Feed, site_url: str) -> bytes:
    document = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": feed.title,
        "description": feed.description,
        "home_page_url": feed.home_url,
        "feed_url": urljoin(site_url, urls.feed(feed.name, "json")),
        "language": LANGUAGE,
        "authors": [{"name": AUTHOR}],
        "items": [
            {
                "id": item.url,
                "url": item.url,
                "title": item.title,
                "summary": item.summary,
                "content_text": item.summary or item.title,
                "date_published": _moment(item.date).isoformat(),
            }
            for item in feed.entries
        ],
    }
    return json.dumps(document, ensure_ascii=False, indent=2).encode("utf-8") + b"\n"


def feed_files(collection: Collection, site_url: str) -> dict[str, bytes]:
    """Every feed file, by path under the site folder."""
    files: dict[str, bytes] = {}
    for feed in feeds(collection, site_url):
        files[urls.feed(feed.name, "xml")] = atom(feed, site_url)
        files[urls.feed(feed.name, "json")] = json_feed(feed, site_url)
    return files
