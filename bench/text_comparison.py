"""What comparing two long texts line by line costs, against the ``ndiff`` the comparison used before.

Run: .venv/bin/python bench/text_comparison.py
Each text has one line in ten changed. Compare ratios within one run; absolute
times vary from machine to machine. Beyond ``MAX_DIFF_LINES`` lines the page
shows both texts whole instead of comparing them.
"""

import difflib
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def repeated(lines):
    """The costliest shape for a line comparison: the same line again and again against two alternating."""
    return "a\n" * lines, "a\nb\n" * (lines // 2)


def texts(lines, every):
    """Two texts of ``lines`` lines in which every ``every``-th line differs a little."""
    old = [f"Baris {n}: anggota hadir dan mencatat hasil kegiatan kelompok." for n in range(lines)]
    new = [line.replace("hadir", "tidak hadir") if n % every == 0 else line for n, line in enumerate(old)]
    return "\n".join(old), "\n".join(new)


def seconds(fn, repeat=3):
    runs = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - started)
    return statistics.median(runs)


def main():
    import os

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pendampingan.settings")
    import django

    django.setup()
    from pendampingan.versions import MAX_DIFF_LINES, line_marks

    print(f"line_marks gives up above {MAX_DIFF_LINES} lines and the page shows both texts whole")
    print("changed     lines  line_marks (s)  ndiff (s)   ratio")
    cases = [
        ("1 in 10", lambda n: texts(n, 10)),
        ("every line", lambda n: texts(n, 1)),
        ("repeated", repeated),
    ]
    for label, make in cases:
        for lines in (50, 200, 400, 1000, 2000):
            old, new = make(lines)
            ours = seconds(lambda old=old, new=new: line_marks(old, new))
            if label != "1 in 10" and lines > 400:
                print(f"{label:10s}  {lines:5d}  {ours:14.4f}  ndiff not run (recursion limit or minutes)")
                continue
            try:
                theirs = seconds(
                    lambda old=old, new=new: list(difflib.ndiff(old.splitlines(), new.splitlines())), 1
                )
            except RecursionError:
                print(f"{label:10s}  {lines:5d}  {ours:14.4f}  RecursionError (a server error)")
                continue
            print(f"{label:10s}  {lines:5d}  {ours:14.4f}  {theirs:9.3f}  {theirs / max(ours, 1e-6):6.0f}x")


if __name__ == "__main__":
    main()
