"""The blocks an editor places in a bulletin (`::: recit`, `::: liste`), from the Markdown
placeholder written for each to the HTML put in its place.

The one module that knows the placeholders. Lifetime of what it holds: `BulletinBodies`
lives for one build; it receives each bulletin page's HTML once MkDocs has rendered it,
fills the placeholders, and keeps the result for the email editions, which refuse to go
out without it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping

from markupsafe import Markup

from generator.model import links
from generator.model.bulletin import RESERVED_MARK, Block, Bulletin
from generator.model.story import Story

_CARD_TITLE = re.compile(r'<h3( class="oqrls-carte__titre".*?)</h3>', re.DOTALL)
_PLACEHOLDER = re.compile(rf'<div class="oqrls-bloc" {RESERVED_MARK}="(\d+)"></div>')


def _placeholder(index: int) -> str:
    """A raw-HTML line Markdown leaves alone, replaced after rendering by block `index`."""
    return f'\n<div class="oqrls-bloc" {RESERVED_MARK}="{index}"></div>\n'


def bulletin_markdown(bulletin: Bulletin) -> str:
    """The body for MkDocs: blocks become placeholders, `recit:` links and attachments
    paths from the page (so that MkDocs resolves them like any other, see
    `generator.model.links`)."""
    page = bulletin.permalink
    parts: list[str] = []
    blocks = 0
    for segment in bulletin.segments:
        if isinstance(segment, Block):
            parts.append(_placeholder(blocks))
            blocks += 1
        else:
            parts.append(links.rewrite(segment, bulletin.links, page))
    return "\n".join(parts)


class MissingBodyError(Exception):
    """A bulletin's page was not rendered, or lost a block: its email cannot go out."""


class BulletinBodies:
    """Each bulletin's editorial HTML with its blocks in place, for one build.

    `cards` are the stories' cards (rendered once per build); `render_list` renders a list
    block (its stories, and how many the issue presents elsewhere).
    """

    def __init__(
        self,
        cards: Mapping[str, Markup],
        render_list: Callable[[Block], Markup],
    ) -> None:
        self._cards = cards
        self._render_list = render_list
        self._bodies: dict[str, str] = {}

    def _block(self, block: Block) -> Markup:
        if block.kind == "carte":
            return self._cards[block.stories[0].slug]
        return self._render_list(block)

    def fill(self, bulletin: Bulletin, html: str) -> str:
        """`html` (the page MkDocs rendered) with each block's HTML where its placeholder is;
        kept as the bulletin's body."""
        blocks = [self._block(block) for block in bulletin.blocks]
        found = [int(match[1]) for match in _PLACEHOLDER.finditer(html)]
        if sorted(found) != list(range(len(blocks))):
            raise MissingBodyError(
                f"{bulletin.path.as_posix()} : {len(blocks)} bloc(s) placé(s) dans le texte, "
                f"{len(found)} retrouvé(s) dans la page rendue"
            )

        def placed(match: re.Match[str]) -> str:
            html_of_block = str(blocks[int(match[1])])
            if "<h2" not in html[: match.start()]:
                # Before the text's first section, a card heads its own: its title is an h2
                # (an h3 right under the page's h1 would skip a level).
                html_of_block = _CARD_TITLE.sub(r"<h2\1</h2>", html_of_block, count=1)
            return html_of_block

        body = _PLACEHOLDER.sub(placed, html)
        self._bodies[bulletin.slug] = body
        return body

    def card(self, story: Story) -> Markup:
        """The card of `story`, as the bulletin's page shows it."""
        return self._cards[story.slug]

    def keep(self, bulletin: Bulletin, body: str) -> None:
        """`body` is the filled body of `bulletin`, as an earlier build rendered it from
        the same inputs (the preview does not render an unchanged page again)."""
        self._bodies[bulletin.slug] = body

    def body(self, bulletin: Bulletin) -> str:
        """The filled body of `bulletin`; an error when its page was never filled."""
        try:
            return self._bodies[bulletin.slug]
        except KeyError:
            raise MissingBodyError(
                f"{bulletin.path.as_posix()} : la page du bulletin n'a pas été rendue, "
                "son édition courriel serait vide"
            ) from None
