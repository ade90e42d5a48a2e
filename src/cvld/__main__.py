from cvld.cli.main import main

raise SystemExit(main())
