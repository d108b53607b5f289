"""Loaded for every test path (tests/, notebooks/, solutions/, exercises/).

Notebook kernels started by nbval inherit this environment: they save student
work into a fresh, empty folder, so stored outputs never depend on a real
student's saved work.
"""

import os
import tempfile

os.environ["INQUADRA_WORK"] = tempfile.mkdtemp(prefix="inquadra-test-work-")
