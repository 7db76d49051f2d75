"""Check the whole data package: every table against its schema, and every foreign key.

    python -m poscourse.validate        (run by `python3 tasks.py data`)

The learner's loader (poscourse.data) checks one table when it is loaded; this
module checks them all, and the links between them, and reports every problem
found rather than stopping at the first table. The tests use it too.
"""

from __future__ import annotations

import sys

import pandas as pd

from .data import DataError, datapackage, load, names, read_table


def table_problems() -> list[str]:
    """Every table's problems against its schema (file, row, column), without raising."""
    problems = []
    for name in names():
        try:
            problems += read_table(name)[1]
        except DataError as err:  # a missing or unreadable file
            problems.append(str(err))
    return problems


def foreign_key_problems() -> list[str]:
    """Check every foreign key of the package; return the problems found."""
    problems = []
    tables: dict[str, pd.DataFrame] = {}

    def table(name: str) -> pd.DataFrame:
        if name not in tables:
            tables[name] = load(name)
        return tables[name]

    for res in datapackage()["resources"]:
        for fk in res["schema"].get("foreignKeys", []):
            child = table(res["name"])
            target = fk["reference"]["resource"] or res["name"]
            parent = table(target)
            cols, ref_cols = fk["fields"], fk["reference"]["fields"]
            cols = cols if isinstance(cols, list) else [cols]
            ref_cols = ref_cols if isinstance(ref_cols, list) else [ref_cols]
            known = set(map(tuple, parent[ref_cols].astype(str).itertuples(index=False)))
            for i, row in child[cols].iterrows():
                if row.isna().any():
                    continue
                if tuple(row.astype(str)) not in known:
                    problems.append(
                        f"data/{res['path']}, row {i + 2}, column {cols[0]!r}: "
                        f"{', '.join(map(str, row))} is not a {'+'.join(ref_cols)} of {target}"
                    )
    return problems


def package_problems() -> list[str]:
    """Everything wrong with the data package: tables first, then foreign keys (if the tables load)."""
    try:
        problems = table_problems()
    except DataError as err:  # datapackage.json itself is missing or broken
        return [str(err)]
    return problems or foreign_key_problems()


def main() -> int:
    problems = package_problems()
    for line in problems:
        print(line)
    if problems:
        print(f"{len(problems)} problem(s) in data/: fix the CSV files or data/datapackage.json")
        return 1
    print(f"data/: {len(names())} datasets match their schemas and every foreign key resolves")
    return 0


if __name__ == "__main__":
    sys.exit(main())
