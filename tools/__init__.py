"""Maintainer tools behind tasks.py. Run one from the repository root as a module:

    python -m tools.nbtools outputs [NB ...] [--force]
    python -m tools.nbtools learner [--force]
    python -m tools.codebook [--check]
    python -m tools.site
    python -m tools.bench

tasks.py does this with the course's environment; tests import them as
`from tools import nbtools`. Where the course's files are (the notebook lists
and their file pattern) is written once, in tools/paths.py.
"""
