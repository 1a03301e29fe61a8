"""The email editions of each bulletin: a responsive HTML email and a plain-text edition.

Both are made from the bulletin's page as MkDocs rendered it (`generator.outputs.blocks` hands over
the body with its blocks filled): MkDocs has already resolved and checked every link of the
body relative to the page, so making them absolute against the page's published address
gives the address each link has on the site. Heading anchors (¶) are removed, not hidden.
The HTML edition is laid out in MJML (mjml-python) and its styles inlined (css-inline); the
text edition is the same HTML read by inscriptis. The templates are in `theme/courriel/`,
a folder the plugin keeps out of the published site.
"""

from __future__ import annotations

import re
import secrets
import textwrap
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path
from urllib.parse import urljoin

import css_inline
import lxml.html
import mjml
from inscriptis import css_profiles
from inscriptis.html_engine import Inscriptis
from inscriptis.model.config import ParserConfig
from jinja2 import Environment
from markupsafe import Markup, escape

from generator.collection import Collection
from generator.model import urls
from generator.model.bulletin import Bulletin
from generator.model.problems import Problem, Severity
from generator.outputs.blocks import BulletinBodies
from generator.settings import Sender

TEMPLATES = "courriel"
"""Folder of `theme/` holding the email templates: read by the generator, never published."""
HTML_TEMPLATE = f"{TEMPLATES}/courriel.mjml"
TEXT_TEMPLATE = f"{TEMPLATES}/courriel.txt"
GMAIL_CLIP_BYTES = 102_000
"""Gmail shows « [Message tronqué] » past about 102 Ko of HTML: warn before."""

_HEADERLINKS = "//a[contains(concat(' ', normalize-space(@class), ' '), ' headerlink ')]"
# Links whose address a reader does not need written out: the term chips and the region of
# a card (the print stylesheet, impression.css, leaves out the same ones).
_UNADDRESSED = (
    "//a[contains(concat(' ', normalize-space(@class), ' '), ' oqrls-puce ')]"
    " | //*[contains(concat(' ', normalize-space(@class), ' '), ' oqrls-carte__meta ')]//a"
)
_CHIP = "contains(concat(' ', normalize-space(@class), ' '), ' oqrls-puce ')"


@dataclass
class EmailEditions:
    """The email files of every bulletin, and what their editor should know about them."""

    files: dict[str, bytes] = field(default_factory=dict)
    """`bulletins/<slug>/courriel.html` and `.txt`, by path in the site."""

    warnings: list[Problem] = field(default_factory=list)
    """A missing sender detail, an email Gmail would clip."""


def _fragment(html: str) -> lxml.html.HtmlElement:
    return lxml.html.fragment_fromstring(html, create_parent="div")


def _inner_html(element: lxml.html.HtmlElement) -> str:
    return (element.text or "") + "".join(
        lxml.html.tostring(child, encoding="unicode") for child in element
    )


def email_html(html: str, page_url: str) -> Markup:
    """`html` (part of the page at `page_url`) for an email: every link and image address
    absolute, heading anchors removed, cards as blocks every mail client styles."""
    fragment = _fragment(html)
    for anchor in fragment.xpath(_HEADERLINKS):
        anchor.drop_tree()
    # Outlook for Windows does not style HTML5 sections: a card is a plain block there.
    for article in fragment.xpath("//article"):
        article.tag = "div"
        article.attrib.pop("aria-labelledby", None)
    # Term chips follow each other without a space: mail clients that ignore their border
    # and margin (Outlook for Windows) would run their labels together.
    for chip in fragment.xpath(f"//a[{_CHIP}][following-sibling::node()[1][self::a[{_CHIP}]]]"):
        chip.tail = " "
    fragment.make_links_absolute(page_url, resolve_base_href=False, handle_failures="ignore")
    return Markup(_inner_html(fragment))


_KEPT_SPACES = (("\u00a0", "\ue000"), ("&nbsp;", "\ue000"), ("\u202f", "\ue001"))
"""No-break spaces of French typography, and the private-use characters that stand for them
while inscriptis lays the text out (it makes every space a plain one)."""


