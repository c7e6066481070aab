"""The messaging API: the caller's threads and their messages."""
