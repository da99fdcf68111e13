"""The outcomes dashboard, the records behind each figure, and a country's national outcomes."""
