"""What the user sees and hears after a scan: one colour, message and sound per outcome.

Sounds are ``resources/sounds/<outcome>.wav`` (made by ``scripts/make_sounds.py``), played with
QtMultimedia when the Qt build has it; PySide6-Essentials does not, so the fallback is the system
beep repeated in a pattern that still tells the outcomes apart.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from PySide6.QtCore import Qt, QTimer, QUrl
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import QApplication, QLabel, QSizePolicy, QWidget

from evidence_store.i18n import N_, _

try:  # only in PySide6-Addons builds
    from PySide6.QtMultimedia import QSoundEffect
except ImportError:  # pragma: no cover - depends on the installed wheel
    QSoundEffect = None

SOUNDS_DIR = Path(__file__).resolve().parent.parent / "resources" / "sounds"


class Outcome(enum.Enum):
    FOUND = "found"
    UNKNOWN = "unknown"  # well-formed or malformed, but no such item
    INVALID_CHECK = "invalid_check"  # check character wrong: a misread or a typo
    DUPLICATE = "duplicate"  # already in this batch
    WRONG_PLACE = "wrong_place"  # params: expected (the location it belongs to)
    REFUSED = "refused"  # params: reason (e.g. the item is not in storage)


@dataclass(frozen=True)
class Look:
    background: str
    foreground: str
    msgid: str  # Vietnamese source text; {code} / {expected} placeholders
    beeps: int  # fallback pattern when no sound file can be played


PALETTE: dict[Outcome, Look] = {
    Outcome.FOUND: Look("#2e7d32", "#ffffff", N_("Đã tìm thấy"), 1),
    Outcome.UNKNOWN: Look("#ef6c00", "#ffffff", N_("Không tìm thấy mã {code}"), 3),
    Outcome.INVALID_CHECK: Look(
        "#c62828", "#ffffff", N_("Mã không hợp lệ (sai ký tự kiểm tra): {code}"), 4
    ),
    Outcome.DUPLICATE: Look("#1565c0", "#ffffff", N_("Vật chứng đã có trong danh sách"), 2),
    Outcome.WRONG_PLACE: Look("#6a1b9a", "#ffffff", N_("Sai vị trí: vật chứng thuộc {expected}"), 5),
    Outcome.REFUSED: Look("#37474f", "#ffffff", N_("Không nhận: {reason}"), 6),
}
NEUTRAL = "background-color: palette(window); color: palette(window-text); padding: 6px;"


def message(outcome: Outcome, **params: object) -> str:
    return _(PALETTE[outcome].msgid, **params)


def sound_path(outcome: Outcome) -> Path:
    return SOUNDS_DIR / f"{outcome.value}.wav"


class ScanSounds:
    """Plays the outcome's sound; ``beep`` is injectable so tests can count beeps."""

    BEEP_SPACING_MS = 160

    def __init__(
        self,
        directory: Path = SOUNDS_DIR,
        *,
        muted: bool = False,
        use_multimedia: bool = True,
        beep: Callable[[], None] = QApplication.beep,
    ) -> None:
        self.directory = directory
        self.muted = muted
        self._beep = beep
        self._effects: dict[Outcome, object] = {}
        self.backend = "qtmultimedia" if (QSoundEffect and use_multimedia) else "beep"

    def play(self, outcome: Outcome) -> None:
        if self.muted:
            return
        if self.backend == "qtmultimedia":
            self._effect(outcome).play()
            return
        for i in range(PALETTE[outcome].beeps):
            QTimer.singleShot(i * self.BEEP_SPACING_MS, self._beep)

    def _effect(self, outcome: Outcome):
        if outcome not in self._effects:
            effect = QSoundEffect()
            effect.setSource(QUrl.fromLocalFile(str(self.directory / f"{outcome.value}.wav")))
            self._effects[outcome] = effect
        return self._effects[outcome]


class ScanIndicator(QLabel):
    """A banner that flashes the outcome's colour and message, then returns to neutral
    colours (the message stays readable until the next scan).

    ``single_line`` (the main window's top bar): one line of fixed height, a long message elided
    with the whole of it in the tooltip — a message that wrapped to a second line made the whole
    top bar grow by a line and the screen below jump while it showed (issue 17). ``text()`` still
    answers the whole message."""

    PADDING = 6  # px, the stylesheets' padding

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        sounds: ScanSounds | None = None,
        flash_ms: int = 1500,
        single_line: bool = False,
    ) -> None:
        super().__init__(parent)
        self.sounds = sounds if sounds is not None else ScanSounds()
        self.outcome: Outcome | None = None
        self.single_line = single_line
        self._full = ""
        self._flash = QTimer(self)
        self._flash.setSingleShot(True)
        self._flash.setInterval(flash_ms)
        self._flash.timeout.connect(self._calm)
        self.setWordWrap(not single_line)
        self.setStyleSheet(NEUTRAL)
        if single_line:
            bold = QFont(self.font())
            bold.setBold(True)  # the flashing look is bold: the height fits both
            line = max(self.fontMetrics().height(), QFontMetrics(bold).height())
            self.setFixedHeight(line + 2 * self.PADDING + 2)
            self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def text(self) -> str:  # noqa: D102 - the whole message, also when the label shows it elided
        return self._full if self.single_line else super().text()

    def setText(self, text: str) -> None:  # noqa: N802 (Qt)
        if not self.single_line:
            super().setText(text)
            return
        self._full = text or ""
        self.setToolTip(self._full)
        self._show_elided()

    def clear(self) -> None:
        self.setText("")

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt)
        super().resizeEvent(event)
        if self.single_line:
            self._show_elided()

    def _show_elided(self) -> None:
        width = max(0, self.contentsRect().width() - 2 * self.PADDING)
        font = QFont(self.font())
        font.setBold(True)  # measured as flashing (bold, the wider look): the text never overflows
        shown = QFontMetrics(font).elidedText(self._full, Qt.TextElideMode.ElideRight, width) if width else self._full
        QLabel.setText(self, shown)

    @property
    def flashing(self) -> bool:
        return self._flash.isActive()

    def show_outcome(self, outcome: Outcome, **params: object) -> None:
        look = PALETTE[outcome]
        self.outcome = outcome
        self.setText(message(outcome, **params))
        self.setStyleSheet(
            f"background-color: {look.background}; color: {look.foreground};"
            " font-weight: bold; padding: 6px;"
        )
        self.sounds.play(outcome)
        self._flash.start()

    def _calm(self) -> None:
        self.setStyleSheet(NEUTRAL)

    def calm_and_clear(self) -> None:
        """Another screen: the last scan's message is no longer about what is shown."""
        self._flash.stop()
        self.outcome = None
        self.clear()
        self._calm()
