"""Subcommands of ``inquadra``: each module defines NAME, HELP, add_arguments and run."""
