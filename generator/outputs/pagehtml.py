"""What the site does to every page's HTML once the theme has laid it out: compacts it,
writes the absolute address after each link of a page meant for print, and seals its
security policy (the scripts it allows). No MkDocs here: the plugin hands each page over.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Iterator
from urllib.parse import urljoin, urlsplit

WHITESPACE = re.compile(r"\s+")
_INDENTATION = re.compile(r"\n\s+")
_PREFORMATTED = re.compile(r"(<(pre|textarea|script)\b.*?</\2>)", re.DOTALL | re.IGNORECASE)


def compact_html(html: str) -> str:
    """The page without its indentation, which no browser shows: every page of a site of
    thousands carries kilobytes of it. Preformatted text and scripts are left untouched."""
    parts = _PREFORMATTED.split(html)
    # split() with two groups yields: text, whole match, tag name, text, ...
    return "".join(
        _INDENTATION.sub("\n", part) if index % 3 == 0 else part
        for index, part in enumerate(parts)
        if index % 3 != 2
    )


_CONTENT = re.compile(r'data-md-component="content"[^>]*>(?P<content>.*)</main>', re.DOTALL)
_LINK_TAG = re.compile(r'<a\s(?:[^>]*?\s)?href="(?P<href>[^"#][^"]*)"[^>]*>')


def print_addresses(html: str, page_url: str) -> str:
    """Each link of the page's content (Material's `md-content`, not the menus) given the
    absolute address that the print stylesheet writes after it (`data-adresse`): paper
    cannot be clicked, and `../../recits/x/` means nothing on it. Links that are already
    absolute print their own `href`; links within the page print nothing."""
    content = _CONTENT.search(html)
    if content is None:
        return html

    def with_address(match: re.Match[str]) -> str:
        href = match["href"]
        if urlsplit(href).scheme:
            return match[0]
        return f'{match[0][:-1]} data-adresse="{urljoin(page_url, href)}">'

    start, end = content.span("content")
    return html[:start] + _LINK_TAG.sub(with_address, html[start:end]) + html[end:]


CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self' 'wasm-unsafe-eval' {scripts}; "
    "style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self'; "
    "connect-src 'self'; media-src 'self'; object-src 'none'; frame-src 'none'; "
    "base-uri 'self'; form-action 'self'"
)
"""Every page's Content-Security-Policy (theme/main.html): nothing is requested from another
site (fonts, images, scripts, frames: Loi 25), no script runs but the site's own files and
the inline scripts of the theme, each allowed by its hash (`{scripts}`, see `seal_scripts`).
Pagefind compiles WebAssembly (`wasm-unsafe-eval`); styles may be inline (Material, SVG)."""

CSP_SCRIPTS = "'oqrls-scripts'"
"""Stands, in the policy a page is rendered with, for the hashes of its inline scripts."""

_INLINE_SCRIPT = re.compile(r"<script\b(?![^>]*\ssrc=)([^>]*)>(.*?)</script>", re.DOTALL)


THEME_SCRIPTS: frozenset[str] = frozenset(
    {
        # Material's base.html: where it keeps the reader's choices (its scope, the site's
        # path, is left out: see `_theme_form`), their colour scheme, the tab a link opens.
        "7eb3684fdacd2881f67b9428983273a29d8774d8bc82622af9b65a8ec1032a90",
        "0eb10c249dbdb0beef225a10ce5cbe55418cc4a7014cc208f8e7d6ed8f00906e",
        "ffcc0f7735fdab434d257c80e65cec2e88d716991e69757185b7e450e41a5b2f",
        # admin.html: admin/ sends the browser on to the editor's page, fragment kept.
        "553af1dcc7661a303867d0ae45f524005046da678da166f7548f9fe14f9d03d9",
        # catalogue.html: a shared filtered view hides its list until catalogue.js runs.
        "023a28bef4a2d45e6ec8a92c7b0148297b63d04459f9af4482f9aa1e2e09234c",
    }
)
"""The inline scripts the theme writes, as the SHA-256 of `_theme_form(script)`: the only
ones a page's policy vouches for. A script that reached a page any other way (it cannot:
bodies are sanitised, settings refused with `<`; this is the last line) is left out, and the
browser does not run it. A template that adds an inline script, or a Material update that
changes one, adds its hash here: tests/test_hardening.py says which."""

_SCOPE = re.compile(r'new URL\("[^"\\]*",location\)')


def _theme_form(script: str) -> str:
    """An inline script as the theme writes it on every page: Material's scope (the site's
    path from this page, `"../.."`) left out."""
    return _SCOPE.sub('new URL("",location)', script)


def theme_wrote(script: str) -> bool:
    """Whether `script` is one of `THEME_SCRIPTS`."""
    return hashlib.sha256(_theme_form(script).encode("utf-8")).hexdigest() in THEME_SCRIPTS


def seal_scripts(html: str, *, preview: bool = False) -> str:
    """The page with its policy allowing exactly the inline scripts the theme wrote in it,
    by their SHA-256; JSON data blocks are not scripts.

    `preview`: the preview server injects a script of its own in every page (live reload),
    so the policy allows inline scripts there instead.
    """
    if CSP_SCRIPTS not in html:
        return html
    if preview:
        return html.replace(CSP_SCRIPTS, "'unsafe-inline'", 1)
    hashes = sorted(
        {
            "'sha256-"
            + base64.b64encode(hashlib.sha256(match[2].encode("utf-8")).digest()).decode()
            + "'"
            for match in _inline_scripts(html)
            if "json" not in match[1] and theme_wrote(match[2])
        }
    )
    return html.replace(CSP_SCRIPTS, " ".join(hashes), 1)


def _inline_scripts(html: str) -> Iterator[re.Match[str]]:
    """`_INLINE_SCRIPT.finditer(html)`, tried only where « <script » is: the regex engine
    looks for it ten times slower than `str.find` (0.3 s of a build of 1,000 stories)."""
    start = html.find("<script")
    while start != -1:
        match = _INLINE_SCRIPT.match(html, start)
        if match is not None:
            yield match
        start = html.find("<script", match.end() if match is not None else start + 1)
