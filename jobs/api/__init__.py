"""The job board's REST API (mounted under /api/v1/)."""
