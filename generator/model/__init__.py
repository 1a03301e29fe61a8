"""The content model and its validation: what a story and a bulletin are, and what is wrong.

Reading (`source`, `yamlsource`), the front-matter contract (`schema`, `facets`, `vocabulary`
and its `vocabularies/`), the rules (`validate`, `bulletin`, `query`, `limits`), what a
content folder may hold (`content`), links (`links`, `linkcheck`), addresses (`urls`), and
the located French messages (`problems`, `messages`, `text`). No MkDocs, no page here.
"""
