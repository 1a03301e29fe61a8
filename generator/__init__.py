"""OQRLS knowledge site generator: stories in, French site out.

The core pipeline (load → validate → enrich → index) lives in packages that do not import
MkDocs: `generator.model` (the content and its validation) and `generator.outputs` (what is
derived and published); `generator.adapter.plugin` adapts it to MkDocs' events and
`generator.tools.cli` to the shell.
"""

__version__ = "0.1.0"
