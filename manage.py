#!/usr/bin/env python
import os
import sys
from pathlib import Path

if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent / "src"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cordee.settings")
    # These commands only read and write source files, never a site's data: they
    # need no production secrets (every other command does, and stops without them).
    if sys.argv[1:2] in (["makemigrations"], ["makemessages"], ["compilemessages"]):
        os.environ.setdefault("CORDEE_ENV", "test")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
