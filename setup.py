"""Build hook: ship the lesson and exercise notebooks inside the package.

From a clone the kit uses notebooks/<lang>/ and exercises/<lang>/ where they are; an installed
package carries a copy under inquadra/lessons/, which ``inquadra lab`` copies
into the student's work folder the first time.
"""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent


class BuildWithLessons(build_py):
    def run(self):
        super().run()
        target = Path(self.build_lib) / "inquadra" / "lessons"
        for folder in ("notebooks", "exercises"):
            source = ROOT / folder
            if source.is_dir():
                shutil.copytree(
                    source, target / folder, dirs_exist_ok=True,
                    ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__"),
                )


setup(cmdclass={"build_py": BuildWithLessons})
