"""The email edition of each bulletin: self-contained HTML with inline styles, and plain text."""

from __future__ import annotations

import re
from urllib.parse import urljoin

import css_inline
from jinja2 import Environment
from markupsafe import Markup

from generator import links, urls
from generator.blocks import BulletinBodies
from generator.bulletin import Bulletin
from generator.collection import Collection

HTML_TEMPLATE = "courriel.html"
TEXT_TEMPLATE = "courriel.txt"
_URL_ATTRIBUTE = re.compile(r'(\s(?:href|src)=")([^"]*)(")')
_MARKDOWN_LINK = re.compile(r"\[([^\]]+)\]\(([^)\s]+)\)")


def absolute_links(html: str, page_url: str) -> str:
    """Every `href` and `src` made absolute: an email has no page to be relative to."""
    return _URL_ATTRIBUTE.sub(lambda m: m[1] + urljoin(page_url, m[2]) + m[3], html)


def markdown_as_text(markdown: str, bulletin: Bulletin, site_url: str, page_url: str) -> str:
    """Markdown reads well as plain text; only links need their address spelled out."""
    text = links.absolute(markdown, bulletin.links, site_url)
    return _MARKDOWN_LINK.sub(lambda m: f"{m[1]} ({urljoin(page_url, m[2])})", text)


def email_editions(
    env: Environment, collection: Collection, site_url: str, bodies: BulletinBodies
) -> dict[str, bytes]:
    """`bulletins/<slug>/courriel.html` and `courriel.txt` for every bulletin.

    `bodies` holds each bulletin's editorial HTML as the site page shows it (blocks filled);
    a bulletin without one raises `MissingBodyError` rather than go out empty.
    """
    html_template = env.get_template(HTML_TEMPLATE)
    text_template = env.get_template(TEXT_TEMPLATE)
    files: dict[str, bytes] = {}
    for bulletin in collection.bulletins:
        page_url = urljoin(site_url, bulletin.url)
        context = {"bulletin": bulletin, "site_url": site_url, "page_url": page_url}
        html = html_template.render(body=Markup(bodies.body(bulletin)), **context)
        inlined = css_inline.inline(absolute_links(html, page_url), load_remote_stylesheets=False)
        files[urls.email(bulletin.slug, "html")] = inlined.encode("utf-8")
        text = text_template.render(
            as_text=lambda markdown, url=page_url, bulletin=bulletin: markdown_as_text(
                markdown, bulletin, site_url, url
            ),
            absolute=lambda path: urljoin(site_url, path),
            **context,
        )
        files[urls.email(bulletin.slug, "txt")] = (text.strip() + "\n").encode("utf-8")
    return files
