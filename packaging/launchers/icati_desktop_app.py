"""Entry point of the packaged desktop app (``icati-desktop``)."""

import sys

from icati_desktop.paths import enter_portable_mode

# First, before matplotlib or Qt look for their cache folders: with portable.txt beside the
# executable, they (and temporary files) stay in icati-data/ next to it.
enter_portable_mode()

from icati_desktop.__main__ import main  # noqa: E402

sys.exit(main())
