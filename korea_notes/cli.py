"""The ``korea-notes`` command: data validation, student edition, answer key, links, exercises, course plan.

Run ``korea-notes --help`` (or ``python -m korea_notes --help``) for the list of subcommands.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from . import __version__
from .errors import KoreaNotesError
from .project import STUDENT_BRANCH
from .teaching.hub_links import DEFAULT_BRANCH, EDITIONS, REPO_URL

PROG = "korea-notes"


def _default_notebooks_dir() -> Path:
    """``./notebooks`` if it exists, else the ``notebooks`` folder of the source checkout."""
    here = Path.cwd() / "notebooks"
    if here.is_dir():
        return here
    checkout = Path(__file__).resolve().parent.parent / "notebooks"
    return checkout if checkout.is_dir() else here


def _notebooks(folder: Path | None) -> list[Path]:
    folder = folder or _default_notebooks_dir()
    found = sorted(p for p in folder.glob("*.ipynb") if p.is_file())
    if not found:
        raise KoreaNotesError(f"no notebooks (*.ipynb) in {folder}",
                              hint="run the command in the repository's top folder")
    return found


def _pick_notebook(name: str, folder: Path | None) -> str:
    """Resolve ``05`` or ``05_the_agreement`` to a notebook's file name, when the folder is at hand."""
    try:
        found = _notebooks(folder)
    except KoreaNotesError:
        return name
    names = [p.name for p in found]
    if name in names or f"{name}.ipynb" in names or "/" in name:
        return name
    matches = [n for n in names if n.startswith(name)]
    if len(matches) == 1:
        return matches[0]
    raise KoreaNotesError(f"{name!r} matches {'no notebook' if not matches else 'several notebooks'}; "
                          f"choose one of: {', '.join(names)}")


def _cmd_validate(args: argparse.Namespace) -> int:
    from .datasets import validate

    counts = validate(args.data_dir, limit=args.max_per_file or None)
    width = max(len(name) for name in counts)
    for name, count in counts.items():
        print(f"{name:<{width}}  {count}")
    print(f"OK: {len(counts)} datasets valid")
    return 0


def _cmd_student(args: argparse.Namespace) -> int:
    from .teaching.student import make_student_editions

    written = make_student_editions(args.src_dir, args.out_dir, force=args.force)
    for path in written:
        print(path)
    print(f"Student edition: {len(written)} notebooks in {args.out_dir}", file=sys.stderr)
    return 0


def _cmd_translations(args: argparse.Namespace) -> int:
    from .teaching import translation

    folder = args.notebooks_dir or _default_notebooks_dir()
    if args.scaffold:
        for name in args.scaffold:
            english = folder / _pick_notebook(name, folder)
            print(translation.scaffold(english))
        return 0
    if args.mark_current:
        korean, *cells = args.mark_current
        if not cells:
            raise KoreaNotesError("--mark-current needs a Korean notebook and at least one cell id",
                                  hint="korea-notes translations --mark-current notebooks/ko/05_….ipynb <cell id>")
        updated = translation.mark_current(Path(korean), cells)
        print(f"{Path(korean).name}: {len(updated)} cell(s) recorded as translating the current English text")
        return 0
    problems = translation.compare_editions(folder)
    print(translation.problems_as_json(problems) if args.json else translation.report_text(problems))
    return 1 if problems else 0


def _cmd_answer_key(args: argparse.Namespace) -> int:
    from .teaching.answer_key import make_answer_key

    written = make_answer_key(args.src_dir, args.out_dir, format=args.format, timeout=args.timeout)
    for path in written:
        print(path)
    return 0


def _titles(paths: list[Path]) -> dict[str, str]:
    """Each notebook's title (its first ``# `` heading), by file name."""
    from .teaching.course import notebook_title

    return {p.name: notebook_title(p) for p in paths}


def _cmd_hub_links(args: argparse.Namespace) -> int:
    from .teaching.hub_links import edition_branch, hub_link

    folder = _language_folder(args.lang)
    paths = _notebooks(folder)
    titles = _titles(paths)
    names = [_pick_notebook(args.notebook, folder)] if args.notebook else [p.name for p in paths]
    branch = args.branch or edition_branch(args.edition)
    prefix = "notebooks/ko/" if args.lang == "ko" else ""
    for name in names:
        print(titles.get(name, name))
        link = hub_link(args.hub_url, repo=args.repo, branch=branch, notebook=prefix + name, app=args.app)
        print(f"  {link}")
    return 0


