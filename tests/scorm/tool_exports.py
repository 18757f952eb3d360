"""SCORM packages laid out as Storyline, Captivate, iSpring, Adapt and Elucidat publish them, written by us.

Each tool's export differs in where its launch page sits, how its files are arranged and, above all, in how its
runtime wrapper talks to the LMS: which SCORM version, whether it resumes from the bookmark (`lesson_location` /
`location`) or only from `suspend_data`, how it writes the session time, when it commits, and what status it
reports at the end. Those behaviours are what an LMS gets wrong, so each shape below carries its tool's habits in
a small configuration read by one stand-in driver of ours. No vendor code: the scripts are a few lines of our own.

The layouts follow each tool's published-output documentation and public descriptions of it; they should be
checked against a real export from a partner when one is available (the Rise shape in exports.py was).
"""
import json
from dataclasses import dataclass, field

from tests.scorm import exports

MANIFEST_12 = """<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="{identifier}" version="1"
  xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2"
  xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2">
  <metadata><schema>ADL SCORM</schema><schemaversion>1.2</schemaversion></metadata>
  <organizations default="{identifier}_org">
    <organization identifier="{identifier}_org">
      <title>{title}</title>
      <item identifier="{identifier}_item" identifierref="{identifier}_res" isvisible="true">
        <title>{title}</title>{mastery}
      </item>
    </organization>
  </organizations>
  <resources>
    <resource identifier="{identifier}_res" type="webcontent" adlcp:scormtype="sco" href="{launch}">
{files}
    </resource>
  </resources>
</manifest>
"""

MANIFEST_2004 = """<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="{identifier}" version="1"
  xmlns="http://www.imsglobal.org/xsd/imscp_v1p1"
  xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_v1p3"
  xmlns:adlseq="http://www.adlnet.org/xsd/adlseq_v1p3"
  xmlns:adlnav="http://www.adlnet.org/xsd/adlnav_v1p3"
  xmlns:imsss="http://www.imsglobal.org/xsd/imsss">
  <metadata><schema>ADL SCORM</schema><schemaversion>{edition}</schemaversion></metadata>
  <organizations default="{identifier}_org">
    <organization identifier="{identifier}_org">
      <title>{title}</title>
      <item identifier="{identifier}_item" identifierref="{identifier}_res">
        <title>{title}</title>
        <imsss:sequencing>
          <imsss:deliveryControls completionSetByContent="true" objectiveSetByContent="true"/>
        </imsss:sequencing>
      </item>
    </organization>
  </organizations>
  <resources>
    <resource identifier="{identifier}_res" type="webcontent" adlcp:scormType="sco" href="{launch}">
{files}
    </resource>
  </resources>
</manifest>
"""

