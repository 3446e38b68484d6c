"""Run every benchmark module (or those named on the command line) and print their figures.

Each module runs in its own process: benchmarks point Django at their own databases and start
servers and workers, and none of that may leak into the next one.
"""

import importlib
import os
import pkgutil
import subprocess
import sys

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")


def main(argv: list[str]) -> int:
    import benchmarks

    names = sorted(m.name for m in pkgutil.iter_modules(benchmarks.__path__) if m.name.startswith("bench_"))
    wanted = [name for name in names if not argv or any(arg in name for arg in argv)]
    if len(wanted) == 1:
        import django

        django.setup()
        print(f"\n=== {wanted[0]} ===", flush=True)
        importlib.import_module(f"benchmarks.{wanted[0]}").main()
        return 0
    failed = [name for name in wanted if subprocess.run([sys.executable, "-m", "benchmarks", name]).returncode]  # noqa: S603
    if failed:
        print(f"\nFAILED: {', '.join(failed)}", flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
