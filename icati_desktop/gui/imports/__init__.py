"""File > Import a spreadsheet…: people, meetings, action items and network records."""
