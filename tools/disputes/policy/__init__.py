"""The policy as data: timescales from schema/policy.yml, calendars, per-stage deadlines."""
