"""Packages laid out as authoring tools publish them, written by us: tiny stand-in files, no vendor code.

Each builder returns zip bytes in the shape of a real export (folders, launch file, manifest style),
with our own few lines of HTML and script in place of the tool's runtime. Used by the upload tests
and the browser journeys.
"""
from courses.scorm.samples import zip_files

# What a Rise 360 "SCORM 1.2" export holds (from Articulate's published-output documentation and public
# questions about it): the manifest and the schema files at the top; `scormdriver/` with the launch page
# `indexAPI.html` and the driver script; the course itself in `scormcontent/` (an index page, `lib/`
# with the player's scripts and fonts, `assets/` with images); and, where older Storyline blocks were
# embedded, `story_content/` holding Flash files that no browser plays.
RISE_FLASH_FILES = (
    "story_content/Shape68aBcdEf.swf",
    "story_content/Shape69GhIjKl.swf",
    "story_content/frame.swf",
)


RISE_MANIFEST = """<?xml version="1.0" standalone="no" ?>
<manifest identifier="Rise_Shaped_Test_Course" version="1"
  xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2"
  xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2"
  xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
  xsi:schemaLocation="http://www.imsproject.org/xsd/imscp_rootv1p1p2 imscp_rootv1p1p2.xsd
                      http://www.imsglobal.org/xsd/imsmd_rootv1p2p1 imsmd_rootv1p2p1.xsd
                      http://www.adlnet.org/xsd/adlcp_rootv1p2 adlcp_rootv1p2.xsd">
  <metadata>
    <schema>ADL SCORM</schema>
    <schemaversion>1.2</schemaversion>
  </metadata>
  <organizations default="rise_org">
    <organization identifier="rise_org">
      <title>Trauma-informed conversations</title>
      <item identifier="rise_item" identifierref="rise_res" isvisible="true">
        <title>Trauma-informed conversations</title>
        <adlcp:masteryscore>80</adlcp:masteryscore>
      </item>
    </organization>
  </organizations>
  <resources>
    <resource identifier="rise_res" type="webcontent" adlcp:scormtype="sco" href="scormdriver/indexAPI.html">
{files}
    </resource>
  </resources>
</manifest>
"""

# Our stand-in for the driver: finds the 1.2 API up the frame chain, starts, resumes the location, and
# lets the course page report progress and the end, committing after each change as Rise's driver does.
RISE_DRIVER_JS = r"""
(function () {
  "use strict";
  var API = null;
  for (var win = window, hops = 0; win && hops < 8 && !API; hops++) {
    try { API = win.API || null; } catch (error) { API = null; }
    if (win === win.parent) break;
    win = win.parent;
  }
  var done = false;
  window.VrpDriver = {
    start: function () {
      if (!API) return { location: "", suspend: "", name: "" };
      API.LMSInitialize("");
      if (API.LMSGetValue("cmi.core.lesson_status") === "not attempted") {
        API.LMSSetValue("cmi.core.lesson_status", "incomplete");
      }
      return {
        location: API.LMSGetValue("cmi.core.lesson_location"),
        suspend: API.LMSGetValue("cmi.suspend_data"),
        name: API.LMSGetValue("cmi.core.student_name")
      };
    },
    progress: function (lesson) {
      if (!API) return;
      API.LMSSetValue("cmi.core.lesson_location", "#/lessons/" + lesson);
      API.LMSSetValue("cmi.suspend_data", JSON.stringify({ v: 1, seen: lesson }));
      API.LMSSetValue("cmi.core.exit", "suspend");
      API.LMSSetValue("cmi.core.session_time", "0000:00:05.00");
      API.LMSCommit("");
    },
    finish: function (score) {
      if (!API || done) return;
      done = true;
      API.LMSSetValue("cmi.core.score.min", "0");
      API.LMSSetValue("cmi.core.score.max", "100");
      API.LMSSetValue("cmi.core.score.raw", String(score));
      API.LMSSetValue("cmi.core.lesson_status", score >= 80 ? "passed" : "failed");
      API.LMSSetValue("cmi.core.exit", "");
      API.LMSCommit("");
      API.LMSFinish("");
    }
  };
  // Leaving half-way: the session is suspended and finished, as Rise's driver does when its window unloads.
  window.addEventListener("pagehide", function () {
    if (!API || done) return;
    done = true;
    API.LMSSetValue("cmi.core.exit", "suspend");
    API.LMSCommit("");
    API.LMSFinish("");
  });
})();
"""

RISE_INDEX_API = """<!DOCTYPE html>
<html lang="en-GB"><head><meta charset="utf-8"><title>Trauma-informed conversations</title>
<script src="scormdriver.js"></script>
<style>html, body, iframe { margin: 0; border: 0; width: 100%; height: 100%; }</style></head>
<body><iframe src="../scormcontent/index.html" title="Course content"></iframe></body></html>
"""

