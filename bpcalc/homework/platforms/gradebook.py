"""Grade-book imports: Canvas and Moodle CSV files, from a roster that maps submissions to students.

The roster is a CSV file with a `file` column (the submission's file name in the folder) and
the students' identities in any of these columns (matched ignoring case, spaces and `_`):
`Student`, `ID`, `SIS User ID`, `SIS Login ID`, `Section` (as Canvas exports them), `Email`
and `ID number` (Moodle's `useremail` and `useridnumber`).

Canvas: header `Student,ID,SIS User ID,SIS Login ID,Section,<assignment>`, then a
`Points Possible` row with the maximum under the assignment column. Moodle: `Email address`,
`ID number`, `Full name`, `<assignment>`, `Feedback` (map `Email address` to useremail or
`ID number` to useridnumber; importing feedback overwrites linked grades, so both are in one
file). A submission that could not be graded gets an empty grade cell, never a 0 written over a
grade the TA may have entered by hand; it is listed, with any roster student who handed in
nothing and any file the roster does not name, in the notes returned.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from bpcalc.base.numbers import format_number
from bpcalc.errors import BpcalcError, UsageError
from bpcalc.homework.batch import StudentResult, display_name, read_regular
from bpcalc.homework.writers import first_mistakes, safe_cell

ROSTER_COLUMNS = {  # normalised header -> field
    "file": "file", "student": "name", "name": "name", "fullname": "name", "id": "canvas_id",
    "sisuserid": "sis_user_id", "sisloginid": "sis_login_id", "section": "section", "email": "email",
    "emailaddress": "email", "idnumber": "id_number",
}


@dataclass(frozen=True)
class RosterEntry:
    file: str
    name: str = ""
    canvas_id: str = ""
    sis_user_id: str = ""
    sis_login_id: str = ""
    section: str = ""
    email: str = ""
    id_number: str = ""


def _normal(header: str) -> str:
    return "".join(header.lower().replace("_", " ").split())


def read_roster(path: Path) -> list[RosterEntry]:
    try:
        text = read_regular(path)
    except (BpcalcError, OSError) as error:
        raise UsageError(f"--roster {path}: {getattr(error, 'message', None) or error}") from None
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    if not rows:
        raise UsageError(f"--roster {path} is empty", hint="its first row names the columns: file,Student,ID,...")
    fields = [ROSTER_COLUMNS.get(_normal(h)) for h in rows[0]]
    if "file" not in fields:
        raise UsageError(f"--roster {path}: no 'file' column",
                         hint="the roster's header needs file (the submission's file name) and the students' ids")
    entries = []
    for row in rows[1:]:
        if not any(cell.strip() for cell in row):
            continue
        values = {f: cell.strip() for f, cell in zip(fields, row) if f is not None}
        entries.append(RosterEntry(**values))
    return entries


def _match(results: list[StudentResult], roster: list[RosterEntry]) -> tuple[list[tuple[RosterEntry, StudentResult]],
                                                                          list[str]]:
    by_file = {display_name(r.path): r for r in results}
    pairs, notes = [], []
    for entry in roster:
        result = by_file.pop(entry.file, None)
        if result is None:
            notes.append(f"no submission for {entry.name or entry.file} (roster file {entry.file}): left out")
            continue
        pairs.append((entry, result))
        if result.error is not None:
            notes.append(f"{entry.file} was not graded ({result.error}): grade cell left empty")
    notes.extend(f"{name} is not in the roster: left out" for name in by_file)
    return pairs, notes


def _grade(result: StudentResult) -> str:
    return "" if result.error is not None else format_number(result.score, 6)


def canvas_csv(results: list[StudentResult], roster: list[RosterEntry], assignment: str,
               total: float) -> tuple[str, list[str]]:
    """Canvas's grade-import CSV text, and notes on what was left out."""
    pairs, notes = _match(results, roster)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["Student", "ID", "SIS User ID", "SIS Login ID", "Section", safe_cell(assignment)])
    writer.writerow(["Points Possible", "", "", "", "", format_number(total, 6)])
    for entry, result in pairs:
        if not (entry.canvas_id or entry.sis_user_id):
            notes.append(f"{entry.file}: no ID or SIS User ID in the roster, Canvas cannot match the row")
        writer.writerow([safe_cell(entry.name or result.student), safe_cell(entry.canvas_id),
                         safe_cell(entry.sis_user_id), safe_cell(entry.sis_login_id), safe_cell(entry.section),
                         _grade(result)])
    return out.getvalue(), notes


def moodle_csv(results: list[StudentResult], roster: list[RosterEntry], assignment: str) -> tuple[str, list[str]]:
    """Moodle's grade-import CSV text (grade and feedback together), and notes on what was left out."""
    pairs, notes = _match(results, roster)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["Email address", "ID number", "Full name", safe_cell(assignment), "Feedback"])
    for entry, result in pairs:
        if not (entry.email or entry.id_number):
            notes.append(f"{entry.file}: no email or ID number in the roster, Moodle cannot match the row")
        feedback = f"not graded: {result.error}" if result.error is not None else \
            "; ".join(filter(None, [first_mistakes(result), *result.lost_work])) or "all right"
        writer.writerow([safe_cell(entry.email), safe_cell(entry.id_number), safe_cell(entry.name or result.student),
                         _grade(result), safe_cell(feedback)])
    return out.getvalue(), notes
