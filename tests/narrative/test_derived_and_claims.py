"""Derived figures print through the one formatting path and refuse typed numbers; claims beside their
text are checked on the data, and a broken one names the file, key, line, claim and values."""

from __future__ import annotations

import pytest

from reportgen.errors import ReportgenError
from reportgen.inputs.dataset import load_dataset
from reportgen.narrative.claims import coverage
from reportgen.narrative.texts import load_texts


@pytest.fixture(autouse=True)
def _in_tmp(mini, monkeypatch):
    monkeypatch.chdir(mini)


def render(mini, lang, body):
    (mini / "report" / "text" / f"{lang}.yaml").write_text(body, encoding="utf-8")
    return load_texts(mini / "report", load_dataset(mini / "data" / "datapackage.yaml"), lang)


Q, D = "data.services.quark.mau", "data.services.doubao.mau"


@pytest.mark.parametrize(
    ("expression", "ko", "en"),
    [
        (f"ratio({Q}, {D})", "1.5배", "1.5×"),
        (f"ratio({Q}, {D}, 0)", "2배", "2×"),
        (f"share({D}, total({Q}, {D}))", "40%", "40%"),
        (f"growth({Q}, {D})", "50%", "50%"),
        (f"difference({Q}, {D})", "5,000만 명", "50M users"),
        (f"total({Q}, {D})", "2억 5,000만 명", "250M users"),
        (f"fraction({D}, {Q})", "2분의 1", "1/2"),
        (f"rank({D})", "2위", "2nd"),
        (f"up_to({Q}, {D})", "최대 1억 5,000만 명", "up to 150M users"),
        (f"smallest({Q}, {D})", "1억 명", "100M users"),
    ],
)
def test_derived_figures_print_in_each_language(mini, expression, ko, en):
    assert render(mini, "ko", f"paragraphs:\n  x: '{{{{ {expression} }}}}'\n").get("paragraphs.x") == ko
    assert render(mini, "en", f"paragraphs:\n  x: '{{{{ {expression} }}}}'\n").get("paragraphs.x") == en


def test_a_derived_figure_is_recorded_with_its_derivation_inputs_and_rounding(mini):
    texts = render(mini, "en", f"paragraphs:\n  x: 'Quark is {{{{ ratio({Q}, {D}) }}}} Doubao'\n")
    [derived] = [f for f in texts.records[("paragraphs", "x")].figures if f.derivation]
    assert (derived.shown, derived.inputs, derived.rounding) == (("1.5×",), ("services.quark.mau", "services.doubao.mau"),
                                                                  "at most 1 decimal")
    assert derived.sources == ("src_a",)


def test_a_typed_number_in_a_derivation_is_refused_with_its_key_and_line(mini):
    with pytest.raises(ReportgenError) as err:
        render(mini, "en", f"paragraphs:\n  x: '{{{{ ratio({Q}, 3) }}}}'\n")
    assert "paragraphs.x (line 2): cannot render: ratio() takes figures from data" in str(err.value)


def claims_text(claims: str) -> str:
    return f"slides:\n  users:\n    title: 'Quark leads with {{{{ {Q} }}}}'\n    claims:\n{claims}"


@pytest.mark.parametrize(
    "claim",
    [
        "services.quark.mau is the largest of services.mau",
        "services.doubao.mau ranks 2nd of services.mau",
        "services.doubao.mau is the smallest among quark, doubao",
        "services.quark.mau > services.doubao.mau",
        "ratio(services.quark.mau, services.doubao.mau) >= 1.5",
        "services.mau among doubao, quark rises by id",
    ],
)
def test_claims_that_hold_pass_and_are_counted(mini, claim):
    texts = render(mini, "en", claims_text(f"      - {claim}\n"))
    assert texts.get("slides.users.claims") is None  # claims are not text the writers print
    assert str(coverage(texts.records, texts.claims)).endswith("titles and takeaways: 1 of 1; 1 claims hold")


@pytest.mark.parametrize(
    ("claim", "values"),
    [
        ("services.doubao.mau is the largest of services.mau", "largest first: quark 150M users, doubao 100M users"),
        ("services.quark.mau ranks 2nd of services.mau", "quark ranks 1st; largest first: quark 150M users, doubao 100M users"),
        ("services.quark.mau < services.doubao.mau", "services.quark.mau = 150,000,000 (150M users) < services.doubao.mau = 100,000,000"),
        ("services.mau among quark, doubao falls by id", "quark (id quark) 150M users is not smaller than doubao (id doubao) 100M users"),
    ],
)
def test_a_broken_claim_names_file_key_line_claim_and_values(mini, claim, values):
    with pytest.raises(ReportgenError) as err:
        render(mini, "en", claims_text(f"      - {claim}\n"))
    message = str(err.value)
    assert message.startswith("report/text/en.yaml: slides.users.claims[0] (line 5): the claim about slides.users does not hold: ")
    assert repr(claim) in message and values in message


@pytest.mark.parametrize(
    ("claim", "expected"),
    [
        ("quark beats doubao", "cannot read this claim; write one of:"),
        ("services.kwark.mau is the largest of services.mau", "table 'services' has no row 'kwark'"),
        ("services.quark.users > 3", "table 'services' has no column 'users'"),
    ],
)
def test_a_claim_that_cannot_be_read_says_why(mini, claim, expected):
    with pytest.raises(ReportgenError) as err:
        render(mini, "en", claims_text(f"      - {claim}\n"))
    assert f"slides.users.claims[0] (line 5): claim {claim!r}: " in str(err.value) and expected in str(err.value)


def test_claims_of_a_paragraph_are_keyed_by_its_name(mini):
    body = f"paragraphs:\n  users: 'Quark {{{{ {Q} }}}}'\n  claims:\n    users: [services.quark.mau > services.doubao.mau]\n"
    texts = render(mini, "en", body)
    assert [c.covers for c in texts.claims] == ["paragraphs.users"]
    assert coverage(texts.records, texts.claims).declared == 1
