"""The checkers themselves: a page with an unlabelled image and input must fail both."""

from tests.e2e.checkers import axe_violations, html_errors

BROKEN = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Broken</title></head>
<body><main><h1>A broken page</h1><img src="photo.png"><input type="text" name="q"></main></body></html>"""


def test_axe_fails_an_image_without_alt_text_and_an_input_without_a_label(page):
    page.set_content(BROKEN)
    rules = {violation.split(":")[0] for violation in axe_violations(page)}
    assert {"image-alt", "label"} <= rules


def test_the_html_checker_fails_an_image_without_alt_text():
    errors = html_errors({"broken": BROKEN})
    assert any("broken:" in error and "alt" in error for error in errors), errors


def test_the_checkers_pass_a_correct_page(page):
    fixed = BROKEN.replace('<img src="photo.png">', '<img src="photo.png" alt="The old town">').replace(
        '<input type="text" name="q">', '<label for="q">Search</label><input type="text" id="q" name="q">')
    page.set_content(fixed)
    assert axe_violations(page) == []
    assert html_errors({"fixed": fixed}) == []
