"""Qt's own dialogs speak the screen's language: Qt's translations, ours for Azerbaijani."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtWidgets import QDialogButtonBox, QFileDialog, QPushButton

from kiosk_app.ui.qt_language import install_qt_language


def _buttons(qtbot: Any) -> QDialogButtonBox:
    box = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
    )
    qtbot.addWidget(box)
    return box


@pytest.mark.parametrize(
    ("language", "cancel"), [("az", "İmtina"), ("ru", "Отмена"), ("en", "Cancel")]
)
def test_standard_buttons_in_the_chosen_language(qtbot: Any, language: str, cancel: str) -> None:
    try:
        assert install_qt_language(language)
        box = _buttons(qtbot)
        button = box.button(QDialogButtonBox.StandardButton.Cancel)
        assert isinstance(button, QPushButton)
        assert button.text() == cancel
    finally:
        install_qt_language("en")


def test_the_file_dialog_in_azerbaijani(qtbot: Any) -> None:
    try:
        assert install_qt_language("az")
        dialog = QFileDialog()
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
        qtbot.addWidget(dialog)
        labels = {w.text() for w in dialog.findChildren(QPushButton)}
        assert "İmtina" in labels
    finally:
        install_qt_language("en")
