"""The printed handouts (korea-notes handouts): one A4 PDF per student notebook and the answer sheet.

Built once per session (executed notebooks come from the cache shared with the website, build/cache) and read
back with poppler: page size, text (title and Hangul), fonts (a CJK font embedded), code that stays on the
page, maps printed as static pictures, and an answer sheet that lists every exercise.

The Korean handouts (lang="ko", from notebooks/ko) are built once too, for three notebooks only (00, 03 and 05:
a title, a map and the agreement's solution points) and their answer sheet, which keeps the added time small:
printing all 13 costs about 25 s more, and their answer sheet runs all 13 instructor notebooks.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import nbformat
import pytest
from browser_support import chromium_path

from korea_notes.publishing.executed import notebook_title
from korea_notes.publishing.handouts import ANSWER_SHEET, build_handouts, notebook_html, static_map_output
from korea_notes.teaching.exercises import list_questions

pytestmark = [pytest.mark.slow, pytest.mark.browser, pytest.mark.xdist_group("site")]

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
KO_NOTEBOOKS = NOTEBOOKS / "ko"
KO_ONLY = ["00", "03", "05"]
A4 = (595.28, 841.89)
HANGUL = re.compile(r"[\uac00-\ud7a3]{2,}")


def _poppler(tool: str, *args: str) -> str:
    if shutil.which(tool) is None:
        pytest.fail(f"{tool} (poppler-utils) is needed: bash scripts/install_browser.sh", pytrace=False)
    return subprocess.run([tool, *args], check=True, capture_output=True, text=True).stdout


def _squash(text: str) -> str:
    return " ".join(text.split())


def _title(path: Path) -> str:
    nb = nbformat.read(path, as_version=4)
    return next(line[2:].strip() for cell in nb.cells if cell.cell_type == "markdown"
                for line in cell.source.splitlines() if line.startswith("# "))


@pytest.fixture(scope="session")
def handouts(tmp_path_factory):
    chromium_path()  # skip, or fail under KOREA_NOTES_REQUIRE_BROWSER=1, without a browser
    out = tmp_path_factory.mktemp("handouts")
    return build_handouts(out, src_dir=NOTEBOOKS, cache_dir=ROOT / "build" / "cache")


@pytest.fixture(scope="session")
def ko_handouts(tmp_path_factory):
    chromium_path()
    out = tmp_path_factory.mktemp("handouts") / "ko"
    return build_handouts(out, src_dir=NOTEBOOKS, cache_dir=ROOT / "build" / "cache", lang="ko", only=KO_ONLY)


def _a4(pdf: Path) -> None:
    info = _poppler("pdfinfo", str(pdf))
    width, height = map(float, re.search(r"Page size:\s+([\d.]+) x ([\d.]+) pts", info).groups())
    assert abs(width - A4[0]) < 2 and abs(height - A4[1]) < 2, (pdf.name, width, height)
    assert int(re.search(r"Pages:\s+(\d+)", info).group(1)) >= 1


def _text(pdf: Path) -> str:
    return _squash(_poppler("pdftotext", "-enc", "UTF-8", str(pdf), "-"))


def test_one_a4_pdf_per_notebook_and_the_answer_sheet(handouts):
    expected = [handouts.out_dir / f"{p.stem}.pdf" for p in sorted(NOTEBOOKS.glob("*.ipynb"))]
    assert handouts.pdfs == expected
    for pdf in [*expected, handouts.answer_sheet]:
        info = _poppler("pdfinfo", str(pdf))
        width, height = map(float, re.search(r"Page size:\s+([\d.]+) x ([\d.]+) pts", info).groups())
        assert abs(width - A4[0]) < 2 and abs(height - A4[1]) < 2, (pdf.name, width, height)
        assert int(re.search(r"Pages:\s+(\d+)", info).group(1)) >= 1


def test_each_pdf_holds_its_title_and_its_hangul_in_a_cjk_font(handouts):
    for path in sorted(NOTEBOOKS.glob("*.ipynb")):
        pdf = handouts.out_dir / f"{path.stem}.pdf"
        text = _squash(_poppler("pdftotext", "-enc", "UTF-8", str(pdf), "-"))
        assert _squash(_title(path)) in text, path.name
        first = nbformat.read(path, as_version=4).cells[0].source
        words = HANGUL.findall(first)
        for word in words:
            assert word in text, (path.name, word)
        if words:
            fonts = _poppler("pdffonts", str(pdf))
            # chromium embeds the Noto CJK glyphs as Type 3 outlines (the Latin text is DejaVu TrueType)
            assert "Type 3" in fonts or "CJK" in fonts, (path.name, fonts)
    assert "판문점" in _poppler("pdftotext", "-enc", "UTF-8", str(handouts.out_dir / "03_kaesong_and_panmunjom.pdf"),
                             "-")
    assert "정전협정" in _poppler("pdftotext", "-enc", "UTF-8",
                              str(handouts.out_dir / "05_the_armistice_agreement.pdf"), "-")


def test_no_code_line_runs_past_the_page(handouts):
    assert handouts.overflowing == {}  # every <pre> fits its box in print layout
    for pdf in handouts.pdfs:
        bbox = _poppler("pdftotext", "-bbox", str(pdf), "-")
        page_width = float(re.search(r'<page width="([\d.]+)"', bbox).group(1))
        right = max(float(x) for x in re.findall(r'xMax="([\d.]+)"', bbox))
        assert right <= page_width - 20, (pdf.name, right, page_width)  # inside the right margin


def test_maps_print_as_static_pictures_and_no_cdn_script(handouts):
    from korea_notes.publishing.executed import executed_student_edition

    maps = 0
    for nb in executed_student_edition(NOTEBOOKS, cache_dir=ROOT / "build" / "cache"):
        page = notebook_html(nb.executed, title=nb.stem)
        assert not re.search(r"<script[^>]+src=[\"']https?:", page), nb.name
        assert "<iframe" not in page and "Trusted to load map" not in page, nb.name
        for cell in nb.executed.cells:
            for output in cell.get("outputs", []):
                replacement = static_map_output(output)
                if replacement is not None:
                    maps += 1
                    figure = replacement.data["text/html"]
                    assert '<img src="data:image/png;base64,' in figure and "<figcaption>" in figure
                    assert figure.index("<img") < figure.index("<figcaption>")  # caption under the picture
    assert maps >= 3
    text = _poppler("pdftotext", "-enc", "UTF-8", str(handouts.out_dir / "03_kaesong_and_panmunjom.pdf"), "-")
    assert "interactive map" in text.lower()


def test_answer_sheet_lists_every_checked_exercise_with_its_accepted_answer(handouts):
    assert handouts.answer_sheet == handouts.out_dir / ANSWER_SHEET
    text = _squash(_poppler("pdftotext", "-enc", "UTF-8", str(handouts.answer_sheet), "-"))
    assert "Answer sheet" in text and "not accepted by the checker" not in text
    questions = list_questions()
    assert len(questions) > 20
    for qid in questions:
        assert re.search(rf"{re.escape(qid)} — .{{0,300}}?Accepted answer:", text), qid
    # the model answer points of a discussion exercise (a cell tagged "solution")
    nb = nbformat.read(NOTEBOOKS / "05_the_armistice_agreement.ipynb", as_version=4)
    model = next(c.source for c in nb.cells if "solution" in c.metadata.get("tags", []) and c.cell_type == "markdown")
    first_point = re.sub(r"[*_`]", "", next(line for line in model.splitlines() if line.startswith("- ")))[2:40]
    assert _squash(first_point) in text
    assert "points" in text or "point" in text


def test_a_rendered_page_for_people_to_look_at(handouts, artifacts_dir):
    prefix = artifacts_dir / "handout_05"
    _poppler("pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "2",
             str(handouts.out_dir / "05_the_armistice_agreement.pdf"), str(prefix))
    pngs = sorted(artifacts_dir.glob("handout_05-*.png"))
    assert len(pngs) == 2 and all(p.stat().st_size > 5000 for p in pngs)


# ------------------------------------------------------------------------------------------------ 한국어판


def test_korean_handouts_are_a4_with_korean_titles_and_hangul_in_a_cjk_font(ko_handouts):
    chosen = [p for p in sorted(KO_NOTEBOOKS.glob("*.ipynb")) if p.stem[:2] in KO_ONLY]
    assert ko_handouts.lang == "ko" and ko_handouts.pdfs == [ko_handouts.out_dir / f"{p.stem}.pdf" for p in chosen]
    assert ko_handouts.overflowing == {}
    for path in chosen:
        pdf = ko_handouts.out_dir / f"{path.stem}.pdf"
        _a4(pdf)
        text = _text(pdf)
        title = notebook_title(nbformat.read(path, as_version=4), path.stem)
        words = HANGUL.findall(title)  # pdftotext may order a wrapped title's Latin and Hangul runs apart
        assert words and all(word in text for word in words), (path.name, title)
        assert len(HANGUL.findall(text)) > 20, path.name  # Korean text, not a stray word
        fonts = _poppler("pdffonts", str(pdf))
        assert "Type 3" in fonts or "CJK" in fonts, (path.name, fonts)
        assert "lang=\"ko\"" in notebook_html(nbformat.read(path, as_version=4), title="t", lang="ko")
    assert "대화형 지도" in _text(ko_handouts.out_dir / "03_kaesong_and_panmunjom.pdf")  # the map's Korean caption


def test_korean_answer_sheet_lists_the_exercises_with_accepted_answers_and_korean_model_points(ko_handouts):
    sheet = ko_handouts.answer_sheet
    assert sheet == ko_handouts.out_dir / ANSWER_SHEET and sheet.is_file()
    _a4(sheet)
    text = _text(sheet)
    assert "정답지" in text and "인정 답안:" in text and "채점기가 인정하지 않음" not in text
    assert "Accepted answer" not in text and len(HANGUL.findall(text)) > 20
    assert "Type 3" in _poppler("pdffonts", str(sheet)) or "CJK" in _poppler("pdffonts", str(sheet))
    questions = [q for q in list_questions() if q[:2] in KO_ONLY]
    assert len(questions) >= 6
    for qid in questions:
        assert re.search(rf"{re.escape(qid)} — .{{0,300}}?인정 답안:", text), qid
    nb = nbformat.read(KO_NOTEBOOKS / "05_the_armistice_agreement.ipynb", as_version=4)
    model = next(c.source for c in nb.cells if "solution" in c.metadata.get("tags", []) and c.cell_type == "markdown")
    first_point = re.sub(r"[*_`]", "", next(line for line in model.splitlines() if line.startswith("- ")))[2:40]
    assert _squash(first_point) in text  # the model answer points come from the Korean solution cell


def test_a_rendered_korean_page_for_people_to_look_at(ko_handouts, artifacts_dir):
    prefix = artifacts_dir / "handout_ko_05"
    _poppler("pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1",
             str(ko_handouts.out_dir / "05_the_armistice_agreement.pdf"), str(prefix))
    pngs = sorted(artifacts_dir.glob("handout_ko_05-*.png"))
    assert len(pngs) == 1 and pngs[0].stat().st_size > 5000


def test_korean_answer_sheet_gives_names_and_choices_in_hangul_too():
    """The Korean sheet shows the Hangul the checker accepts beside a recorded name or choice."""
    from nbformat.v4 import new_markdown_cell, new_notebook

    from korea_notes.publishing.handouts import answer_sheet_items

    nb = new_notebook(cells=[new_markdown_cell("### 연습 99.1 — 장소\n?"), new_markdown_cell("### 연습 99.2 — 쪽\n?")])
    records = {"99.1": {"id": "99.1", "answer": "Panmunjom", "correct": True},
               "99.2": {"id": "99.2", "answer": ["north", 1953.0], "correct": True}}
    korean = {item["id"]: item["answer"] for item in answer_sheet_items(nb, records, lang="ko")}
    english = {item["id"]: item["answer"] for item in answer_sheet_items(nb, records)}
    assert korean["99.1"] == "Panmunjom (판문점)" and english["99.1"] == "Panmunjom"
    assert korean["99.2"].startswith("north (") and "북쪽" in korean["99.2"] and korean["99.2"].endswith("; 1953")