# One driver for every shape: the configuration (window.VrpTool, set first in the launch page) says how the tool's
# own wrapper behaves. 1.2 wrappers look for `API`, 2004 wrappers for `API_1484_11`, up the frame chain.
DRIVER_JS = r"""
(function () {
  "use strict";
  var tool = window.VrpTool;
  var v2004 = tool.version === "2004";
  var name = v2004 ? "API_1484_11" : "API";
  var API = null;
  for (var win = window, hops = 0; win && hops < 8 && !API; hops++) {
    try { API = win[name] || null; } catch (error) { API = null; }
    if (win === win.parent) break;
    win = win.parent;
  }
  var E = v2004 ? {
    init: "Initialize", get: "GetValue", set: "SetValue", commit: "Commit", finish: "Terminate",
    location: "cmi.location", status: "cmi.completion_status", exit: "cmi.exit", time: "cmi.session_time"
  } : {
    init: "LMSInitialize", get: "LMSGetValue", set: "LMSSetValue", commit: "LMSCommit", finish: "LMSFinish",
    location: "cmi.core.lesson_location", status: "cmi.core.lesson_status", exit: "cmi.core.exit",
    time: "cmi.core.session_time"
  };
  var done = false;
  function set(element, value) {
    API[E.set](element, value);
    if (tool.commitEachSet) API[E.commit]("");
  }
  function bookmark(lesson) {
    return tool.bookmark.replace("{n}", String(lesson));
  }
  window.VrpDriver = {
    start: function () {
      if (!API) return { lesson: 1, resumed: false };
      API[E.init]("");
      var status = API[E.get](E.status);
      if (status === "not attempted" || status === "unknown" || status === "") set(E.status, "incomplete");
      var lesson = 1;
      if (tool.resumeFrom === "location") {
        var match = new RegExp(tool.bookmark.replace("{n}", "(\\d+)")).exec(API[E.get](E.location) || "");
        if (match) lesson = Number(match[1]);
      } else {
        try { lesson = JSON.parse(API[E.get]("cmi.suspend_data") || "{}").lesson || 1; } catch (error) { lesson = 1; }
      }
      return { lesson: lesson, resumed: lesson > 1 };
    },
    progress: function (lesson) {
      if (!API) return;
      if (tool.resumeFrom === "location") set(E.location, bookmark(lesson));
      set("cmi.suspend_data", JSON.stringify({ lesson: lesson, tool: tool.name }));
      set(E.exit, "suspend");
      set(E.time, tool.sessionTime);
      API[E.commit]("");
    },
    finish: function (score) {
      if (!API || done) return;
      done = true;
      if (v2004) {
        set("cmi.score.min", "0");
        set("cmi.score.max", "100");
        set("cmi.score.raw", String(score));
        set("cmi.score.scaled", String(score / 100));
        set("cmi.success_status", score >= 80 ? "passed" : "failed");
        set("cmi.completion_status", "completed");
        set("cmi.exit", "normal");
      } else {
        set("cmi.core.score.min", "0");
        set("cmi.core.score.max", "100");
        set("cmi.core.score.raw", String(score));
        set("cmi.core.lesson_status", tool.finishStatus12);
        set("cmi.core.exit", "");
      }
      set(E.time, tool.sessionTime);
      API[E.commit]("");
      API[E.finish]("");
    }
  };
  // Leaving half-way: the tool suspends, commits and finishes the session as its window goes.
  window.addEventListener(tool.unloadEvent, function () {
    if (!API || done) return;
    done = true;
    API[E.set](E.exit, "suspend");
    API[E.commit]("");
    API[E.finish]("");
  });
})();
"""

CONTENT_JS = r"""
(function () {
  "use strict";
  var driver = window.VrpDriver;
  var state = driver.start();
  function show(n) {
    document.getElementById("lesson-1").hidden = n !== 1;
    document.getElementById("lesson-2").hidden = n !== 2;
    document.getElementById("continue").hidden = n !== 1;
    document.getElementById("finish").hidden = n !== 2;
    document.getElementById("where").textContent = "Part " + n + " of 2" + (state.resumed ? " (welcome back)" : "");
  }
  show(state.lesson);
  document.getElementById("continue").addEventListener("click", function () {
    state.resumed = false;
    show(2);
    driver.progress(2);
  });
  document.getElementById("finish").addEventListener("click", function () {
    driver.finish(100);
    document.getElementById("result").textContent = "Module complete.";
  });
})();
"""

LAUNCH_PAGE = """<!DOCTYPE html>
<html lang="en-GB"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<script>window.VrpTool = {config};</script>
<script src="{driver}"></script>
<link rel="stylesheet" href="{stylesheet}"></head>
<body><main><h1>{title}</h1>
<p id="where" role="status"></p>
<section id="lesson-1"><h2>Part 1: Noticing</h2><p>Behaviour can be a response to fear.</p></section>
<section id="lesson-2" hidden><h2>Part 2: Responding</h2><p>Speak calmly and explain what happens next.</p></section>
<button type="button" id="continue">Continue</button>
<button type="button" id="finish" hidden>Finish</button>
<p id="result" role="status"></p></main>
<script src="{content}"></script></body></html>
"""


