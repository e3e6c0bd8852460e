"""`launchguard audit`: every phase on one project, joined into credentials, ranked by launch
impact, and turned into a rotation checklist."""
