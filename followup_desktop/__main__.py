from followup_desktop.app import main

raise SystemExit(main())