@dataclass(frozen=True)
class ToolShape:
    """How one authoring tool publishes a SCORM package, and how its runtime wrapper behaves."""

    key: str
    tool: str
    version: str  # "1.2" or "2004"
    launch: str  # the manifest's href: where the tool puts its launch page
    driver: str  # where the tool keeps its SCORM wrapper script (relative to the launch page)
    content: str  # the course player's script (relative to the launch page)
    stylesheet: str
    extra_files: dict = field(default_factory=dict)  # the rest of the tool's usual layout, as stand-ins
    resume_from: str = "location"  # "location": the bookmark; "suspend": only cmi.suspend_data
    bookmark: str = "{n}"
    session_time: str = "0000:00:05.00"
    finish_status_12: str = "passed"
    commit_each_set: bool = False
    unload_event: str = "pagehide"
    edition: str = "2004 4th Edition"

    @property
    def title(self) -> str:
        return f"Calm first responses ({self.tool} shape)"

    def config(self) -> str:
        return json.dumps({
            "name": self.tool, "version": self.version, "resumeFrom": self.resume_from, "bookmark": self.bookmark,
            "sessionTime": self.session_time, "finishStatus12": self.finish_status_12,
            "commitEachSet": self.commit_each_set, "unloadEvent": self.unload_event,
        })


def _beside(launch: str, relative: str) -> str:
    folder = launch.rsplit("/", 1)[0] + "/" if "/" in launch else ""
    return folder + relative


