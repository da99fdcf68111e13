"""The resource library: search, filters, details, attachments, favourites; HQ edits."""
