from waybill_ui.cli import main

raise SystemExit(main())
