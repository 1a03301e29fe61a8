"""The brokers' tools: the `oqrls` command (`cli`, `report`, `templates/` for new files) and
the browser editor: its forms (`cms`), its rules before saving (`editor_rules`) and its site
at `admin/` (`admin`)."""
