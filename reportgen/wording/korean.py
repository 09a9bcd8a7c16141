"""Korean particles after figures: `91% 이상이`, `8,609건으로`, `3.4배를` — chosen by the final sound."""

from __future__ import annotations

import re

# Digits as read aloud: does the reading end in a final consonant (받침), and is it ㄹ?
_DIGIT_END = {"0": "ㅇ", "1": "ㄹ", "2": "", "3": "ㅁ", "4": "", "5": "", "6": "ㄱ", "7": "ㄹ", "8": "ㄹ", "9": ""}
_TRAILING_ZEROS_END = {1: "ㅂ", 2: "ㄱ", 3: "ㄴ"}  # 십, 백, 천
_LETTER_END = {"L": "ㄹ", "M": "ㅁ", "N": "ㄴ", "R": "ㄹ"}  # 엘, 엠, 엔, 알
_SYMBOL_END = {"%": "", "×": ""}  # 퍼센트, 배
_FINALS = " ㄱㄲㄳㄴㄵㄶㄷㄹㄺㄻㄼㄽㄾㄿㅀㅁㅂㅄㅅㅆㅇㅈㅊㅋㅌㅍㅎ"

PAIRS = {
    "이/가": ("이", "가"), "이고/고": ("이고", "고"), "을/를": ("을", "를"), "은/는": ("은", "는"), "과/와": ("과", "와"),
    "으로/로": ("으로", "로"), "이다/다": ("이다", "다"), "이나/나": ("이나", "나"), "이라/라": ("이라", "라"),
}


def final_sound(text: str) -> str:
    """The final consonant of how `text` ends when read aloud ('' for a vowel)."""
    body = re.sub(r"[\s)\]}'\"’”.,]+$", "", text)
    if not body:
        return ""
    last = body[-1]
    if "가" <= last <= "힣":
        return _FINALS[(ord(last) - 0xAC00) % 28].strip()
    if last.isdigit():
        number = re.search(r"[\d,.]+$", body).group(0).replace(",", "")
        whole = number.split(".")[-1] if "." in number else number
        zeros = len(whole) - len(whole.rstrip("0"))
        if zeros and whole.strip("0") and "." not in number:
            return _TRAILING_ZEROS_END.get(zeros, "ㄴ")  # ...만 and beyond read 만
        return _DIGIT_END[last]
    if last.upper() in _LETTER_END:
        return _LETTER_END[last.upper()]
    return _SYMBOL_END.get(last, "")


def josa(text: object, pair: str) -> str:
    """`text` followed by the particle of `pair` (e.g. '이/가') that fits its final sound."""
    if pair not in PAIRS:
        raise ValueError(f"unknown particle pair {pair!r}; known: {', '.join(PAIRS)}")
    text = str(text)
    after_consonant, after_vowel = PAIRS[pair]
    end = final_sound(text)
    if pair == "으로/로":
        return text + (after_consonant if end and end != "ㄹ" else after_vowel)
    return text + (after_consonant if end else after_vowel)
