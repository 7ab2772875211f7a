"""Qt's own strings (standard dialog buttons, the file dialog, a line edit's context
menu) in the screen's language: Qt's `qtbase_<lang>.qm`, and ours for Azerbaijani,
which Qt does not ship (`assets/locale/qt/qtbase_az.ts`, compiled by `make i18n`)."""

from __future__ import annotations

from importlib import resources

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

_loaded: dict[str, QTranslator] = {}
_current: list[QTranslator] = []


def _translator(language: str) -> QTranslator | None:
    if language in _loaded:
        return _loaded[language]
    translator = QTranslator()
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    ours = str(resources.files("assets").joinpath("locale/qt"))
    if not (
        translator.load(f"qtbase_{language}", ours) or translator.load(f"qtbase_{language}", qt_dir)
    ):
        return None
    _loaded[language] = translator
    return translator


def install_qt_language(language: str) -> bool:
    """Swap Qt's translator for `language` (loaded once per language); False if none."""
    app = QCoreApplication.instance()
    if app is None:
        return False
    QLocale.setDefault(QLocale(language))
    for old in _current:
        app.removeTranslator(old)
    _current.clear()
    translator = _translator(language)
    if translator is None:
        return False
    app.installTranslator(translator)
    _current.append(translator)
    return True
