"""Small pieces every app shares: sanitized Markdown rendering."""
