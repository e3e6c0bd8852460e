from launchguard.cli import main

raise SystemExit(main())
