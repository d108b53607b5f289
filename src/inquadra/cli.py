"""The ``inquadra`` command: one subcommand a module in ``inquadra.commands``."""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import sys

from . import __version__, commands
from .errors import InquadraError

__all__ = ["main", "build_parser"]


def _command_modules():
    for info in sorted(pkgutil.iter_modules(commands.__path__), key=lambda m: m.name):
        if not info.name.startswith("_"):
            yield importlib.import_module(f"{commands.__name__}.{info.name}")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="inquadra",
        description="A JupyterLab teaching kit on how news frames a war and a partnership.",
    )
    parser.add_argument("--version", action="version", version=f"inquadra {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module in _command_modules():
        p = sub.add_parser(module.NAME, help=module.HELP, description=module.HELP)
        module.add_arguments(p)
        p.set_defaults(_run=module.run)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "_run", None):
        parser.print_help()
        return 0
    try:
        return int(args._run(args) or 0)
    except (InquadraError, OSError) as err:
        from .terminal import safe

        print(f"inquadra {args.command}: {safe(err)}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("inquadra: interrupted.", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
