"""A class exported as one folder per student: each subfolder of SUBMISSIONS is one submission.

Its answer file is picked as the Gradescope autograder picks it (pick.py: a PDF noted and
ignored, a zip read), and the student is named by the folder, as an LMS export names it.
"""

from __future__ import annotations

import os
import stat
from dataclasses import replace
from pathlib import Path

from bpcalc.api import Result
from bpcalc.homework.batch import StudentResult, display_name, grade_file, grade_text
from bpcalc.homework.platforms.gradescope import NO_NAME_WARNING
from bpcalc.homework.platforms.pick import pick_answer_file
from bpcalc.homework.problems import ProblemSet


def grade_entry(path: Path, problem_set: ProblemSet, solved: dict[str, Result]) -> StudentResult:
    """One entry of SUBMISSIONS: a student's subfolder, else a file (batch.grade_file)."""
    if _is_folder(path):
        return grade_subfolder(path, problem_set, solved)
    return grade_file(path, problem_set, solved)


def grade_subfolder(folder: Path, problem_set: ProblemSet, solved: dict[str, Result]) -> StudentResult:
    student = display_name(folder)
    picked = pick_answer_file(folder)
    if picked.error is not None or picked.text is None:
        return StudentResult(folder, student, error=picked.error or "nothing to grade", notes=picked.notes)
    result = grade_text(folder / picked.name, picked.text, problem_set, solved)
    own = [n for n in result.notes if not n.startswith(NO_NAME_WARNING)]  # the folder names the student
    return replace(result, path=folder, student=student, notes=[*picked.notes, *own])


def _is_folder(path: Path) -> bool:
    """A real folder (lstat: a link to one is refused by grade_file as a link, never followed)."""
    try:
        return stat.S_ISDIR(os.lstat(path).st_mode)
    except OSError:
        return False
