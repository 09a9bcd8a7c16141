"""`python -m reportgen` and the `reportgen` command: SIGTERM and SIGINT are caught before anything is imported,
so a signal at any moment ends the command with one line and exit 143 or 130 (see interrupts.py)."""

import sys

from reportgen.interrupts import Interrupted, ignore_from_now, install


def run() -> None:
    install()
    try:
        from reportgen.cli import main
    except Interrupted as exc:  # while the command line itself was being imported
        sys.stderr.write(exc.line() + "\n")
        sys.exit(exc.exit_code)
    try:
        main()
    finally:
        # the command has said how it ended: a signal while Python exits (the chart pool shut down, modules freed)
        # is ignored; Python would otherwise reset our handler and the process would die of it without a word
        ignore_from_now()


if __name__ == "__main__":
    run()
