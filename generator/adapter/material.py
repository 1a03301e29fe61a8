"""One correction to Material for MkDocs' script, so that pages make no failed request.

Material's language selector reads every `<link rel="alternate">` of a page as another
language version of the site, and fetches the `sitemap.xml` next to it. Our feeds are
such links (feed readers find them there), so every page asked for `flux/sitemap.xml`,
which does not exist: four 404s per page. Language versions carry `hreflang` and feeds do
not, so the selector is narrowed to `link[rel=alternate][hreflang]` (what Material means;
the same bug is reported upstream as zensical/zensical#908). Feeds stay discoverable; a
site with `extra.alternate` languages keeps its selector.
"""

from __future__ import annotations

import re

BUNDLE = re.compile(r"^assets/javascripts/bundle\.[0-9a-f]+\.min\.js$")
"""Material's main script, as MkDocs lists it among the theme's files."""

_ALTERNATES = re.compile(r"""(["'])link\[rel=alternate\]\1""")


def language_alternates_only(script: str) -> str | None:
    """`script` with its language selector reading only `hreflang` links; None when the
    selector is not found exactly once (another version of Material: nothing is changed)."""
    found = _ALTERNATES.findall(script)
    if len(found) != 1:
        return None
    return _ALTERNATES.sub(lambda m: f"{m[1]}link[rel=alternate][hreflang]{m[1]}", script)
