"""Write every sample message to a folder: python -m tests.referrals.samples FOLDER"""

import sys
from pathlib import Path

from . import EML, MSG

folder = Path(sys.argv[1] if len(sys.argv) > 1 else ".")
folder.mkdir(parents=True, exist_ok=True)
for name, build in {**EML, **MSG}.items():
    (folder / name).write_bytes(build())
    print(folder / name)
