"""python -m sourcebook: the debugging CLI (sourcebook.cli)."""

import sys

from sourcebook.cli import main

if __name__ == "__main__":
    sys.exit(main())
