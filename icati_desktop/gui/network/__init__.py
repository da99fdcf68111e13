"""The Network section: members, participants, groups, experts and trainers, curricula,
mailing lists."""
