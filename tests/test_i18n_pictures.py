"""The booklet (HTML, PDF) and the timeline (SVG) in the language speaking (cli.md 1.1,
"Language"): the Korean sample trip says `lang = "ko"`, so both are Korean without
--lang; --lang chooses another; English stays as it was (tests/test_booklet.py and
tests/test_timeline*.py hold its bytes).

Dates come from CLDR (Babel) and need no catalog. The tests under "Korean words" read
tripplan's own words from the compiled Korean catalog (src/tripplan/locale/ko): they pass
once the booklet's and timeline's messages are translated there.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from html import unescape
from pathlib import Path

from helpers import ROOT, SAMPLE, tripplan

KOREAN = ROOT / "trips" / "seoul-americas-2010.ko.toml"
SVG = "{http://www.w3.org/2000/svg}"


def booklet(trip: Path, *args: str) -> str:
    result = tripplan("booklet", trip, *args)
    assert (result.code, result.err) == (0, "")
    return result.out


def timeline(trip: Path, *args: str) -> ET.Element:
    result = tripplan("timeline", trip, *args)
    assert (result.code, result.err) == (0, "")
    return ET.fromstring(result.out.encode("utf-8"))


class Texts:
    """The booklet's texts by where they stand: the cover's facts, each element of a
    class (`reading-note`, `date`, `home`, ...) and the headings, in document order."""

    def __init__(self, html: str) -> None:
        self.html = html

    def of(self, name: str) -> list[str]:
        if name == "facts":
            (cover,) = re.findall(r'<ul class="facts">(.*?)</ul>', self.html, flags=re.S)
            return [unescape(text) for text in re.findall(r"<li>(.*?)</li>", cover)]
        if name == "h3":
            return [unescape(text) for text in re.findall(r"<h3>(.*?)</h3>", self.html)]
        pattern = rf'<(p|span) class="{name}">(.*?)</\1>'
        return [unescape(text) for _tag, text in re.findall(pattern, self.html)]


def texts(html: str) -> Texts:
    return Texts(html)


def key_words(root: ET.Element) -> list[str]:
    """The words of the key under the legend: its last five texts."""
    legend = root.find(f"{SVG}g[@class='legend']")
    assert legend is not None
    return [t.text or "" for t in legend.findall(f"{SVG}text")][-5:]


def axis_labels(root: ET.Element) -> list[str]:
    axis = root.find(f"{SVG}g[@data-axis='home']")
    assert axis is not None
    return [t.text or "" for t in axis.findall(f"{SVG}text")]


# -- the language chosen, and dates (CLDR: no catalog needed) -------------------------------


def test_the_korean_trip_makes_a_korean_booklet_without_lang() -> None:
    html = booklet(KOREAN)
    assert '<html lang="ko">' in html
    found = texts(html)
    # the trip's dates, the day pages' dates and the home clock's readings in CLDR's Korean
    assert "2010년 11월 16일 (화)" in found.of("facts")[0]
    assert "2010년 11월 23일 (화)" in found.of("facts")[0]
    assert found.of("date")[:3] == [
        "2010년 11월 16일 (화)",
        "2010년 11월 16일 (화)",
        "2010년 11월 17일 (수)",
    ]
    assert "11월 16일 (화) 14:50" in found.of("home")[0]
    assert not re.search(r"\b(Mon|Tue|Wed|Thu|Fri|Sat|Sun) \d\d (Nov|Dec)\b", html)


def test_the_korean_trip_makes_a_korean_timeline_without_lang() -> None:
    root = timeline(KOREAN)
    labels = axis_labels(root)
    assert labels[0] == "서울 시각"  # "{home} clock", already in the catalog
    dates = [label for label in labels if "월" in label]
    # the first date has no room before the 17th on the A4 width: its day alone ("16")
    assert dates[:3] == ["11월 17일 (수)", "11월 18일 (목)", "11월 19일 (금)"]
    subtitle = root.find(f"{SVG}text[@class='subtitle']")
    assert subtitle is not None and subtitle.text is not None
    assert subtitle.text.startswith("2010년 11월 16일 (화) 12:00")
    tooltips = [t.text or "" for t in root.iter(f"{SVG}title")]
    assert any("2010년 11월 16일 (화) 15:00–16:00 PST UTC-08:00" in t for t in tooltips)


def test_machine_attributes_are_the_same_in_korean() -> None:
    """data-t0, data-entry, data-start-utc ... are for programs: the Korean trip, whose
    instants and ids are the English one's, gives the same ones."""

    def machine(root: ET.Element) -> list[tuple[str, str]]:
        return [
            (name, value)
            for element in root.iter()
            for name, value in sorted(element.attrib.items())
            if name.startswith("data-") and name != "data-who"
        ]

    korean, english = timeline(KOREAN), timeline(SAMPLE)
    assert machine(korean) == machine(english)
    assert korean.attrib["data-t0"] == "2010-11-16T03:00:00Z"  # KE017 at 05:50Z, less two hours


