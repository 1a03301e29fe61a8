"""OQRLS knowledge site generator: stories in, French site out.

The core pipeline (load → validate → enrich → index) lives in plain modules that do not
import MkDocs; `generator.plugin` adapts it to MkDocs events and `generator.cli` to the shell.
"""

__version__ = "0.1.0"
