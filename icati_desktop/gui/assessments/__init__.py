"""Country ATI self-assessments: the list, the guided fill-in."""
