"""The Stakeholders section: institutions and people per country, with consent."""
