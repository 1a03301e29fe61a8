"""The MkDocs adapter: the plugin and the objects it hands MkDocs' events to.

The only package that imports MkDocs. `plugin` is a table of events, each delegating to
`build` (one build's state), `files` (what MkDocs publishes), `searchfeed` (Pagefind, fed
during the build) or `preview` (what `mkdocs serve` keeps from one rebuild to the next).
"""
