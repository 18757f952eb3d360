"""Start ralph's LRS API (the real one, from ralph-malph) on loopback, for the LRS tests. Run as a script.

ralph's file-system backend writes its statements file with CREATE, so a second POST to the same LRS fails
("already exists and overwrite is not allowed"); a real LRS keeps accepting. The one change made here is to
have that backend append, as its own APPEND operation does; everything else (HTTP API, Basic auth with bcrypt,
statement validation, duplicate-id handling, GET /xAPI/statements) is ralph's own code.
Usage: python ralph_server.py PORT   (with RALPH_AUTH_FILE and RALPH_BACKENDS__DATA__FS__DEFAULT_DIRECTORY_PATH set)
"""
import os
import sys

os.environ.setdefault("RALPH_RUNSERVER_BACKEND", "fs")

import uvicorn  # noqa: E402
from ralph.backends.data.base import BaseOperationType  # noqa: E402
from ralph.backends.lrs.fs import FSLRSBackend  # noqa: E402

FSLRSBackend.default_operation_type = BaseOperationType.APPEND

if __name__ == "__main__":
    uvicorn.run("ralph.api:app", host="127.0.0.1", port=int(sys.argv[1]), log_level="warning")
