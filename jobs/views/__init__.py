"""Job board pages, one module per area."""
