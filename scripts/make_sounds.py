"""Generate the scan feedback sounds into resources/sounds/*.wav (run once; the WAVs are committed).

Each outcome gets a pattern a warehouse worker can tell apart without looking at the screen:
found = one short high chirp; duplicate = two quick mid beeps; unknown = one long low tone;
invalid check character = three falling tones; wrong place = a two-tone warble;
refused (not in storage) = a falling low pair.
"""

from __future__ import annotations

import math
import struct
import wave
from pathlib import Path

RATE = 22050
VOLUME = 0.5
SOUNDS = Path(__file__).resolve().parent.parent / "resources" / "sounds"

# outcome value → list of (frequency Hz, or 0 for silence; duration seconds)
PATTERNS: dict[str, list[tuple[float, float]]] = {
    "found": [(1760, 0.09)],
    "duplicate": [(988, 0.07), (0, 0.05), (988, 0.07)],
    "unknown": [(330, 0.35)],
    "invalid_check": [(880, 0.09), (660, 0.09), (440, 0.16)],
    "wrong_place": [(587, 0.08), (880, 0.08), (587, 0.08), (880, 0.08)],
    "refused": [(440, 0.12), (0, 0.04), (294, 0.28)],
}


def tone(freq: float, seconds: float) -> list[int]:
    n = int(RATE * seconds)
    ramp = max(1, int(RATE * 0.005))  # 5 ms fade in/out: no clicks
    samples = []
    for i in range(n):
        envelope = min(1.0, i / ramp, (n - 1 - i) / ramp)
        value = math.sin(2 * math.pi * freq * i / RATE) if freq else 0.0
        samples.append(int(32767 * VOLUME * envelope * value))
    return samples


def write(name: str, pattern: list[tuple[float, float]]) -> Path:
    samples = [s for freq, seconds in pattern for s in tone(freq, seconds)]
    path = SOUNDS / f"{name}.wav"
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(RATE)
        out.writeframes(struct.pack(f"<{len(samples)}h", *samples))
    return path


def main() -> None:
    SOUNDS.mkdir(parents=True, exist_ok=True)
    for name, pattern in PATTERNS.items():
        print(write(name, pattern))


if __name__ == "__main__":
    main()
