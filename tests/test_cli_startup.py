"""`relgraph --help` loads neither NetworkX, pydantic, numpy nor the stores (issue 14).

Startup time is measured, not asserted (see README, Performance); what can fail here is
an eager import creeping back into relgraph/__init__.py or relgraph/cli.py.
"""

from __future__ import annotations

import subprocess
import sys

HEAVY = ("networkx", "pydantic", "numpy", "scipy", "networkit", "numba", "relgraph.store")


def test_help_imports_nothing_heavy():
    code = (
        "import sys\n"
        "from relgraph.cli import main\n"
        "try:\n"
        "    main(['--help'], standalone_mode=False)\n"
        "except SystemExit:\n"
        "    pass\n"
        f"print('loaded:' + ','.join(m for m in {HEAVY!r} if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip().splitlines()[-1] == "loaded:"


def test_public_names_still_importable():
    import relgraph

    assert relgraph.build_tie_graph.__module__ == "relgraph.graph"
    assert relgraph.SQLiteStore.__name__ == "SQLiteStore"
    assert "open_store" in dir(relgraph)