def _language_folder(lang: str) -> Path | None:
    """Return the folder of one language's notebooks: None (the default) for English, ``ko`` for Korean."""
    return _default_notebooks_dir() / "ko" if lang == "ko" else None


def _cmd_binder_links(args: argparse.Namespace) -> int:
    from .teaching.hub_links import binder_link

    paths = _notebooks(_language_folder(args.lang))
    titles = _titles(paths)
    for path in paths:
        rel = f"notebooks/ko/{path.name}" if args.lang == "ko" else f"notebooks/{path.name}"
        print(titles[path.name])
        print(f"  full:    {binder_link(repo=args.repo, branch=args.branch, path=rel)}")
        print(f"  student: {binder_link(repo=args.repo, branch=args.student_branch, path=rel)}")
    return 0


def _cmd_release_student(args: argparse.Namespace) -> int:
    from .teaching.release import commit_to_branch, release_student

    out = release_student(args.out_dir, repo=args.repo, branch=args.branch or STUDENT_BRANCH)
    print(f"Student release in {out}")
    if args.branch:
        commit = commit_to_branch(out, args.branch)
        print(f"Branch {args.branch} is at {commit[:12]}; publish it with: git push origin {args.branch}")
    return 0


def _parse_answer(kind: str, text: str) -> Any:
    if kind == "number":
        try:
            return float(text) if any(c in text for c in ".eE") else int(text)
        except ValueError:
            raise KoreaNotesError(f"--answer {text!r} is not a number") from None
    if kind in ("set", "sequence"):
        return [tuple(alt.strip() for alt in item.split("|")) for item in text.split(";") if item.strip()]
    return text


def _cmd_exercises_add(args: argparse.Namespace) -> int:
    from .teaching.exercises import register

    answers = [_parse_answer(args.kind, text) for text in args.answer]
    path = register(args.question_id, args.kind, answers, hint=args.hint, tolerance=args.tolerance,
                    prompt=args.prompt, element=args.element, hint_ko=args.hint_ko, prompt_ko=args.prompt_ko,
                    questions_dir=args.questions_dir)
    print(f"Registered {args.question_id} ({args.kind}, {len(answers)} accepted answer(s)) in {path}")
    return 0


def _cmd_exercises_list(args: argparse.Namespace) -> int:
    from .teaching.exercises import list_questions

    if args.notebook is not None and not args.notebook.isdigit():
        raise KoreaNotesError(f"{args.notebook!r} is not a notebook number (e.g. 05)")
    specs = list_questions(args.notebook, questions_dir=args.questions_dir)
    if not specs:
        print("No checked exercises" + (f" in notebook {args.notebook}" if args.notebook else ""))
        return 0
    for qid, spec in specs.items():
        extra = f" ±{spec['tolerance']}" if spec.get("tolerance") else ""
        print(f"{qid}\t{spec.get('kind')}{extra}\t{spec.get('prompt') or ''}")
    return 0


def _cmd_course_plan(args: argparse.Namespace) -> int:
    from .teaching.course import course_plan, to_markdown

    plan = course_plan(args.notebooks_dir or _default_notebooks_dir(), session_minutes=args.session_minutes)
    print(to_markdown(plan))
    print()
    print(f"Total: {int(plan['total_minutes'].sum())} minutes "
          f"({int(plan['teaching_minutes'].sum())} teaching, {int(plan['exercise_minutes'].sum())} exercises)"
          + (f" in {int(plan['session'].max())} sessions" if "session" in plan else ""))
    return 0


def _cmd_nbgrader(args: argparse.Namespace) -> int:
    from .teaching.grading.course import make_course

    written = make_course(args.course_dir, args.notebooks_dir or _default_notebooks_dir(), only=args.notebook,
                          timeout=args.timeout, partial_credit=not args.no_partial_credit)
    for path in written:
        print(path)
    print(f"nbgrader course: {len(written) - 1} assignment(s) in {args.course_dir}; next, in that folder: "
          "nbgrader generate_assignment ASSIGNMENT", file=sys.stderr)
    return 0