RISE_CONTENT_INDEX = """<!DOCTYPE html>
<html lang="en-GB"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Trauma-informed conversations</title><link rel="stylesheet" href="lib/main.css"></head>
<body><main id="app"><h1>Trauma-informed conversations</h1>
<p id="where" role="status"></p>
<section id="lesson-1"><h2>Lesson 1: Noticing</h2><p>Behaviour can be a response to fear.</p>
<img src="assets/noticing.png" alt="Two people talking calmly"></section>
<section id="lesson-2" hidden><h2>Lesson 2: Responding</h2><p>Speak calmly and explain what happens next.</p></section>
<button type="button" id="continue">Continue</button>
<button type="button" id="finish" hidden>Finish the course</button>
<p id="result" role="status"></p></main>
<script src="lib/main.bundle.js"></script></body></html>
"""

RISE_CONTENT_JS = r"""
(function () {
  "use strict";
  var driver = window.parent.VrpDriver;
  var state = driver ? driver.start() : { location: "" };
  var lesson = /#\/lessons\/(\d+)$/.test(state.location) ? Number(state.location.split("/").pop()) : 1;
  function show(n) {
    lesson = n;
    document.getElementById("lesson-1").hidden = n !== 1;
    document.getElementById("lesson-2").hidden = n !== 2;
    document.getElementById("continue").hidden = n !== 1;
    document.getElementById("finish").hidden = n !== 2;
    document.getElementById("where").textContent = "Lesson " + n + " of 2";
  }
  show(lesson);
  if (state.location) document.getElementById("where").textContent += " (welcome back)";
  document.getElementById("continue").addEventListener("click", function () {
    show(2);
    if (driver) driver.progress(2);
  });
  document.getElementById("finish").addEventListener("click", function () {
    if (driver) driver.finish(100);
    document.getElementById("result").textContent = "Course complete.";
  });
})();
"""

# A 1x1 transparent PNG.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000001e221bc330000000049454e44ae426082"
)


def rise_files(*, flash: bool = True) -> dict[str, bytes | str]:
    files: dict[str, bytes | str] = {
        "adlcp_rootv1p2.xsd": "<?xml version='1.0'?><xs:schema xmlns:xs='http://www.w3.org/2001/XMLSchema'/>",
        "imscp_rootv1p1p2.xsd": "<?xml version='1.0'?><xs:schema xmlns:xs='http://www.w3.org/2001/XMLSchema'/>",
        "imsmd_rootv1p2p1.xsd": "<?xml version='1.0'?><xs:schema xmlns:xs='http://www.w3.org/2001/XMLSchema'/>",
        "ims_xml.xsd": "<?xml version='1.0'?><xs:schema xmlns:xs='http://www.w3.org/2001/XMLSchema'/>",
        "metadata.xml": "<?xml version='1.0'?><lom/>",
        "scormdriver/indexAPI.html": RISE_INDEX_API,
        "scormdriver/scormdriver.js": RISE_DRIVER_JS,
        "scormdriver/blank.html": "<!DOCTYPE html><html lang='en-GB'><head><title>Blank</title></head><body></body></html>",
        "scormdriver/goodbye.html": "<!DOCTYPE html><html lang='en-GB'><head><title>Goodbye</title></head>"
        "<body><p>You can close this window.</p></body></html>",
        "scormcontent/index.html": RISE_CONTENT_INDEX,
        "scormcontent/lib/main.bundle.js": RISE_CONTENT_JS,
        "scormcontent/lib/main.css": "body { font-family: system-ui, sans-serif; margin: 1rem; }",
        "scormcontent/lib/fonts/Lato-Regular.woff2": b"wOF2 stand-in",
        "scormcontent/assets/noticing.png": PNG,
    }
    if flash:
        for name in RISE_FLASH_FILES:
            files[name] = b"FWS stand-in, not a real Flash file"
    listed = "\n".join(f'      <file href="{name}"/>' for name in files if not name.endswith(".xsd"))
    files = {"imsmanifest.xml": RISE_MANIFEST.format(files=listed), **files}
    return files


def rise_scorm12(*, flash: bool = True) -> bytes:
    """A SCORM 1.2 package shaped like a Rise 360 export, with Flash files from embedded Storyline blocks."""
    return zip_files(rise_files(flash=flash))


# A multi-SCO SCORM 2004 4th edition package in the shape of ADL's "golf" sample (published by ADL and Rustici as
# SCORM examples): a root aggregation with choice and flow, topic aggregations of SCO pages, a test SCO after them,
# a shared launch page and scripts under shared/, and sequencing from a <sequencingCollection> referenced by IDRef:
# the test is disabled until every topic is completed (a prerequisite through a global objective).
GOLF_TOPICS = [
    ("playing", "Playing the game", [("playing_rules", "The rules"), ("playing_par", "Par")]),
    ("etiquette", "Etiquette", [("etiquette_course", "Caring for the course"), ("etiquette_play", "Playing well with others")]),
]

