"""Keep the app's preferences (QSettings) as INI files in a folder of our choosing.

Portable mode keeps them in ``icati-data/settings/`` next to the executable, so a USB
stick carries its language, window layout and last folders and the laptop keeps nothing
(on Windows the default would be the registry, on Linux ``~/.config``). The smoke run
keeps them in its throwaway folder, so it never touches a user's preferences.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings


def keep_settings_in(folder: Path) -> Path:
    """Make every ``QSettings()`` made from now on an INI file under ``folder``.

    Call before the first ``QSettings()``. Returns the file the app's own settings
    (organisation and application names already set) will be in.
    """
    folder.mkdir(parents=True, exist_ok=True)
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    for scope in (QSettings.Scope.UserScope, QSettings.Scope.SystemScope):
        # NativeFormat too: on Linux and macOS QSettings(organisation, application)
        # always uses the native format, which is an INI-style file there.
        for fmt in (QSettings.Format.IniFormat, QSettings.Format.NativeFormat):
            QSettings.setPath(fmt, scope, str(folder))
    return Path(QSettings().fileName())


__all__ = ["keep_settings_in"]
