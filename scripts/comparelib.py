"""Shared by the scripts that compare BlockNumerics with NumPy, SciPy and scikit-learn:
installing the Python packages they need and building the blocknum tool."""
import importlib
import importlib.util
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def ensure(*modules):
    missing = [m for m in modules if importlib.util.find_spec(m) is None]
    if not missing:
        return
    print(f"installing {', '.join(missing)} with pip …", file=sys.stderr)
    base = [sys.executable, "-m", "pip", "install", "--quiet", "--user", *missing]
    if subprocess.call(base) != 0:
        # Debian's system Python refuses --user installs without this flag (PEP 668).
        subprocess.check_call(base + ["--break-system-packages"])
    importlib.invalidate_caches()


def swift_flags():
    scratch = os.environ.get("BLOCKNUM_SCRATCH")
    return ["--scratch-path", scratch] if scratch else []


def blocknum():
    subprocess.check_call(["swift", "build", "-c", "release", "--product", "blocknum", *swift_flags()], cwd=ROOT)
    bin_dir = subprocess.check_output(
        ["swift", "build", "-c", "release", "--show-bin-path", *swift_flags()], cwd=ROOT, text=True).strip()
    return os.path.join(bin_dir, "blocknum")


