"""Bringing spreadsheets into the store: people, meetings, action items, network records.

Every kind checks all rows first and lists every problem by row and column; nothing is
written unless every row is good, and then everything is written in one transaction.
"""