GOLF_MANIFEST = """<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="com.example.vrp.golfshape" version="1"
  xmlns="http://www.imsglobal.org/xsd/imscp_v1p1"
  xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_v1p3"
  xmlns:adlseq="http://www.adlnet.org/xsd/adlseq_v1p3"
  xmlns:adlnav="http://www.adlnet.org/xsd/adlnav_v1p3"
  xmlns:imsss="http://www.imsglobal.org/xsd/imsss">
  <metadata><schema>ADL SCORM</schema><schemaversion>2004 4th Edition</schemaversion></metadata>
  <organizations default="golf_org">
    <organization identifier="golf_org" adlseq:objectivesGlobalToSystem="false">
      <title>Staying calm under pressure</title>
{topics}
      <item identifier="test_item" identifierref="test_res">
        <title>Check your understanding</title>
        <imsss:sequencing IDRef="test_rules"/>
      </item>
      <imsss:sequencing>
        <imsss:controlMode choice="true" flow="true"/>
        <imsss:rollupRules objectiveMeasureWeight="1"/>
      </imsss:sequencing>
    </organization>
  </organizations>
  <resources>
{resources}
    <resource identifier="test_res" type="webcontent" adlcp:scormType="sco" href="shared/launchpage.html?content=test">
      <file href="shared/launchpage.html"/><file href="test/test.html"/><dependency identifierref="common_files"/>
    </resource>
    <resource identifier="common_files" type="webcontent" adlcp:scormType="asset">
      <file href="shared/scormfunctions.js"/><file href="shared/contentfunctions.js"/><file href="shared/style.css"/>
    </resource>
  </resources>
  <imsss:sequencingCollection>
    <imsss:sequencing ID="topic_rules">
      <imsss:controlMode choice="true" flow="true"/>
      <imsss:deliveryControls completionSetByContent="true" objectiveSetByContent="true"/>
    </imsss:sequencing>
    <imsss:sequencing ID="test_rules">
      <imsss:sequencingRules>
        <imsss:preConditionRule>
          <imsss:ruleConditions conditionCombination="any">
            <imsss:ruleCondition referencedObjective="all_topics" operator="not" condition="completed"/>
          </imsss:ruleConditions>
          <imsss:ruleAction action="disabled"/>
        </imsss:preConditionRule>
      </imsss:sequencingRules>
      <imsss:limitConditions attemptLimit="3"/>
      <imsss:objectives>
        <imsss:primaryObjective objectiveID="test_passed" satisfiedByMeasure="true">
          <imsss:minNormalizedMeasure>0.8</imsss:minNormalizedMeasure>
        </imsss:primaryObjective>
        <imsss:objective objectiveID="all_topics">
          <imsss:mapInfo targetObjectiveID="com.example.vrp.golfshape.topics" readSatisfiedStatus="true"/>
        </imsss:objective>
      </imsss:objectives>
    </imsss:sequencing>
  </imsss:sequencingCollection>
</manifest>
"""


def golf_files() -> dict[str, bytes | str]:
    topics, resources = [], []
    files: dict[str, bytes | str] = {
        "shared/launchpage.html": "<!DOCTYPE html><html lang='en-GB'><head><meta charset='utf-8'><title>Lesson</title>"
        "<script src='scormfunctions.js'></script><script src='contentfunctions.js'></script>"
        "<link rel='stylesheet' href='style.css'></head><body><main id='page'></main></body></html>",
        "shared/scormfunctions.js": "/* stand-in: finds API_1484_11, Initialize, Commit, Terminate */",
        "shared/contentfunctions.js": "/* stand-in: loads ?content= into the page */",
        "shared/style.css": "body { font-family: system-ui, sans-serif; }",
        "test/test.html": "<p>Which first response helps a frightened young person feel safe?</p>",
    }
    for topic_id, topic_title, pages in GOLF_TOPICS:
        children = "\n".join(
            f'        <item identifier="{page_id}_item" identifierref="{page_id}_res"><title>{page_title}</title>'
            f'<imsss:sequencing IDRef="topic_rules"/></item>'
            for page_id, page_title in pages
        )
        topics.append(
            f'      <item identifier="{topic_id}_item"><title>{topic_title}</title>\n{children}\n'
            f'        <imsss:sequencing><imsss:controlMode choice="true" flow="true"/></imsss:sequencing>\n      </item>'
        )
        for page_id, _ in pages:
            resources.append(
                f'    <resource identifier="{page_id}_res" type="webcontent" adlcp:scormType="sco" '
                f'href="shared/launchpage.html?content={page_id}"><file href="shared/launchpage.html"/>'
                f'<file href="{topic_id}/{page_id}.html"/><dependency identifierref="common_files"/></resource>'
            )
            files[f"{topic_id}/{page_id}.html"] = f"<p>{page_id}</p>"
    manifest = GOLF_MANIFEST.format(topics="\n".join(topics), resources="\n".join(resources))
    return {"imsmanifest.xml": manifest, **files}


def golf_shaped_2004() -> bytes:
    """A multi-SCO SCORM 2004 package with choice, flow and a prerequisite, shaped like ADL's golf sample."""
    return zip_files(golf_files())
