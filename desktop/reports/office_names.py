"""Ethnic groups and awards as offices write them in their old lists, read as the catalog's codes.

An office writes "Mông", "H'Mông" or "Mèo" for the group the catalog spells "HMông", and "GK",
"Giấy khen UBND xã" or "Giấy khen của Chủ tịch UBND xã" for the catalog's "Giấy khen của Chủ
tịch UBND cấp xã". Names are compared after a key that drops accents, case, hyphens and the words
that vary between offices; a name two entries share is never guessed. Other names come from
`resources/catalog/` with their source; names an officer mapped by hand are remembered.
"""

from __future__ import annotations

import difflib
import re

from desktop.rules.catalog import Catalog, read_catalog
from desktop.text import search_key

_NOT_LETTERS = re.compile(r"[^a-z0-9]+")
_PUNCTUATION = re.compile(r"[^\w\s]+")
AWARD_WORDS_LEFT_OUT = ("uy ban nhan dan", "chu tich", "danh hieu", "ubnd", "cua", "cap", "tang")
"""Words that one office writes in an award's name and another leaves out."""
AWARD_SPELLINGS = {"sy": "si"}
"""Words written two ways ("Chiến sỹ" and "Chiến sĩ"), read as one."""
NEAREST = 3


def ethnic_key(text: str) -> str:
    """ "H'Mông", "Hmông" and "HMông" are one key; so are "Ê-đê" and "Ê Đê"."""
    return _NOT_LETTERS.sub("", search_key(text))


class EthnicNames:
    """The 54 groups by their official name, their other names in the statistics office's list,
    and the spellings offices use."""

    def __init__(self, groups: dict[str, str]) -> None:
        self.official = groups
        self.codes: dict[str, str] = {}
        shared: set[str] = set()
        for code, names in read_catalog("ethnic_other_names.json")["other_names"].items():
            for name in names:
                key = ethnic_key(name)
                if self.codes.get(key, code) != code:
                    shared.add(key)
                self.codes[key] = code
        for key in shared:
            del self.codes[key]
        self.codes.update({ethnic_key(name): code for code, name in groups.items()})

    def code(self, text: str) -> str | None:
        return self.codes.get(ethnic_key(text))

    def nearest(self, text: str) -> list[str]:
        """The official names closest to an unknown one, to show beside the error."""
        keys = difflib.get_close_matches(ethnic_key(text), self.codes, n=NEAREST * 2, cutoff=0.5)
        names = dict.fromkeys(self.official[self.codes[key]] for key in keys)
        return list(names)[:NEAREST]


def award_key(text: str) -> str:
    key = " " + _PUNCTUATION.sub(" ", search_key(text)) + " "
    for words in AWARD_WORDS_LEFT_OUT:
        key = key.replace(f" {words} ", " ")
    return " ".join(AWARD_SPELLINGS.get(word, word) for word in key.split())


def _initials(key: str) -> str:
    return "".join(word[0] for word in key.split())


class AwardNames:
    """Award names → catalog codes: the catalog's names and codes, the initials only one award
    has ("LĐTT", "CSTĐCS"), the other names offices write, and the mappings officers chose."""

    def __init__(self, catalog: Catalog, own_level: str, remembered: dict[str, str]) -> None:
        other = read_catalog("award_other_names.json")
        found: dict[str, set[str]] = {}
        initials: dict[str, set[str]] = {}
        for entry in catalog.entries:
            for name in (entry.name, entry.code):
                found.setdefault(award_key(name), set()).add(entry.code)
            initials.setdefault(_initials(award_key(entry.name)), set()).add(entry.code)
        for code, names in other["other_names"].items():
            for name in names:
                found.setdefault(award_key(name), set()).add(code)
        for letters, codes in initials.items():
            found.setdefault(letters, set()).update(codes)
        self.codes = {key: codes.pop() for key, codes in found.items() if len(codes) == 1}
        self.codes.update({award_key(text): code for text, code in remembered.items()})
        self.giay_khen = {award_key(name) for name in other["giay_khen"]["names"]}
        self.giay_khen_of_level: dict[str, str] = other["giay_khen"]["of_level"]
        self.own_level = own_level

    def code(self, text: str, signer_level: str | None = None) -> str | None:
        """The award `text` names; a bare "Giấy khen" is the one of the level that signed it (the
        office's own when the row does not say)."""
        key = award_key(text)
        if key in self.codes:
            return self.codes[key]
        if key in self.giay_khen:
            return self.giay_khen_of_level.get(signer_level or self.own_level)
        return None

    def named_in(self, text: str) -> set[str]:
        """The awards a sentence names ("… được tặng Giấy khen của Chủ tịch UBND xã …")."""
        key = f" {award_key(text)} "
        return {code for name, code in self.codes.items() if len(name) > 4 and f" {name} " in key}
