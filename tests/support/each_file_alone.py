"""Run every test file on its own (``pytest tests/<area>/test_x.py``), each in a fresh interpreter, and list
the files that fail alone: a file must not depend on fixtures, imports or state another file provides.

    .venv/bin/python -m tests.support.each_file_alone [--jobs N] [-- extra pytest arguments]
"""

from __future__ import annotations

import argparse
import concurrent.futures
import subprocess
import sys
from pathlib import Path

from tests.support.paths import REPO


def test_files() -> list[Path]:
    return sorted((REPO / "tests").rglob("test_*.py"))


def run_alone(path: Path, extra: list[str]) -> tuple[Path, int, str]:
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(path), *extra]
    done = subprocess.run(command, cwd=REPO, capture_output=True, text=True, check=False)
    last = (done.stdout.strip().splitlines() or [""])[-1]
    return path, done.returncode, last


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", type=int, default=2, help="files run at once (default 2)")
    parser.add_argument("extra", nargs="*", help="arguments passed to each pytest run")
    args = parser.parse_args(argv)
    failed = []
    with concurrent.futures.ThreadPoolExecutor(max_workers=args.jobs) as pool:
        for path, status, last in pool.map(lambda p: run_alone(p, args.extra), test_files()):
            name = path.relative_to(REPO)
            print(f"{'ok  ' if status == 0 else 'FAIL'} {name}: {last}", flush=True)
            if status != 0:
                failed.append(name)
    print(f"{len(failed)} file(s) fail when run alone" + "".join(f"\n  {name}" for name in failed))
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
