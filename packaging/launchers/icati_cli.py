"""Entry point of the packaged headless command (``icati``), beside ``icati-desktop``."""

import sys

from icati_desktop.paths import enter_portable_mode

# As in the app: in portable mode library caches and temporary files stay in icati-data/.
enter_portable_mode()

from icati_desktop.cli import main  # noqa: E402

sys.exit(main())
