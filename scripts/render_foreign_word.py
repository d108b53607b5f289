"""Render a word in a foreign script to a PNG, once, at build time.

The lessons show the Tamil surname that the machine translation left in the
article (பிடன், Biden). A machine without a Tamil font shows empty boxes, so
the kit ships a picture of the word made here with a Tamil font (Debian's
``fonts-lohit-taml``; ``fonts-noto-core`` works too) and Pillow with libraqm
for the shaping. The kit itself never needs the font at run time.

Usage (from the repository root)::

    apt-get install fonts-lohit-taml
    python scripts/render_foreign_word.py --font /usr/share/fonts/truetype/lohit-tamil/Lohit-Tamil.ttf
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont, features

ROOT = Path(__file__).resolve().parents[1]
WORD = "பிடன்"
OUT = ROOT / "src" / "inquadra" / "data" / "images" / "tamil_biden.png"


def render(font_path: Path, out: Path = OUT, size: int = 96) -> Path:
    """Draw ``WORD`` in black on white with a margin, and save it as PNG."""
    if not features.check("raqm"):
        raise SystemExit("Pillow was built without libraqm: Tamil would be shaped wrongly. "
                         "Install libraqm and reinstall Pillow.")
    font = ImageFont.truetype(str(font_path), size, layout_engine=ImageFont.Layout.RAQM)
    left, top, right, bottom = font.getbbox(WORD, language="ta")
    pad = size // 4
    image = Image.new("L", (right - left + 2 * pad, bottom - top + 2 * pad), 255)
    ImageDraw.Draw(image).text((pad - left, pad - top), WORD, font=font, fill=0, language="ta")
    tmp = out.with_name(out.name + ".tmp")
    image.save(tmp, format="PNG", optimize=True)
    tmp.replace(out)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--font", type=Path, required=True, help="a TrueType font with Tamil glyphs")
    parser.add_argument("--out", type=Path, default=OUT, help="where to write the PNG")
    args = parser.parse_args(argv)
    if not args.font.is_file():
        parser.error(f"no font file at {args.font}; install fonts-lohit-taml or fonts-noto-core")
    print(render(args.font, args.out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
