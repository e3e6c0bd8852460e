"""The engine: every rule compiled once into one matcher, scanning each unit in one pass."""