SHAPES = {
    # Storyline 360, SCORM 2004 3rd edition: index_lms.html at the top beside story.html; the wrapper in lms/; the
    # player in html5/; slides in story_content/. Resumes from suspend_data alone; times in ISO 8601 durations.
    "storyline": ToolShape(
        key="storyline", tool="Storyline", version="2004", edition="2004 3rd Edition",
        launch="index_lms.html", driver="lms/scormdriver.js", content="html5/lib/scripts/app.min.js",
        stylesheet="html5/lib/stylesheets/desktop.min.css",
        extra_files={
            "story.html": "<!DOCTYPE html><html lang='en-GB'><head><title>Story</title></head><body></body></html>",
            "meta.xml": "<?xml version='1.0'?><meta><project title='Calm first responses'/></meta>",
            "lms/blank.html": "<!DOCTYPE html><html lang='en-GB'><head><title>Blank</title></head><body></body></html>",
            "html5/data/js/data.js": "window.globalProvideData && globalProvideData('data', '{}');",
            "html5/data/js/frame.js": "window.globalProvideData && globalProvideData('frame', '{}');",
            "story_content/user.js": "function ExecuteScript(strId) {}",
            "story_content/frame.swf": b"FWS stand-in",  # older Storyline blocks: left out, never launched
            "mobile/player_compiled.js": "/* stand-in */",
        },
        resume_from="suspend", session_time="PT0H0M5S",
    ),
    # Captivate HTML5, SCORM 1.2: index_scorm.html with scormdriver.js and the SCORM utilities beside it; slides
    # under assets/ and dr/. Bookmarks the slide number, commits after every value, reports "completed".
    "captivate": ToolShape(
        key="captivate", tool="Captivate", version="1.2",
        launch="index_scorm.html", driver="scormdriver.js", content="assets/js/CPM.js",
        stylesheet="assets/css/CPLibraryAll.css",
        extra_files={
            "SCORM_utilities.js": "/* stand-in */",
            "Utilities.js": "/* stand-in */",
            "captivate.css": "body { margin: 0; }",
            "dr/imgmd.json": "{}",
            "assets/htmlimages/Slide1.png": exports.PNG,
            "assets/js/jquery-3.3.1.min.js": "/* stand-in */",
        },
        bookmark="{n}", session_time="00:00:05", finish_status_12="completed", commit_each_set=True,
    ),
    # iSpring Suite, SCORM 2004 4th edition: the launch page in res/, the player and slides in res/data/. Resumes
    # from suspend_data; fractional-second ISO durations; "normal" exit at the end.
    "ispring": ToolShape(
        key="ispring", tool="iSpring", version="2004",
        launch="res/index.html", driver="lms/scorm2004.js", content="data/player.js",
        stylesheet="data/player.css",
        extra_files={
            "metadata.xml": "<?xml version='1.0'?><lom/>",
            "res/data/slide1.js": "/* stand-in */",
            "res/data/slide2.js": "/* stand-in */",
            "res/data/img1.png": exports.PNG,
            "res/data/fonts/OpenSans.woff": b"wOFF stand-in",
        },
        resume_from="suspend", session_time="PT5.5S",
    ),
    # Adapt with adapt-contrib-spoor, SCORM 1.2: index.html at the top with the SCORM test harness beside it; the
    # framework in adapt/, the course as JSON in course/en/. Spoor keeps progress in suspend_data, not the bookmark.
    "adapt": ToolShape(
        key="adapt", tool="Adapt", version="1.2",
        launch="index.html", driver="libraries/SCORM_API_wrapper.js", content="adapt/js/adapt.min.js",
        stylesheet="adapt/css/adapt.css",
        extra_files={
            "scorm_test_harness.html": "<!DOCTYPE html><html lang='en-GB'><head><title>Test harness</title></head>"
            "<body></body></html>",
            "adapt/js/scriptObject.js": "/* stand-in */",
            "libraries/modernizr.js": "/* stand-in */",
            "course/config.json": json.dumps({"_spoor": {"_isEnabled": True, "_tracking": {"_shouldSubmitScore": True}}}),
            "course/en/course.json": json.dumps({"title": "Calm first responses"}),
            "course/en/contentObjects.json": "[]",
            "course/en/articles.json": "[]",
            "course/en/blocks.json": "[]",
            "course/en/components.json": "[]",
            "course/en/assets/hero.png": exports.PNG,
        },
        resume_from="suspend", unload_event="beforeunload",
    ),
    # Elucidat, SCORM 1.2: index.html and the wrapper at the top; pages as JSON. Bookmarks the page id.
    "elucidat": ToolShape(
        key="elucidat", tool="Elucidat", version="1.2",
        launch="index.html", driver="scorm_api.js", content="js/course.js", stylesheet="css/theme.css",
        extra_files={
            "pages/p_1.json": "{}",
            "pages/p_2.json": "{}",
            "media/cover.png": exports.PNG,
        },
        bookmark="p_{n}", session_time="0000:00:05",
    ),
}


def shape_files(shape: ToolShape) -> dict[str, bytes | str]:
    files: dict[str, bytes | str] = {
        shape.launch: LAUNCH_PAGE.format(title=shape.title, config=shape.config(), driver=shape.driver,
                                         content=shape.content, stylesheet=shape.stylesheet),
        _beside(shape.launch, shape.driver): DRIVER_JS,
        _beside(shape.launch, shape.content): CONTENT_JS,
        _beside(shape.launch, shape.stylesheet): "body { font-family: system-ui, sans-serif; margin: 1rem; }",
        **shape.extra_files,
    }
    listed = "\n".join(f'      <file href="{name}"/>' for name in files)
    template = MANIFEST_12 if shape.version == "1.2" else MANIFEST_2004
    mastery = "\n        <adlcp:masteryscore>80</adlcp:masteryscore>" if shape.version == "1.2" else ""
    manifest = template.format(identifier=f"{shape.key}_shape", title=shape.title, launch=shape.launch, files=listed,
                               mastery=mastery, edition=shape.edition)
    return {"imsmanifest.xml": manifest, **files}


def shaped_package(key: str) -> bytes:
    """The zip of a package shaped like the tool's export."""
    return exports.zip_files(shape_files(SHAPES[key]))
