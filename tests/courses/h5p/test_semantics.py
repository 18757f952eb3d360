"""Content obeys its semantics as H5P core's content validator makes it: one test per field type, each asserting
the corrected value and the note the editor reads."""
import pytest

from courses.archive import ArchiveRejected
from courses.h5p.semantics import ContentValidator
from courses.h5p.validation import Library


def library(semantics, name="H5P.Test", major=1, minor=0):
    return Library(name, major, minor, 0, f"{name}-{major}.{minor}", {"title": name}, semantics)


def validate(semantics, content, *, others=(), installed=None, files=()):
    main = library(semantics)
    libraries = {main.folder: main, **{other.folder: other for other in others}}
    validator = ContentValidator(libraries, installed=installed or (lambda folder: None), content_files=set(files))
    return validator.validate(content, main), validator.report()


def test_text_keeps_only_the_fields_tags_and_is_cut_to_max_length():
    semantics = [{"name": "intro", "type": "text", "tags": ["p", "strong"], "maxLength": 12},
                 {"name": "plain", "type": "text"}]
    cleaned, notes = validate(semantics, {
        "intro": '<p>Hello <strong>there</strong> <a href="javascript:alert(1)">x</a></p>',
        "plain": '<img src="data:text/html,evil">Plain',
    })
    assert cleaned["plain"] == "Plain"
    assert "javascript:" not in cleaned["intro"] and len(cleaned["intro"]) <= len("<p>Hello <strong>th</strong></p>")
    assert cleaned["intro"].startswith("<p>Hello")
    assert "1 text longer than allowed was shortened" in notes
    assert "2 texts had markup the content type does not allow removed" in notes


def test_text_that_is_not_text_becomes_the_default():
    cleaned, notes = validate([{"name": "label", "type": "text", "default": "Check"}], {"label": {"evil": 1}})
    assert cleaned == {"label": "Check"}
    assert notes == ["1 value of the wrong type was replaced by its default"]


def test_numbers_are_clamped_stepped_and_rounded_and_not_numbers_become_the_default():
    semantics = [
        {"name": "low", "type": "number", "min": 1, "max": 10},
        {"name": "high", "type": "number", "min": 1, "max": 10},
        {"name": "stepped", "type": "number", "min": 0, "max": 100, "step": 5},
        {"name": "decimal", "type": "number", "decimals": 1},
        {"name": "broken", "type": "number", "default": 3},
        {"name": "flag", "type": "number", "default": 4},
    ]
    cleaned, notes = validate(semantics, {"low": -5, "high": 99, "stepped": 37, "decimal": 2.345, "broken": "ten",
                                          "flag": True})
    assert cleaned == {"low": 1, "high": 10, "stepped": 35, "decimal": 2.3, "broken": 3, "flag": 4}
    assert "4 values out of range were corrected" in notes
    assert "2 values of the wrong type were replaced by their defaults" in notes


def test_three_values_out_of_range_read_as_the_issue_says():
    semantics = [{"name": name, "type": "number", "max": 5} for name in ("a", "b", "c")]
    cleaned, notes = validate(semantics, {"a": 6, "b": 7, "c": 8})
    assert cleaned == {"a": 5, "b": 5, "c": 5}
    assert notes == ["3 values out of range were corrected"]


def test_a_boolean_that_is_not_a_boolean_becomes_the_default():
    semantics = [{"name": "shuffle", "type": "boolean", "default": True}, {"name": "retry", "type": "boolean"}]
    cleaned, notes = validate(semantics, {"shuffle": "yes", "retry": 1})
    assert cleaned == {"shuffle": True, "retry": False}
    assert notes == ["2 values of the wrong type were replaced by their defaults"]


def test_a_select_must_be_one_of_its_options():
    options = [{"value": "auto", "label": "Auto"}, {"value": "on", "label": "On"}, {"value": "off", "label": "Off"}]
    semantics = [{"name": "mode", "type": "select", "options": options, "default": "off"},
                 {"name": "many", "type": "select", "options": options, "multiple": True},
                 {"name": "fine", "type": "select", "options": options}]
    cleaned, notes = validate(semantics, {"mode": "<script>", "many": ["on", "evil", "auto"], "fine": "on"})
    assert cleaned == {"mode": "off", "many": ["on", "auto"], "fine": "on"}
    assert notes == ["2 choices not among the options were reset"]


def test_a_list_is_cut_to_its_maximum_and_each_item_validated():
    semantics = [{"name": "scores", "type": "list", "max": 3, "field": {"name": "s", "type": "number", "max": 10}}]
    cleaned, notes = validate(semantics, {"scores": [1, 20, 3, 4, 5]})
    assert cleaned == {"scores": [1, 10, 3]}
    assert notes == ["1 value out of range was corrected", "1 list longer than allowed was shortened"]


def test_a_group_validates_its_fields_and_drops_those_it_does_not_define():
    semantics = [{"name": "behaviour", "type": "group", "fields": [
        {"name": "enableRetry", "type": "boolean", "default": True},
        {"name": "passPercentage", "type": "number", "min": 0, "max": 100},
    ]}]
    cleaned, notes = validate(semantics, {"behaviour": {"enableRetry": False, "passPercentage": 150,
                                                        "onload": "<script>steal()</script>"}, "extra": 1})
    assert cleaned == {"behaviour": {"enableRetry": False, "passPercentage": 100}}
    assert "2 fields the content type does not define were removed" in notes


