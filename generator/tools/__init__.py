"""The brokers' tools: the `oqrls` command (`cli`, `report`, `templates/` for new files) and
the browser editor's configuration (`cms`)."""
