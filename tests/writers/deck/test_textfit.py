import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reportgen.writers.deck import textfit
from reportgen.writers.deck.textfit import Paragraph, fit_scale, fits, script_changes, text_height, text_width, wrap


@pytest.mark.parametrize(
    ("text", "changes"),
    [
        ("가나다", 0),
        ("abc", 0),
        ("1억", 1),
        ("1억 5,000만 명", 3),  # spaces do not break a change: 억|5 counts
        ("출처: Publisher", 1),  # the colon is already Latin
        ("가–가", 0),  # an en dash sits between scripts without a change
        ("가 a 가", 2),
    ],
)
def test_script_changes(text, changes):
    assert script_changes(text) == changes


def test_width_scales_with_size_and_counts_autospace():
    assert text_width("abc", 20) == pytest.approx(2 * text_width("abc", 10))
    plain = text_width("가", 20) + text_width("1", 20)
    assert text_width("가1", 20) == pytest.approx(plain + 0.25 * 20)


@pytest.mark.parametrize(
    ("text", "width", "lines"),
    [
        ("short", 500, 1),
        ("one two three four five six seven eight", 80, 4),
        ("a\nb\nc", 500, 3),
        ("가" * 40, 100, 5),  # a word longer than the line wraps by character
    ],
)
def test_wrap_line_counts(text, width, lines):
    assert len(wrap(text, width, 12)) == lines


def test_wrapped_lines_fit_the_width():
    text = "중국은 모델 하나가 아니라 생태계 전체로 경쟁한다 — 한국은 3~5년 안에 시스템을 갖춰야 한다"
    for line in wrap(text, 200, 16):
        assert text_width(line, 16) <= 200


def test_height_adds_lines_and_spacing():
    one = Paragraph("x", 10)
    assert text_height([one], 100) == pytest.approx(12)
    assert text_height([one, Paragraph("y", 10, space_before=6)], 100) == pytest.approx(30)


def test_fit_scale_shrinks_to_fit_or_gives_up():
    long = [Paragraph("word " * 40, 20)]
    assert fit_scale(long, 400, 400, 0.5) == 1.0
    scale = fit_scale(long, 400, 60, 0.5)
    assert scale is not None and scale < 1.0 and fits(long, 400, 60, scale)
    assert fit_scale(long, 400, 10, 0.75) is None


def test_max_lines_limits_a_title():
    title = [Paragraph("A fairly long action title that needs room", 24, bold=True)]
    assert fit_scale(title, 300, 500, 0.75, max_lines=1) is None
    assert fit_scale(title, 300, 500, 0.75, max_lines=3) == 1.0


@settings(max_examples=60, deadline=None)
@given(
    words=st.lists(st.sampled_from(["AI", "기업", "1억", "5,000만", "data", "생태계", "—", "competition"]), min_size=1, max_size=30),
    width=st.floats(60, 600),
    height=st.floats(10, 400),
    size=st.sampled_from([9.0, 12.0, 16.0, 24.0]),
)
def test_a_fitted_scale_always_fits_and_respects_the_floor(words, width, height, size):
    paragraphs = [Paragraph(" ".join(words), size)]
    scale = fit_scale(paragraphs, width, height, 0.7)
    if scale is not None:
        assert scale >= 0.7 - 1e-9
        assert fits(paragraphs, width, height, scale)
        assert textfit.scaled_size(size, scale) >= size * 0.7 - 0.5
