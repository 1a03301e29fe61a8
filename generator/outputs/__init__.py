"""What the generator derives from a validated collection, and the outputs it writes.

Derived: summaries (`summary`), indexes and cross-tables (`index`), related stories
(`related`), a bulletin's blocks (`blocks`). Written: the pages and their data (`site`,
`catalogue`, `dashboard`, `sharing`), feeds (`feeds`), open data (`opendata`), email
editions (`newsletter`), the search index (`search`); and the rules every text follows
(`typography`, `sanitize`). No MkDocs here.
"""
