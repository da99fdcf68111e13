"""The Country workspace: one screen per country (phase, plan, meetings, people, advice)."""
