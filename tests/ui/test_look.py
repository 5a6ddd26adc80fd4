"""The app's icon: drawn at every size a window, the tray and a notification ask for."""

from __future__ import annotations

from PySide6.QtGui import QImage

from followup_desktop.ui.look import ICON_SIZES, app_icon


def test_the_icon_comes_at_each_size_and_is_drawn(qapp) -> None:  # type: ignore[no-untyped-def]
    icon = app_icon()
    assert sorted(s.width() for s in icon.availableSizes()) == sorted(ICON_SIZES)
    for size in (16, 32, 128):
        image = icon.pixmap(size, size).toImage().convertToFormat(QImage.Format.Format_ARGB32)
        assert image.width() == size
        opaque = sum(
            1
            for y in range(0, size, max(1, size // 16))
            for x in range(0, size, max(1, size // 16))
            if image.pixelColor(x, y).alpha() > 0
        )
        assert opaque > 0, f"the {size} px icon is empty"