def _cmd_grade(args: argparse.Namespace) -> int:
    from .teaching.grading.submissions import format_report, grade_assignment

    results = grade_assignment(args.course_dir, args.assignment, gradebook_csv=args.csv)
    print(format_report(results, args.assignment))
    return 0


def _cmd_grade_manual(args: argparse.Namespace) -> int:
    from .teaching.grading.manual import record_manual_scores
    from .teaching.grading.submissions import run_nbgrader

    scores = record_manual_scores(args.course_dir, args.assignment, args.scores)
    run_nbgrader(["export", "--to", str((args.csv or args.course_dir / "grades.csv").resolve())], args.course_dir)
    print(f"{len(scores)} hand-given score(s) stored for {args.assignment}; gradebook exported again")
    return 0


def _cmd_collect_zip(args: argparse.Namespace) -> int:
    from .teaching.grading.submissions import collect_zip

    students = collect_zip(args.course_dir, args.assignment, args.zip, regexp=args.regexp)
    print(f"{len(students)} submission(s) of {args.assignment}: {', '.join(students)}")
    return 0


def _cmd_site(args: argparse.Namespace) -> int:
    from .publishing.site import build_site

    languages = ("en", "ko") if args.lang == "all" else (args.lang,)
    built = build_site(args.out_dir, src_dir=args.notebooks_dir or _default_notebooks_dir(), languages=languages,
                       cache_dir=args.cache_dir, hub_url=args.hub_url, jobs=args.jobs, timeout=args.timeout)
    editions = ", ".join(f"{lang} {seconds:.1f} s" for lang, seconds in built.seconds_by_lang.items())
    print(f"Website: {len(built.pages)} pages in {built.out_dir} ({built.executed} notebooks executed, "
          f"{built.cached} from the cache, {built.seconds:.1f} s: {editions}); open {built.out_dir / 'index.html'}")
    return 0


def _cmd_handouts(args: argparse.Namespace) -> int:
    from .publishing.handouts import build_handouts

    for lang in ("en", "ko") if args.lang == "all" else (args.lang,):
        out = args.out_dir / "ko" if args.lang == "all" and lang == "ko" else args.out_dir
        built = build_handouts(out, src_dir=args.notebooks_dir or _default_notebooks_dir(), lang=lang,
                               cache_dir=args.cache_dir, jobs=args.jobs, timeout=args.timeout,
                               answer_sheet=not args.no_answer_sheet)
        for path in [*built.pdfs, *([built.answer_sheet] if built.answer_sheet else [])]:
            print(path)
        for name, lines in built.overflowing.items():
            print(f"warning: {name}: {len(lines)} code block(s) wider than the page", file=sys.stderr)
        print(f"Handouts ({lang}): {len(built.pdfs)} PDFs in {built.out_dir} ({built.seconds:.1f} s)",
              file=sys.stderr)
    return 0


