# Replaces PyInstaller's hook of the same name: the same collection, less what
# packaging/bundle_filters.py leaves out (before PyInstaller adds those files' libraries).
from bundle_filters import filtered_qt_dependencies

hiddenimports, binaries, datas = filtered_qt_dependencies(__file__)
