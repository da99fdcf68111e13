"""Languages named in the UI language from that language's own CLDR data: the packaged app
ships CLDR data only for its UI languages (packaging/bundle_filters.py), and a resource, an
event or an expert may name any language."""

from __future__ import annotations

import pytest
from babel import Locale, UnknownLocaleError

from icati_desktop import i18n
from icati_desktop.store import labels
from icati_desktop.store.labels import language_label


@pytest.fixture
def ui_locales_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """As in the package: parsing a locale other than a UI language fails."""
    parse = Locale.parse

    def packaged(identifier: object, *args: object, **kwargs: object) -> Locale:
        if str(identifier).replace("-", "_").split("_")[0] not in i18n.SUPPORTED_LANGUAGES:
            raise UnknownLocaleError(str(identifier))
        return parse(identifier, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(labels.Locale, "parse", staticmethod(packaged))
    labels._language_label.cache_clear()


@pytest.mark.usefixtures("ui_locales_only")
@pytest.mark.parametrize(
    ("code", "language", "name"),
    [
        ("ru", "en", "Russian"),
        ("ru", "fr", "Russe"),
        ("sw", "es", "Suajili"),
        ("pt-BR", "fr", "Portugais (Brésil)"),
        ("fr", "ar", "الفرنسية"),
        ("xx", "en", "xx"),
    ],
)
def test_any_language_is_named_with_the_ui_languages_data_only(
    code: str, language: str, name: str
) -> None:
    i18n.set_language(language)
    try:
        assert language_label(code) == name
    finally:
        i18n.set_language("en")
        labels._language_label.cache_clear()
