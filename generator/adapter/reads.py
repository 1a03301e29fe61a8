"""What a template reads of its data: the preview's way to know which pages an edit changes.

Each template is parsed, with the templates it extends and includes, and every name it reads
is noted with the attributes read from it (`term.stories`, `oqrls.stories | length`); a
page's digest (`generator.adapter.incremental.Renders`) is then made of exactly those values.
No MkDocs here.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from jinja2 import Environment, nodes

from generator.digest import Memo, fingerprint
from generator.model.story import Story

_LENGTH_FILTERS = frozenset({"length", "count"})
_MISSING = object()


@dataclass(frozen=True)
class Reads:
    """What a template, with the templates it extends and includes, reads of each name."""

    whole: frozenset[str] = frozenset()
    """Names read as a whole (looped over, printed, passed on)."""

    attributes: frozenset[tuple[str, str]] = frozenset()
    """(name, attribute) pairs read in full."""

    lengths: frozenset[tuple[str, str]] = frozenset()
    """(name, attribute) pairs of which only the length is read (attribute "": the name's
    own value, as in `{% if related %}`)."""

    items: frozenset[tuple[str, tuple[str, ...]]] = frozenset()
    """(name, path) pairs: a loop over the name reads the path from each item
    (`{% for item in related %}{{ item.story.title }}` reads ("story", "title"))."""

    templates: tuple[str, ...] = ()
    """Templates one file extends or includes (for one file's reads only)."""

    def names(self) -> set[str]:
        pairs = (*self.attributes, *self.lengths, *self.items)
        return {*self.whole, *(name for name, _ in pairs)}


def template_reads(env: Environment, name: str, parsed: dict[str, Reads] | None = None) -> Reads:
    """The names `name` and every template it extends or includes read. Includes whose
    name is computed (Material's icons) read no page data and are not followed. `parsed`
    keeps each file's own reads, for the next template."""
    parsed = {} if parsed is None else parsed
    whole: set[str] = set()
    attributes: set[tuple[str, str]] = set()
    lengths: set[tuple[str, str]] = set()
    items: set[tuple[str, tuple[str, ...]]] = set()
    seen: set[str] = set()
    pending = [name]
    while pending:
        current = pending.pop()
        if current in seen or env.loader is None:
            continue
        seen.add(current)
        if current not in parsed:
            parsed[current] = _file_reads(env, current)
        found = parsed[current]
        whole |= found.whole
        attributes |= found.attributes
        lengths |= found.lengths
        items |= found.items
        pending.extend(found.templates)
    lengths -= attributes
    return Reads(frozenset(whole), frozenset(attributes), frozenset(lengths), frozenset(items))


def _file_reads(env: Environment, name: str) -> Reads:
    assert env.loader is not None
    tree = env.parse(env.loader.get_source(env, name)[0], name)
    whole: set[str] = set()
    attributes: set[tuple[str, str]] = set()
    lengths: set[tuple[str, str]] = set()
    loops, items = _narrow_loops(tree)
    _collect(tree, None, None, whole, attributes, lengths, loops)
    templates: list[str] = []
    for node in tree.find_all((nodes.Extends, nodes.Include, nodes.Import, nodes.FromImport)):
        template = getattr(node, "template", None)
        if isinstance(template, nodes.Const) and isinstance(template.value, str):
            templates.append(template.value)
        elif isinstance(template, (nodes.List, nodes.Tuple)):
            templates.extend(
                item.value
                for item in template.items
                if isinstance(item, nodes.Const) and isinstance(item.value, str)
            )
    return Reads(
        frozenset(whole),
        frozenset(attributes),
        frozenset(lengths),
        frozenset(items),
        tuple(templates),
    )


def _collect(
    node: nodes.Node,
    parent: nodes.Node | None,
    grandparent: nodes.Node | None,
    whole: set[str],
    attributes: set[tuple[str, str]],
    lengths: set[tuple[str, str]],
    loops: set[int],
) -> None:
    if isinstance(node, nodes.Name) and node.ctx == "load":
        attribute = _attribute_of(node, parent)
        if isinstance(parent, nodes.For) and node is parent.iter and id(parent) in loops:
            pass  # its items are read as `_narrow_loops` found
        elif attribute is None and (
            (isinstance(parent, nodes.If) and node is parent.test)
            or (
                isinstance(parent, nodes.Filter)
                and parent.name in _LENGTH_FILTERS
                and node is parent.node
            )
        ):
            lengths.add((node.name, ""))  # `{% if related %}`, `related | length`
        elif attribute is None:
            whole.add(node.name)
        elif (
            isinstance(grandparent, nodes.Filter)
            and grandparent.name in _LENGTH_FILTERS
            and grandparent.node is parent
        ):
            lengths.add((node.name, attribute))
        else:
            attributes.add((node.name, attribute))
    for child in node.iter_child_nodes():
        _collect(child, node, parent, whole, attributes, lengths, loops)


_PURE_FILTERS = frozenset(
    {
        "url", "e", "escape", "safe", "string", "length", "count", "lower", "upper", "trim",
        "striptags", "truncate", "default", "d", "int", "float", "round", "replace", "join",
        "first", "last", "tojson", "date_longue", "typographie", "typographie_texte", "extrait",
    }
)  # fmt: skip
"""Filters whose result follows from the value they filter alone (none looks data up)."""

_VALUE_USES = (
    nodes.Output, nodes.If, nodes.CondExpr, nodes.Compare, nodes.Operand, nodes.Test,
    nodes.Concat, nodes.Not, nodes.And, nodes.Or, nodes.BinExpr, nodes.For, nodes.Getitem,
    nodes.MarkSafe, nodes.MarkSafeIfAutoescape,
)  # fmt: skip
"""Where an item's value is only shown, tested or looped over: its digest stands for it."""


def _narrow_loops(tree: nodes.Template) -> tuple[set[int], set[tuple[str, tuple[str, ...]]]]:
    """Loops over a name of the data whose variable is only read through attribute chains
    (`{% for item in related %}…{{ item.story.title }}`): the page then depends on those
    chains of each item rather than on each item whole (a related story's title, not its
    whole file). A variable passed on (to a macro, an include, a `set`, a lookup key) makes
    its loop read the items whole. Returns the ids of those loops and their (name, path)s."""
    parents: dict[int, nodes.Node] = {}
    for node in tree.find_all(nodes.Node):
        for child in node.iter_child_nodes():
            parents[id(child)] = node
    loops: set[int] = set()
    items: set[tuple[str, tuple[str, ...]]] = set()
    for loop in tree.find_all(nodes.For):
        if not (
            isinstance(loop.iter, nodes.Name)
            and loop.iter.ctx == "load"
            and isinstance(loop.target, nodes.Name)
        ):
            continue
        variable = loop.target.name
        inside = [*loop.body, *loop.else_, *([loop.test] if loop.test is not None else [])]
        passing = (nodes.Include, nodes.CallBlock)
        if any(
            isinstance(node, passing) or next(node.find_all(passing), None) is not None
            for node in inside
        ):
            continue  # an included template sees the variable
        paths = _variable_paths(inside, variable, parents)
        if paths is not None:
            loops.add(id(loop))
            items.update((loop.iter.name, path) for path in paths)
    return loops, items


def _variable_paths(
    body: list[nodes.Node], variable: str, parents: dict[int, nodes.Node]
) -> set[tuple[str, ...]] | None:
    """The attribute chains `variable` is read through in `body`; None if it is read
    otherwise (whole, or its value used to look something up)."""
    paths: set[tuple[str, ...]] = set()
    for top in body:
        uses = [top] if isinstance(top, nodes.Name) else list(top.find_all(nodes.Name))
        for name in uses:
            if name.name != variable:
                continue
            if name.ctx != "load":
                return None  # assigned again in the loop
            path: list[str] = []
            node: nodes.Node = name
            parent = parents.get(id(node))
            while isinstance(parent, nodes.Getattr) and parent.node is node:
                path.append(parent.attr)
                node, parent = parent, parents.get(id(parent))
            if not path or parent is None:
                return None
            if isinstance(parent, nodes.Filter):
                if parent.node is not node or parent.name not in _PURE_FILTERS:
                    return None
            elif isinstance(parent, nodes.Getitem):
                if parent.node is not node:
                    return None  # used as a key: `cards[item.slug]`
            elif not isinstance(parent, _VALUE_USES):
                return None
            paths.add(tuple(path))
    return paths


def _attribute_of(name: nodes.Name, parent: nodes.Node | None) -> str | None:
    """`x` in `name.x` or `name["x"]`; None when the name is read otherwise."""
    if isinstance(parent, nodes.Getattr) and parent.node is name:
        return parent.attr
    if (
        isinstance(parent, nodes.Getitem)
        and parent.node is name
        and isinstance(parent.arg, nodes.Const)
        and isinstance(parent.arg.value, str)
    ):
        return parent.arg.value
    return None


def _read(value: object, attribute: str) -> object:
    """`value.attribute` as Jinja reads it: the attribute, else the item. Any attribute of a
    story counts as the story (see `fingerprint`)."""
    if isinstance(value, Story):
        return value
    found = getattr(value, attribute, _MISSING)
    if found is _MISSING and isinstance(value, Mapping):
        found = value.get(attribute, _MISSING)
    return None if found is _MISSING else found


@dataclass(frozen=True)
class Plan:
    """What a template reads of one set of data names, sorted once: the same for every
    page of that template (a thousand story pages)."""

    whole: tuple[str, ...]
    attributes: tuple[tuple[str, str], ...]
    lengths: tuple[tuple[str, str], ...]
    items: tuple[tuple[str, tuple[tuple[str, ...], ...]], ...]


def plan_for(reads: Reads, names: Iterable[str]) -> Plan:
    present = set(names)
    # Templates read hundreds of names (Material's); a page's data has a handful.
    looped: dict[str, list[tuple[str, ...]]] = {}
    for name, path in sorted(pair for pair in reads.items if pair[0] in present):
        if name not in reads.whole:
            looped.setdefault(name, []).append(path)
    return Plan(
        tuple(sorted(reads.whole & present)),
        tuple(sorted(p for p in reads.attributes if p[0] in present and p[0] not in reads.whole)),
        tuple(sorted(p for p in reads.lengths if p[0] in present and p[0] not in reads.whole)),
        tuple((name, tuple(paths)) for name, paths in looped.items()),
    )


def reads_digest(
    reads: Reads, data: Mapping[str, object], memo: Memo | None = None, plan: Plan | None = None
) -> str:
    """A digest of what `reads` reads of `data` (a page's context and the content globals);
    `plan`, if given, is `plan_for(reads, data)`."""
    plan = plan or plan_for(reads, data)
    shown: list[object] = []
    for name in plan.whole:
        shown += ["whole", name, data[name]]
    for name, attribute in plan.attributes:
        shown += ["attribute", name, attribute, _read(data[name], attribute)]
    for name, attribute in plan.lengths:
        if attribute:
            value = _read(data[name], attribute)
            size = len(value) if isinstance(value, (list, tuple, Mapping, str)) else repr(value)
        else:  # the name itself, tested or counted (its other reads count on their own)
            value = data[name]
            sized = isinstance(value, (list, tuple, Mapping, str))
            size = len(value) if sized else bool(value)  # type: ignore[arg-type]
        shown += ["length", name, attribute, size]
    for name, paths in plan.items:
        value = data[name]
        if isinstance(value, (list, tuple)):
            shown += [
                "items",
                name,
                paths,
                [[_path(item, path) for path in paths] for item in value],
            ]
        else:  # a mapping or any other iterable: whole
            shown += ["whole", name, value]
    return fingerprint(shown, memo=memo)


def _path(value: object, path: tuple[str, ...]) -> object:
    """`value.a.b` as Jinja reads it (the attribute, else the item; undefined: None)."""
    for attribute in path:
        found = getattr(value, attribute, _MISSING)
        if found is _MISSING and isinstance(value, Mapping):
            found = value.get(attribute, _MISSING)
        if found is _MISSING:
            return None
        value = found
    return value
