"""The Meetings section: the list with filters, and the meeting editor."""