def test_a_library_field_allows_only_its_options_and_validates_with_that_librarys_semantics():
    inner = library([{"name": "max", "type": "number", "max": 3}], name="H5P.Inner")
    semantics = [{"name": "task", "type": "library", "options": ["H5P.Inner 1.0"]}]
    cleaned, notes = validate(
        semantics, {"task": {"library": "H5P.Inner 1.0", "params": {"max": 9}, "subContentId": "a-1", "evil": 1}},
        others=[inner])
    assert cleaned == {"task": {"library": "H5P.Inner 1.0", "params": {"max": 3}, "subContentId": "a-1"}}
    assert notes == ["1 value out of range was corrected", "1 field the content type does not define was removed"]


def test_a_library_the_semantics_do_not_allow_is_refused_even_when_shipped():
    other = library([], name="H5P.Other")
    semantics = [{"name": "task", "type": "library", "options": ["H5P.Inner 1.0"]}]
    with pytest.raises(ArchiveRejected) as caught:
        validate(semantics, {"task": {"library": "H5P.Other 1.0", "params": {}}}, others=[other])
    assert caught.value.rule == "library-not-allowed"
    assert "H5P.Other 1.0 where its content type allows only H5P.Inner 1.0" in caught.value.message


def test_another_version_of_an_allowed_library_is_refused():
    semantics = [{"name": "task", "type": "library", "options": ["H5P.Inner 1.0"]}]
    with pytest.raises(ArchiveRejected) as caught:
        validate(semantics, {"task": {"library": "H5P.Inner 2.0", "params": {}}})
    assert caught.value.rule == "library-not-allowed"


def test_an_installed_library_is_used_for_nested_content():
    inner = library([{"name": "label", "type": "text"}], name="H5P.Inner")
    semantics = [{"name": "task", "type": "library", "options": ["H5P.Inner 1.0"]}]
    cleaned, _ = validate(semantics, {"task": {"library": "H5P.Inner 1.0", "params": {"label": "<b>x</b>"}}},
                          installed=lambda folder: inner if folder == "H5P.Inner-1.0" else None)
    assert cleaned["task"]["params"] == {"label": "x"}


def test_a_file_must_be_in_this_contents_folder_and_loses_unknown_keys():
    semantics = [{"name": "doc", "type": "file"}, {"name": "gone", "type": "file"}, {"name": "up", "type": "file"}]
    cleaned, notes = validate(semantics, {
        "doc": {"path": "files/guide.pdf#tmp", "mime": "application/pdf", "onclick": "x"},
        "gone": {"path": "files/missing.pdf"},
        "up": {"path": "../../other-package/content/secret.pdf"},
    }, files=["files/guide.pdf"])
    assert cleaned == {"doc": {"path": "files/guide.pdf", "mime": "application/pdf"}}
    assert "2 file references outside this package were removed" in notes
    assert "1 field the content type does not define was removed" in notes


def test_an_image_keeps_its_size_and_refuses_a_javascript_or_data_url():
    semantics = [{"name": "picture", "type": "image"}, {"name": "evil", "type": "image"},
                 {"name": "inline", "type": "image"}]
    cleaned, notes = validate(semantics, {
        "picture": {"path": "images/a.png", "mime": "image/png", "width": 640, "height": "<b>", "alt": "x"},
        "evil": {"path": "javascript:alert(1)"},
        "inline": {"path": "data:image/png;base64,AAAA"},
    }, files=["images/a.png"])
    assert cleaned == {"picture": {"path": "images/a.png", "mime": "image/png", "width": 640}}
    assert "2 file references outside this package were removed" in notes


def test_video_sources_are_local_or_on_an_allowed_host(settings):
    settings.H5P_ALLOWED_MEDIA_HOSTS = ["www.youtube.com"]
    semantics = [{"name": "sources", "type": "video"}]
    cleaned, notes = validate(semantics, {"sources": [
        {"path": "videos/clip.mp4", "mime": "video/mp4", "quality": {"level": 1}},
        {"path": "https://www.youtube.com/watch?v=abc", "mime": "video/YouTube"},
        {"path": "http://www.youtube.com/watch?v=abc"},
        {"path": "https://evil.example/clip.mp4"},
    ]}, files=["videos/clip.mp4"])
    assert [source["path"] for source in cleaned["sources"]] == ["videos/clip.mp4", "https://www.youtube.com/watch?v=abc"]
    assert notes == ["2 file references outside this package were removed"]


def test_audio_that_is_not_a_list_becomes_empty():
    cleaned, notes = validate([{"name": "sound", "type": "audio"}], {"sound": {"path": "audio/a.mp3"}},
                              files=["audio/a.mp3"])
    assert cleaned == {"sound": []}
    assert notes == ["1 value of the wrong type was replaced by its default"]


def test_a_content_type_without_semantics_is_only_cleaned_of_markup():
    main = Library("H5P.Bare", 1, 0, 0, "H5P.Bare-1.0", {"title": "Bare"}, None)
    validator = ContentValidator({main.folder: main}, installed=lambda folder: None, content_files=set())
    cleaned = validator.validate({"anything": "<script>x()</script>kept", "n": 500, "deep": [{"a": "<b>b</b>"}]}, main)
    assert cleaned == {"anything": "kept", "n": 500, "deep": [{"a": "b"}]}
    assert validator.report() == []