def test_lang_chooses_the_language_of_the_pictures() -> None:
    html = booklet(SAMPLE, "--lang", "ko")
    assert '<html lang="ko">' in html
    assert "2010년 11월 16일 (화)" in texts(html).of("facts")[0]
    assert "11월 17일 (수)" in axis_labels(timeline(SAMPLE, "--lang", "ko"))
    # and English for the Korean trip, whatever its lang says
    english = booklet(KOREAN, "--lang", "en")
    assert '<html lang="en">' in english
    assert texts(english).of("facts")[:2] == [
        "Tue 16 Nov 2010 to Tue 23 Nov 2010",
        "Travellers: mayor, delegation",
    ]
    assert "Wed 17 Nov" in axis_labels(timeline(KOREAN, "--lang", "en"))


def test_a_language_without_a_catalog_has_cldr_dates_and_english_words() -> None:
    html = booklet(SAMPLE, "--lang", "fr-CA")
    assert '<html lang="fr-CA">' in html  # BCP 47, as the code was given
    assert texts(html).of("facts")[:2] == [
        "mar. 16 nov. 2010 to mar. 23 nov. 2010",
        "Travellers: mayor, delegation",
    ]
    assert 'content: "Page " counter(page) " of " counter(pages);' in html


def test_english_is_as_before() -> None:
    html = booklet(SAMPLE)
    assert '<html lang="en">' in html
    assert 'content: "Page " counter(page) " of " counter(pages);' in html
    assert key_words(timeline(SAMPLE)) == [
        "travel leg",
        "clock change",
        "error",
        "warning",
        "x is absolute time: one instant is one x in every row",
    ]


def test_a_bad_lang_is_refused_in_one_line_and_nothing_is_written(tmp_path: Path) -> None:
    for command in ("booklet", "timeline"):
        out = tmp_path / f"{command}.html"
        result = tripplan(command, SAMPLE, "--lang", "k!", "-o", out)
        assert result.code == 2
        assert result.err.splitlines()[-1] == (
            "Error: Invalid value for --lang: 'k!' is not a language code"
            " (tripplan's words: en, ko; dates: any CLDR language)"
        )
        assert not out.exists()


def test_page_numbers_keep_the_css_string_safe() -> None:
    from tripplan.render.html import _css_text

    # letters, digits and spaces as they are; anything else escaped, and a space after an
    # escape too (an escape swallows the space after it)
    assert _css_text("Page ") == "Page "
    assert _css_text("쪽 중 ") == "쪽 중 "
    assert _css_text('"; } </style> \\') == (
        "\\000022\\00003b\\000020\\00007d\\000020\\00003c\\00002fstyle\\00003e\\000020\\00005c"
    )


# -- Korean words: these need the compiled catalog -------------------------------------------
# They pass once /tmp/notes/ko-pictures.po (the pictures' msgids) is merged into
# src/tripplan/locale/ko/LC_MESSAGES/tripplan.po and compiled (tools/catalogs.py).


def test_catalog_the_korean_booklet_says_its_words_in_korean() -> None:
    html = booklet(KOREAN)
    found = texts(html)
    assert found.of("facts") == [
        "2010년 11월 16일 (화) ~ 2010년 11월 23일 (화)",
        "출장자: mayor, delegation",
        "본국: 서울 (Asia/Seoul)",
    ]
    assert found.of("reading-note") == [
        "시각은 출장자가 있는 곳의 현지 시각입니다. 본국 시각이 붙은 줄(“그때 … 시각”,"
        " “이날 시작 시 … 시각”)은 같은 순간에 그 시계가 가리키는 시각이며, 약속 시각이"
        " 아닙니다."
    ]
    assert found.of("h3")[:4] == ["일정", "시계 변경", "일정", "일정"]
    # the second day page: 16 Nov again in Los Angeles, over the date line
    assert found.of("clock")[1] == "09:10 PST UTC-08:00부터"
    assert found.of("home")[2] == "이날 시작 시 서울 시각: 11월 17일 (수) 02:10"
    assert found.of("repeat") == ["같은 날짜 반복: 시계가 뒤로 감."]
    assert 'content: counter(pages) "쪽 중 " counter(page) "쪽";' in html


