from launchguard.cli import main

# Guarded: where the log worker starts as a fresh interpreter (not Linux), that interpreter
# imports this module again and must not run the command a second time.
if __name__ == "__main__":
    raise SystemExit(main())