def build_parser() -> argparse.ArgumentParser:
    """Build the argument parser of ``korea-notes``.

    Returns
    -------
    argparse.ArgumentParser
        The parser, with one subcommand per task.

    """
    parser = argparse.ArgumentParser(
        prog=PROG,
        description="Tools for the Korean War Armistice teaching notebooks.",
        epilog="Example: korea-notes student notebooks student",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("validate", help="check every dataset against data/datapackage.json; report every problem")
    p.add_argument("--data-dir", type=Path, default=None, help="a data folder (default: the collection's)")
    p.add_argument("--max-per-file", type=int, default=20, metavar="N",
                   help="show at most N problems per file, counting the rest (default 20; 0 shows all)")
    p.set_defaults(func=_cmd_validate)

    p = sub.add_parser("student", help="write the student edition (solutions removed, outputs cleared)")
    p.add_argument("src_dir", type=Path, metavar="SRC_DIR",
                   help="instructor notebooks, e.g. notebooks (their Korean edition in SRC_DIR/ko goes to OUT_DIR/ko)")
    p.add_argument("out_dir", type=Path, metavar="OUT_DIR", help="output folder, e.g. student")
    p.add_argument("--force", action="store_true",
                   help="overwrite student notebooks changed since they were written (default: refuse)")
    p.set_defaults(func=_cmd_student)

    p = sub.add_parser("translations", help="report Korean cells that are stale, untranslated or drifted from the "
                       "English (exit 1 if any)")
    p.add_argument("--notebooks-dir", type=Path, default=None, help="English notebooks (default ./notebooks); "
                   "the Korean edition is in its ko/ folder")
    p.add_argument("--json", action="store_true", help="print the problems as JSON")
    p.add_argument("--scaffold", nargs="+", metavar="NOTEBOOK",
                   help="start the Korean twin of these English notebooks (05 or a file name); refuses to overwrite")
    p.add_argument("--mark-current", nargs="+", metavar="ARG",
                   help="KOREAN_NOTEBOOK CELL_ID ...: record revised Korean cells as translating the current English")
    p.set_defaults(func=_cmd_translations)

    p = sub.add_parser("answer-key", help="execute the full notebooks and write them (and HTML)")
    p.add_argument("src_dir", type=Path, metavar="SRC_DIR", help="instructor notebooks, e.g. notebooks")
    p.add_argument("out_dir", type=Path, metavar="OUT_DIR", help="output folder, e.g. answer_key")
    p.add_argument("--format", choices=["html", "ipynb"], default="html",
                   help="html: executed notebooks and HTML pages (default); ipynb: notebooks only")
    p.add_argument("--timeout", type=int, default=600, help="seconds allowed per cell (default 600)")
    p.set_defaults(func=_cmd_answer_key)

    p = sub.add_parser("hub-links", help="nbgitpuller links for a JupyterHub, one per notebook, with its title")
    p.add_argument("hub_url", metavar="HUB_URL", help="e.g. https://hub.example.edu")
    p.add_argument("--edition", choices=list(EDITIONS), default="full",
                   help=f"full: the notebooks with solutions (branch {DEFAULT_BRANCH}); student: the student "
                        f"release (branch {STUDENT_BRANCH}, see release-student). Default full")
    p.add_argument("--repo", default=REPO_URL, help=f"git repository (default {REPO_URL})")
    p.add_argument("--branch", default=None, help="branch to pull (default: the edition's branch)")
    p.add_argument("--notebook", default=None, metavar="NAME",
                   help="one notebook: file name or its number prefix, e.g. 05")
    p.add_argument("--app", choices=["lab", "classic"], default="lab", help="interface to open (default lab)")
    p.add_argument("--lang", choices=["en", "ko"], default="en", help="language: ko for 한국어 (notebooks/ko)")
    p.set_defaults(func=_cmd_hub_links)

    p = sub.add_parser("binder-links", help="mybinder.org launch links, full and student edition, with titles")
    p.add_argument("--repo", default=REPO_URL, help=f"GitHub repository (default {REPO_URL})")
    p.add_argument("--branch", default=DEFAULT_BRANCH, help=f"branch of the full edition (default {DEFAULT_BRANCH})")
    p.add_argument("--lang", choices=["en", "ko"], default="en", help="language: ko for 한국어 (notebooks/ko)")
    p.add_argument("--student-branch", default=STUDENT_BRANCH,
                   help=f"branch of the student release (default {STUDENT_BRANCH})")
    p.set_defaults(func=_cmd_binder_links)

    p = sub.add_parser("release-student", help="write the student release (no solutions anywhere); "
                                               "optionally commit it to a branch")
    p.add_argument("out_dir", type=Path, metavar="OUT_DIR", help="release folder, e.g. build/student-release")
    p.add_argument("--branch", nargs="?", const=STUDENT_BRANCH, default=None, metavar="NAME",
                   help=f"also commit the release to branch NAME (default {STUDENT_BRANCH}) of this repository, "
                        "without touching the working tree or the index")
    p.add_argument("--repo", default=REPO_URL,
                   help=f"the GitHub repository students launch it from, for its README's links (default {REPO_URL})")
    p.set_defaults(func=_cmd_release_student)

    p = sub.add_parser("exercises", help="add or list self-checked exercises")
    ex = p.add_subparsers(dest="exercises_command", metavar="ACTION")
    pa = ex.add_parser("add", help="add or replace a question (stores digests, not answers)")
    pa.add_argument("question_id", metavar="ID", help="e.g. 05.2 for Exercise 5.2 of notebook 05")
    pa.add_argument("--kind", required=True, choices=["date", "text", "number", "set", "sequence", "choice"],
                    help="how answers are compared (see docs/instructors.md)")
    pa.add_argument("--answer", action="append", required=True,
                    help="an accepted answer (repeat for each spelling); for set/sequence: "
                         "items separated by ';', alternative spellings of an item by '|'")
    pa.add_argument("--hint", required=True, help="shown after a wrong answer; must not give it away")
    pa.add_argument("--prompt", default=None, help="a short restatement of the question")
    pa.add_argument("--hint-ko", default=None, help="the hint in Korean, for the Korean notebooks (lang=\"ko\")")
    pa.add_argument("--prompt-ko", default=None, help="the restatement in Korean")
    pa.add_argument("--tolerance", type=float, default=None, help="for numbers: how far off is still right")
    pa.add_argument("--element", choices=["text", "date", "number"], default="text",
                    help="for set/sequence: the kind of each item (default text)")
    pa.add_argument("--questions-dir", type=Path, default=None, help=argparse.SUPPRESS)
    pa.set_defaults(func=_cmd_exercises_add)
    pl = ex.add_parser("list", help="list the questions of one notebook or all")
    pl.add_argument("notebook", nargs="?", default=None, metavar="NN", help="a notebook number (default: all)")
    pl.add_argument("--questions-dir", type=Path, default=None, help=argparse.SUPPRESS)
    pl.set_defaults(func=_cmd_exercises_list)
    p.set_defaults(func=None, parser=p)

    p = sub.add_parser("course-plan", help="print the course plan (minutes per notebook) as Markdown")
    p.add_argument("--notebooks-dir", type=Path, default=None,
                   help="the notebooks whose metadata to read (default: ./notebooks)")
    p.add_argument("--session-minutes", type=int, default=None, help="group notebooks into sessions")
    p.set_defaults(func=_cmd_course_plan)

    p = sub.add_parser("nbgrader", help="lay out an nbgrader course: one assignment per notebook, hidden tests")
    p.add_argument("course_dir", type=Path, metavar="COURSE_DIR", help="the course folder, e.g. course")
    p.add_argument("--notebook", action="append", default=None, metavar="NAME",
                   help="only this notebook (stem or number, e.g. 00); repeat for more")
    p.add_argument("--notebooks-dir", type=Path, default=None, help="the instructor notebooks")
    p.add_argument("--timeout", type=int, default=120, help="seconds per cell when autograding (default 120)")
    p.add_argument("--no-partial-credit", action="store_true",
                   help="do not run the notebooks to give set and sequence answers partial credit")
    p.set_defaults(func=_cmd_nbgrader)

    p = sub.add_parser("grade", help="check and autograde every submission of an assignment; report by name")
    p.add_argument("course_dir", type=Path, metavar="COURSE_DIR", help="the course folder (see the nbgrader command)")
    p.add_argument("assignment", metavar="ASSIGNMENT", help="e.g. 00_start_here")
    p.add_argument("--csv", type=Path, default=None, help="gradebook export (default COURSE_DIR/grades.csv)")
    p.set_defaults(func=_cmd_grade)

    p = sub.add_parser("grade-manual", help="store hand-given scores of discussion answers (a CSV) in the gradebook")
    p.add_argument("course_dir", type=Path, metavar="COURSE_DIR", help="the course folder (see the nbgrader command)")
    p.add_argument("assignment", metavar="ASSIGNMENT", help="e.g. 00_start_here")
    p.add_argument("scores", type=Path, metavar="SCORES_CSV",
                   help="CSV with columns student_id,exercise,points[,comment], e.g. kim_minji,00.4,2,...")
    p.add_argument("--csv", type=Path, default=None, help="gradebook export (default COURSE_DIR/grades.csv)")
    p.set_defaults(func=_cmd_grade_manual)

    p = sub.add_parser("collect-zip", help="file an LMS download (zip) under submitted/ with nbgrader zip_collect")
    p.add_argument("course_dir", type=Path, metavar="COURSE_DIR", help="the course folder (see the nbgrader command)")
    p.add_argument("assignment", metavar="ASSIGNMENT", help="the assignment, a notebook's stem, e.g. 00_start_here")
    p.add_argument("zip", type=Path, metavar="ZIP", help="the LMS download of the submissions, one zip")
    p.add_argument("--regexp", default=None,
                   help="file-name pattern with (?P<student_id>...) and (?P<file_id>...) groups "
                        "(default: Canvas-style <student>_<n>_<n>_<notebook>.ipynb)")
    p.set_defaults(func=_cmd_collect_zip)

    p = sub.add_parser("site", help="build the website (Jupyter Book) of the student edition, offline")
    p.add_argument("out_dir", type=Path, metavar="OUT_DIR", help="where the HTML goes, e.g. build/site")
    p.add_argument("--hub-url", default=None, help="a JupyterHub with nbgitpuller for a second launch button")
    p.add_argument("--lang", choices=["all", "en", "ko"], default="all",
                   help="the editions: all (default: English at the top, Korean in ko/, with a language switch), "
                        "en or ko alone")
    p.add_argument("--notebooks-dir", type=Path, default=None,
                   help="the instructor notebooks (the Korean edition in its ko/ folder)")
    p.add_argument("--cache-dir", type=Path, default=None, help="executed notebooks (default build/cache)")
    p.add_argument("--jobs", type=int, default=None, help="notebooks executed at once (default 2)")
    p.add_argument("--timeout", type=int, default=600, help="seconds allowed per cell (default 600)")
    p.set_defaults(func=_cmd_site)

    p = sub.add_parser("handouts", help="print an A4 PDF per student notebook and an answer sheet")
    p.add_argument("out_dir", type=Path, metavar="OUT_DIR", help="where the PDFs go, e.g. build/handouts")
    p.add_argument("--no-answer-sheet", action="store_true", help="skip the instructors' answer sheet")
    p.add_argument("--lang", choices=["all", "en", "ko"], default="all",
                   help="the editions: all (default: English in OUT_DIR, Korean in OUT_DIR/ko), or en or ko "
                        "alone in OUT_DIR")
    p.add_argument("--notebooks-dir", type=Path, default=None,
                   help="the instructor notebooks (the Korean edition in its ko/ folder)")
    p.add_argument("--cache-dir", type=Path, default=None, help="executed notebooks (default build/cache)")
    p.add_argument("--jobs", type=int, default=None, help="notebooks executed at once (default 2)")
    p.add_argument("--timeout", type=int, default=600, help="seconds allowed per cell (default 600)")
    p.set_defaults(func=_cmd_handouts)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``korea-notes`` with ``argv`` (default: the command line) and return the exit code.

    Parameters
    ----------
    argv
        Arguments without the program name.

    Returns
    -------
    int
        0 on success, 1 when a :class:`KoreaNotesError` stopped the command (its message goes to
        stderr, without a traceback) or the output's reader closed the pipe (quietly, as with ``| head``).
        Usage errors exit with 2 through ``parser.error``.

    """
    parser = build_parser()
    args = parser.parse_args(argv)
    if getattr(args, "func", None) is None:
        (getattr(args, "parser", None) or parser).error("choose a command (see --help)")
    if args.command == "exercises" and args.func is _cmd_exercises_add and args.kind != "number" \
            and args.tolerance is not None:
        args.parser.error("--tolerance applies to --kind number only")
    try:
        code = args.func(args)
        sys.stdout.flush()  # inside the try: a reader that went away shows up here, not at exit
        return code
    except KoreaNotesError as error:
        print(f"{PROG}: error: {error}", file=sys.stderr)
        return 1
    except BrokenPipeError:
        # The reader went away (`korea-notes hub-links HUB | head`): stop quietly, as the Python docs advise,
        # pointing stdout at devnull so that the final flush at exit does not raise again.
        try:
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        except (OSError, ValueError, AttributeError):  # no real file descriptor (captured output)
            pass
        return 1


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