def test_catalog_the_korean_booklet_says_what_was_chosen_and_left_out(tmp_path: Path) -> None:
    trip = tmp_path / "far.toml"
    far = KOREAN.read_text(encoding="utf-8").replace(
        "start = 2010-11-21T14:00:00", "start = 2110-11-21T14:00:00", 1
    )
    assert far != KOREAN.read_text(encoding="utf-8")
    trip.write_text(far, encoding="utf-8")
    result = tripplan("booklet", trip, "--who", "mayor")
    assert result.code == 0
    assert texts(result.out).of("facts")[3:] == [
        "이 일정표: mayor만",
        "타임라인 그림: 2010-11-16 ~ 2010-11-23 표시; 그 밖의 일정 1건 표시 안 함:"
        " 2110-11-21의 'chicago-ccgt' (출장 기간에서 멀리 벗어남)",
    ]
    # The line on standard error says it in Korean too, the flags as they are typed.
    assert result.err == (
        "tripplan: booklet: 그림 2010-11-16 ~ 2010-11-23 표시; 그 밖의 일정 1건 표시 안 함:"
        " 2110-11-21의 'chicago-ccgt' (출장 기간에서 멀리 벗어남); 다른 날짜는 --from과 --to로"
        " 그림\n"
    )
    chosen = booklet(KOREAN, "--from", "2010-11-18")
    assert texts(chosen).of("facts")[3:] == ["이 일정표: 2010년 11월 18일 (목) ~ 끝"]


def test_catalog_the_korean_timeline_says_its_words_in_korean() -> None:
    root = timeline(KOREAN)
    assert key_words(root) == [
        "이동",
        "시계 변경",
        "오류",
        "경고",
        "x축은 절대 시각: 한 순간은 모든 행에서 같은 x",
    ]
    rows = root.findall(f"{SVG}g[@class='row']")
    assert [
        [t.text for t in row.findall(f"{SVG}text") if t.text == "현지 시각"] for row in rows
    ] == [["현지 시각"], ["현지 시각"]]
    subtitle = root.find(f"{SVG}text[@class='subtitle']")
    assert subtitle is not None
    assert subtitle.text == "2010년 11월 16일 (화) 12:00 ~ 2010년 11월 23일 (화) 20:00, 서울 시각"


def test_catalog_no_english_word_is_left_in_the_korean_pictures() -> None:
    """Every word the booklet and the timeline print in Korean is Korean, but for the
    file's own (ids, venues, titles), zone letters, UTC and the modes' flight numbers."""
    allowed = {
        "AM", "KE", "LA", "MOU", "UCLG", "WTC", "LEED", "IT", "Antiguo", "Palacio", "del",
        "Ayuntamiento", "Blvd", "Sacramento", "Asia", "Seoul", "KST", "PST", "CST", "UTC",
        "mayor", "delegation",
        # the places' IANA zones on the cover (names of the tz database, as Asia/Seoul)
        "America", "Los", "Angeles", "Mexico", "City", "Chicago",
    }  # fmt: skip
    html = booklet(KOREAN, "-o", "-")
    shown = re.findall(r">([^<]*)<", re.sub(r"<style>.*?</style>", "", html, flags=re.S))
    svg = ET.tostring(timeline(KOREAN), encoding="unicode")
    shown += re.findall(r">([^<]*)<", svg)
    english = {word for text in shown for word in re.findall(r"[A-Za-z]{2,}", text)}
    assert english - allowed == set()


def test_longer_words_push_the_key_s_signs_right_of_them() -> None:
    """A language whose words are longer than English's: each of the key's signs stands
    a font size right of the words before it, none drawn over them."""
    from tripplan.lang import Language, speaking
    from tripplan.render.picture import PRINTED, STANDALONE, label_width
    from tripplan.render.svg import _KEY, _key

    class Wordy(Language):
        def gettext(self, message: str) -> str:
            return f"{message} {message}"

    for size in (STANDALONE, PRINTED):
        with speaking(Wordy("xx")):
            key = _key(size)
        assert [k.words for k in key][:2] == ["travel leg travel leg", "clock change clock change"]
        pushes = [k.push for k in key]
        assert pushes[0] == 0.0 and all(p > 0 for p in pushes[1:])
        for (_, at, _), (sign, _, _), said, nxt in zip(_KEY, _KEY[1:], key, key[1:], strict=False):
            ends = at * size.font + said.push + label_width(said.words, size.font * 0.8)
            assert sign * size.font + nxt.push >= ends + size.font - 1e-9
