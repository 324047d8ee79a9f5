"""Print the peak resident memory (VmHWM) of each gunicorn worker under a master pid."""

import sys
from pathlib import Path


def children(pid):
    result = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        text = (task / "children").read_text().split()
        result.extend(int(c) for c in text)
    return result


def peak_mb(pid):
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


if __name__ == "__main__":
    label, master = sys.argv[1], int(sys.argv[2])
    for worker in children(master):
        print(f"{label:<12} worker {worker:<8} peak RSS {peak_mb(worker):6.1f} MB")
