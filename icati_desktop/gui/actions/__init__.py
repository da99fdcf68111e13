"""The Action plans section: a country's plans, goals and items (table and timeline)."""
