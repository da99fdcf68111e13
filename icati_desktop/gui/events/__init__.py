"""The Events section: network meetings, office hours, webinars, trainings."""
