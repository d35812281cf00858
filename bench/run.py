"""`make bench`: run every bench/bench_*.py and print each figure as `name: value unit`."""
import subprocess
import sys
from pathlib import Path

here = Path(__file__).resolve().parent
failed = []
for script in sorted(here.glob("bench_*.py")):
    print(f"# {script.stem}", flush=True)
    if subprocess.run([sys.executable, str(script)], cwd=here.parent).returncode != 0:
        failed.append(script.stem)
if failed:
    sys.exit(f"benchmarks failed: {', '.join(failed)}")