def html_as_text(html: str) -> str:
    """Email HTML as plain text: block layout and list bullets by inscriptis, each link
    followed by its address in parentheses, headings of sections in capitals, no-break
    spaces kept."""
    for space, stand_in in _KEPT_SPACES:
        html = html.replace(space, stand_in)
    fragment = _fragment(html)
    for link in fragment.xpath(_UNADDRESSED):
        link.attrib.pop("href", None)
        if link.getnext() is not None and link.getnext().xpath(f"self::a[{_CHIP}]"):
            link.tail = ", " + (link.tail or "")
    for link in fragment.xpath("//a[@href]"):
        address = link.get("href", "")
        if address != link.text_content().strip():
            link.tail = f" ({address})" + (link.tail or "")
    for heading in fragment.xpath("//h1 | //h2"):
        for node in heading.iter():
            node.text = node.text.upper() if node.text else node.text
            if node is not heading:
                node.tail = node.tail.upper() if node.tail else node.tail
    # The strict profile: the browser's layout, without the indented <div> of the relaxed one.
    config = ParserConfig(css=css_profiles.CSS_PROFILES["strict"])
    text = Inscriptis(fragment, config).get_text()
    text = text.replace("\ue000", "\u00a0").replace("\ue001", "\u202f")
    lines = [line.rstrip() for line in text.strip("\n").splitlines()]
    return "\n".join(lines)


TEXT_WIDTH = 72
"""Columns of the plain-text edition, as mail clients that do not wrap expect."""
_BULLET = re.compile(r"^(\s*)(\* |- |\d+\. )?")


def wrap_text(text: str, width: int = TEXT_WIDTH) -> str:
    """`text` with each line wrapped at `width` columns: never at a no-break space (French
    typography keeps « : » with its word; `textwrap` breaks at ASCII whitespace only), never
    inside an address, list items indented under their bullet."""
    lines = []
    for line in text.split("\n"):
        if len(line) <= width:
            lines.append(line)
            continue
        indent = _BULLET.match(line)
        hanging = " " * len(indent[0]) if indent else ""
        lines.extend(
            textwrap.wrap(
                line,
                width,
                subsequent_indent=hanging,
                break_long_words=False,
                break_on_hyphens=False,
            )
        )
    return "\n".join(lines)


def mjml_to_html(source: str) -> str:
    """The MJML of the email as HTML tables, its styles inlined in every element."""
    html = mjml.mjml2html(source)
    # MJML labels the message « email » for screen readers: the email is in French.
    html = html.replace('aria-roledescription="email"', 'aria-roledescription="courriel"')
    # The <style> kept holds only what cannot be inlined: MJML's media queries and resets.
    inliner = css_inline.CSSInliner(
        keep_style_tags=True, remove_inlined_selectors=True, load_remote_stylesheets=False
    )
    return str(inliner.inline(html))


NO_SUBSCRIPTION = (
    "option subscribe_url absente : le site ne propose pas de recevoir Le Relais par "
    "courriel, seulement ses flux ; pour le proposer, donnez l'adresse du formulaire "
    "d'inscription de votre outil d'envoi sous « - oqrls: » dans plugins"
)
"""Said (as information) when a site with bulletins offers no email sign-up: a choice a
site may make, so it does not fail `--strict` like a missing anti-spam detail does."""


def sender_warnings(sender: Sender, config_file: Path, line: int) -> list[Problem]:
    """What Canada's anti-spam law requires in every email and mkdocs.yml does not give;
    located at the plugin's options (`line` of `config_file`)."""
    missing = {
        "postal_address": (sender.postal_address, "l'adresse postale de l'expéditeur"),
        "unsubscribe_link": (sender.unsubscribe_link, "un lien de désabonnement"),
    }
    return [
        Problem(
            config_file,
            line,
            option,
            f"option absente : la Loi canadienne anti-pourriel exige {what} dans chaque "
            "courriel de Le Relais ; ajoutez-la sous « - oqrls: » dans plugins",
            Severity.WARNING,
        )
        for option, (value, what) in missing.items()
        if not value
    ]


