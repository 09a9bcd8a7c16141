"""The second round of bad inputs: files written by an attacker or a clumsy colleague, and faults of the
machine (issue 17). Each case failed on the code before it (a hang, gigabytes, exit 3, a wrong figure, a
file outside the output folder touched) and states the exact outcome now. See docs/reliability.md.
"""

from __future__ import annotations

from bad_cases import Case, author

ERROR = "error: templates/china-ai-briefing/text/en/story.yaml: meta.author (line 7): template error: "
STEPS = ("the text takes more than 100,000 steps (loop turns, calls and items gone through); is a loop runaway?")


def text_error(message: str) -> str:
    return ERROR + message


SANDBOX = [
    Case("big-integer-squared",
         author("{% set ns = namespace(x=10**100) %}{% for i in range(40) %}{% set ns.x = ns.x * ns.x %}{% endfor %}"
                "{{ ns.x % 7 }}"),
         text_error("a number of more than 1,000 digits is not allowed in text")),
    Case("batch-filled-to-a-billion", author("{{ [1]|batch(1000000000, 'x')|list|length }}"), text_error(STEPS)),
    Case("slice-into-a-billion", author("{{ [1]|slice(1000000000)|list|length }}"), text_error(STEPS)),
    Case("join-of-long-texts", author("{% set s = 'x' * 100000 %}{% set l = [s] * 100000 %}{{ l|join|length }}"),
         text_error("a repeated value holding more than 100,000 characters and items is not allowed in text")),
    Case("list-of-long-texts-printed", author("{% set s = 'x' * 100000 %}{{ ([s] * 10000)|string|length }}"),
         text_error("a repeated value holding more than 100,000 characters and items is not allowed in text")),
    Case("sum-of-lists", author("{% set l = [1] * 50000 %}{{ [l, l, l, l, l, l, l, l, l, l]|sum(start=[])|length }}"),
         text_error(STEPS)),
    Case("map-join-of-long-lists", author("{% set l = [[1] * 30000] * 100000 %}{{ l|map('join')|list|length }}"),
         text_error("a repeated value holding more than 100,000 characters and items is not allowed in text")),
    Case("membership-in-a-loop",
         author("{% set l = [1] * 99000 %}{% for i in range(49000) %}{% if 0 in l %}{% endif %}{% endfor %}"),
         text_error(STEPS)),
    Case("slice-in-a-loop",
         author("{% set l = [1] * 99000 %}{% for i in range(49000) %}{% set x = l[1:] %}{% endfor %}"),
         text_error(STEPS)),
    Case("digits-of-a-figure", author("{{ data.ai_services.alibaba_quark.mau|num(100000000) }}"),
         text_error("filter num: digits must be from -15 to 15; got 100000000")),
    Case("digits-of-a-percent", author("{{ 12|pct(100000000) }}"),
         text_error("filter pct: digits must be from -15 to 15; got 100000000")),
    Case("round-to-a-billion-digits", author("{{ 1.5|round(1000000000, 'ceil') }}"),
         text_error("filter round: precision must be from -15 to 15; got 1000000000")),
    Case("truncate-shorter-than-its-end", author("{{ 'abc'|truncate(1) }}"),
         text_error("filter truncate: expected length >= 3, got 1")),
]

CASES = SANDBOX