_UNSUBSCRIBE_SLOT = f"oqrls-desabonnement-{secrets.token_hex(16)}"
"""Where the configured unsubscribe link goes once the rest is neutralised: a word no
content can hold, since it is drawn anew at each run (the output does not contain it)."""


def with_merge_tags_neutralised(edition: str, unsubscribe_link: str) -> str:
    """An email edition in which only the configured unsubscribe link is a merge tag.

    A mailing tool runs every `*|TAG|*` of the message (`*|UNSUB|*`, `*|FEEDBLOCK:…|*`): one
    typed in a title or a story is shown with a word joiner (U+2060, invisible) after its
    `*`, which the tool no longer reads as a tag.
    """
    return edition.replace("*|", "*\u2060|").replace(_UNSUBSCRIBE_SLOT, unsubscribe_link)


def email_editions(
    env: Environment,
    collection: Collection,
    site_url: str,
    bodies: BulletinBodies,
    sender: Sender,
    kept: Callable[[Bulletin, Callable[[], EmailEditions]], EmailEditions] | None = None,
) -> EmailEditions:
    """`bulletins/<slug>/courriel.html` and `courriel.txt` for every bulletin.

    `bodies` holds each bulletin's HTML as its page shows it (blocks filled); a bulletin
    without one raises `MissingBodyError` rather than go out empty. `kept(bulletin, make)`,
    if given, may give a bulletin's editions from an earlier build instead of `make()` (the
    preview's cache, keyed by what the bulletin's page shows).
    """
    editions = EmailEditions()
    html_template = env.get_template(HTML_TEMPLATE)
    text_template = env.get_template(TEXT_TEMPLATE)
    # A card's links start from the site root: its email HTML and text are the same in
    # every bulletin, so each card is converted once per build.
    converted: dict[str, tuple[Markup, str]] = {}

    def edition(bulletin: Bulletin) -> EmailEditions:
        made = EmailEditions()
        page_url = urljoin(site_url, bulletin.url)
        body = email_html(bodies.body(bulletin), page_url)
        for story in bulletin.other_stories:
            if story.slug not in converted:
                card = email_html(bodies.card(story), page_url)
                converted[story.slug] = (card, html_as_text(card))
        cards = [converted[story.slug] for story in bulletin.other_stories]
        context = {
            "bulletin": bulletin,
            "sender": sender,
            "site_url": site_url,
            "page_url": page_url,
        }
        if sender.unsubscribe_link:
            context["sender"] = replace(sender, unsubscribe_link=_UNSUBSCRIBE_SLOT)
        html = with_merge_tags_neutralised(
            mjml_to_html(
                html_template.render(body=body, cards=[card for card, _ in cards], **context)
            ),
            str(escape(sender.unsubscribe_link or "")),
        )
        size = len(html.encode("utf-8"))
        if size > GMAIL_CLIP_BYTES:
            made.warnings.append(
                Problem(
                    bulletin.path,
                    1,
                    "courriel",
                    f"édition courriel de {size // 1000} Ko : Gmail tronque les messages de "
                    f"plus de {GMAIL_CLIP_BYTES // 1000} Ko ; placez moins de cartes ou "
                    "raccourcissez le texte",
                    Severity.WARNING,
                )
            )
        text = with_merge_tags_neutralised(
            wrap_text(
                text_template.render(
                    body=html_as_text(body), cards=[card for _, card in cards], **context
                )
            ),
            sender.unsubscribe_link or "",
        )
        made.files[urls.email(bulletin.slug, "html")] = html.encode("utf-8")
        made.files[urls.email(bulletin.slug, "txt")] = (text.strip() + "\n").encode("utf-8")
        return made

    for bulletin in collection.bulletins:
        one = edition(bulletin) if kept is None else kept(bulletin, partial(edition, bulletin))
        editions.files.update(one.files)
        editions.warnings.extend(one.warnings)
    return editions
