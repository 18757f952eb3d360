"""Small SCORM 1.2 and 2004 packages we write ourselves, for the tests, the benchmark and trying the player.

Each SCO is a few pages of plain HTML with a question at the end; its script talks to the runtime as
authoring tools do: find the API in a parent window, Initialize (LMSInitialize for 1.2), read the
location and suspend data to resume, SetValue and Commit at each page, score and Terminate at the end,
and suspend when the learner leaves half-way.
"""
import io
import zipfile

SCO_JS = r"""
(function () {
  "use strict";
  var body = document.body;
  var pages = Number(body.getAttribute("data-pages")) || 3;
  var is12 = body.getAttribute("data-version") === "1.2";
  var API = null;
  for (var win = window, hops = 0; win && hops < 8 && !API; hops++) {
    try { API = is12 ? win.API : win.API_1484_11; } catch (error) { API = null; }
    if (win === win.parent) break;
    win = win.parent;
  }
  var el = function (id) { return document.getElementById(id); };
  var finished = false;
  var started = new Date();

  function call(name12, name2004) {
    var args = Array.prototype.slice.call(arguments, 2);
    if (!API) return "";
    return is12 ? API[name12].apply(API, args) : API[name2004].apply(API, args);
  }
  function get(element12, element2004) { return String(call("LMSGetValue", "GetValue", is12 ? element12 : element2004)); }
  function set(element12, element2004, value) {
    var element = is12 ? element12 : element2004;
    return element ? call("LMSSetValue", "SetValue", element, value) : "";
  }
  function commit() { return call("LMSCommit", "Commit", ""); }
  function pad(n) { return (n < 10 ? "0" : "") + n; }
  function sessionTime() {
    var seconds = Math.max(1, Math.round((new Date() - started) / 1000));
    if (is12) return "00" + pad(Math.floor(seconds / 3600)) + ":" + pad(Math.floor(seconds / 60) % 60) + ":" + pad(seconds % 60);
    return "PT" + seconds + "S";
  }

  function show(page) {
    for (var i = 1; i <= pages; i++) el("page-" + i).hidden = i !== page;
    el("position").textContent = "Page " + page + " of " + pages;
    el("next").hidden = page >= pages;
    el("question").hidden = page < pages;
  }

  function goTo(page) {
    show(page);
    set("cmi.core.lesson_location", "cmi.location", "page-" + page);
    set("cmi.suspend_data", "cmi.suspend_data", "seen=" + page + ";lang=en");
    set("cmi.core.lesson_status", "cmi.completion_status", "incomplete");
    if (!is12) set("", "cmi.progress_measure", String(Math.round((page / pages) * 100) / 100));
    set("cmi.core.exit", "cmi.exit", "suspend");
    set("cmi.core.session_time", "cmi.session_time", sessionTime());
    commit();
  }

  function finish(correct) {
    var raw = correct ? 90 : 40;
    set("cmi.core.score.min", "cmi.score.min", "0");
    set("cmi.core.score.max", "cmi.score.max", "100");
    set("cmi.core.score.raw", "cmi.score.raw", String(raw));
    if (is12) {
      set("cmi.core.lesson_status", "", correct ? "passed" : "failed");
      set("cmi.core.exit", "", "");
    } else {
      set("", "cmi.score.scaled", String(raw / 100));
      set("", "cmi.completion_status", "completed");
      set("", "cmi.success_status", correct ? "passed" : "failed");
      set("", "cmi.exit", "normal");
      if (correct && body.getAttribute("data-continue") === "true") set("", "adl.nav.request", "continue");
    }
    set("cmi.core.session_time", "cmi.session_time", sessionTime());
    commit();
    finished = true;
    call("LMSFinish", "Terminate", "");
    el("result").textContent = correct ? "You passed this part." : "Not quite. Read the pages again, then try once more.";
  }

  call("LMSInitialize", "Initialize", "");
  var entry = get("cmi.core.entry", "cmi.entry");
  var location = get("cmi.core.lesson_location", "cmi.location");
  var suspend = get("cmi.suspend_data", "cmi.suspend_data");
  var page = /^page-(\d+)$/.test(location) ? Number(location.slice(5)) : 1;
  el("learner").textContent = get("cmi.core.student_name", "cmi.learner_name");
  el("welcome").textContent = entry === "resume" ? "Welcome back: you are on the page where you left off." : "";
  el("restored").textContent = suspend;
  show(Math.min(Math.max(page, 1), pages));
  if (!location) goTo(1);

  el("next").addEventListener("click", function () {
    var now = Number(el("position").textContent.split(" ")[1]);
    goTo(Math.min(now + 1, pages));
  });
  el("question").addEventListener("submit", function (event) {
    event.preventDefault();
    var chosen = document.querySelector("input[name=answer]:checked");
    finish(Boolean(chosen && chosen.value === "right"));
  });
  window.addEventListener("pagehide", function () {
    if (finished || !API) return;
    set("cmi.core.exit", "cmi.exit", "suspend");
    set("cmi.core.session_time", "cmi.session_time", sessionTime());
    call("LMSFinish", "Terminate", "");
  });
})();
"""

SCO_CSS = """
body { font-family: system-ui, sans-serif; margin: 1rem; line-height: 1.4; color: #0b0c0c; }
button { font: inherit; padding: 0.4rem 0.8rem; }
fieldset { border: 0; padding: 0; margin: 0 0 1rem; }
"""


def sco_html(*, title: str, version: str, pages: int = 3, continue_after: bool = False) -> str:
    page_sections = "\n".join(
        f'<section id="page-{n}" hidden><h2>{title}: page {n}</h2>'
        f"<p>Demo content for tests, page {n}. Needs sign-off by a qualified trainer before real use.</p></section>"
        for n in range(1, pages + 1)
    )
    return f"""<!DOCTYPE html>
<html lang="en-GB">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title><link rel="stylesheet" href="../shared/sco.css"></head>
<body data-pages="{pages}" data-version="{version}" data-continue="{'true' if continue_after else 'false'}">
<main>
<h1>{title}</h1>
<p>Learner: <span id="learner"></span></p>
<p id="welcome" role="status"></p>
<p id="position"></p>
<p>Saved: <span id="restored"></span></p>
{page_sections}
<button type="button" id="next">Next page</button>
<form id="question" hidden>
<fieldset><legend>Which first response helps a frightened young person feel safe?</legend>
<label><input type="radio" name="answer" value="right"> Speak calmly and explain what happens next</label><br>
<label><input type="radio" name="answer" value="wrong"> Ask them at once to explain themselves</label>
</fieldset>
<button type="submit">Check my answer</button>
</form>
<p id="result" role="status"></p>
</main>
<script src="../shared/sco.js"></script>
</body>
</html>
"""


def manifest_12(*, title: str, scos: list[tuple[str, str]], mastery_score: int | None = 80) -> str:
    mastery = f"<adlcp:masteryscore>{mastery_score}</adlcp:masteryscore>" if mastery_score is not None else ""
    items = "\n".join(
        f'<item identifier="ITEM-{ident}" identifierref="RES-{ident}"><title>{name}</title>{mastery}'
        f"<adlcp:maxtimeallowed>00:30:00</adlcp:maxtimeallowed><adlcp:timelimitaction>continue,no message"
        f"</adlcp:timelimitaction></item>"
        for ident, name in scos
    )
    resources = "\n".join(
        f'<resource identifier="RES-{ident}" type="webcontent" adlcp:scormtype="sco" href="{ident}/index.html">'
        f'<file href="{ident}/index.html"/></resource>'
        for ident, _ in scos
    )
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="VRP-TEST-12" version="1"
  xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2"
  xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2">
  <metadata><schema>ADL SCORM</schema><schemaversion>1.2</schemaversion></metadata>
  <organizations default="ORG">
    <organization identifier="ORG"><title>{title}</title>
{items}
    </organization>
  </organizations>
  <resources>
{resources}
  </resources>
</manifest>
"""


def manifest_2004(*, title: str, scos: list[tuple[str, str]], edition: str = "2004 4th Edition",
                  passing: float | None = 0.8) -> str:
    sequencing = (
        '<imsss:sequencing><imsss:limitConditions attemptAbsoluteDurationLimit="PT30M"/>'
        '<imsss:objectives><imsss:primaryObjective objectiveID="pass" satisfiedByMeasure="true">'
        f"<imsss:minNormalizedMeasure>{passing}</imsss:minNormalizedMeasure></imsss:primaryObjective>"
        "</imsss:objectives></imsss:sequencing>"
        if passing is not None
        else ""
    )
    items = "\n".join(
        f'<item identifier="ITEM-{ident}" identifierref="RES-{ident}"><title>{name}</title>'
        f"<adlcp:completionThreshold completedByMeasure=\"true\" minProgressMeasure=\"1.0\"/>{sequencing}</item>"
        for ident, name in scos
    )
    resources = "\n".join(
        f'<resource identifier="RES-{ident}" type="webcontent" adlcp:scormType="sco" href="{ident}/index.html">'
        f'<file href="{ident}/index.html"/><dependency identifierref="SHARED"/></resource>'
        for ident, _ in scos
    )
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="VRP-TEST-2004" version="1"
  xmlns="http://www.imsglobal.org/xsd/imscp_v1p1"
  xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_v1p3"
  xmlns:adlseq="http://www.adlnet.org/xsd/adlseq_v1p3"
  xmlns:adlnav="http://www.adlnet.org/xsd/adlnav_v1p3"
  xmlns:imsss="http://www.imsglobal.org/xsd/imsss">
  <metadata><schema>ADL SCORM</schema><schemaversion>{edition}</schemaversion></metadata>
  <organizations default="ORG">
    <organization identifier="ORG"><title>{title}</title>
{items}
    </organization>
  </organizations>
  <resources>
{resources}
    <resource identifier="SHARED" type="webcontent" adlcp:scormType="asset">
      <file href="shared/sco.js"/><file href="shared/sco.css"/>
    </resource>
  </resources>
</manifest>
"""


def zip_files(files: dict[str, bytes | str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in files.items():
            archive.writestr(name, content.encode("utf-8") if isinstance(content, str) else content)
    return buffer.getvalue()


def package_files(*, version: str, title: str, scos: list[tuple[str, str]], manifest: str | None = None,
                  pages: int = 3, continue_after: bool = False) -> dict[str, str]:
    """The files of a package: the manifest, each SCO's page and the shared script and styles."""
    if manifest is None:
        manifest = manifest_12(title=title, scos=scos) if version == "1.2" else manifest_2004(title=title, scos=scos)
    files = {"imsmanifest.xml": manifest, "shared/sco.js": SCO_JS, "shared/sco.css": SCO_CSS}
    for index, (ident, name) in enumerate(scos):
        is_last = index == len(scos) - 1
        files[f"{ident}/index.html"] = sco_html(
            title=name, version=version, pages=pages, continue_after=continue_after and not is_last
        )
    return files


def scorm12_single() -> bytes:
    """A SCORM 1.2 package with one SCO of three pages and a question; mastery score 80."""
    return zip_files(package_files(version="1.2", title="Responding to distress (SCORM 1.2)",
                                   scos=[("sco1", "Responding to distress")]))


def scorm2004_multi() -> bytes:
    """A SCORM 2004 4th edition package with two SCOs; each passes at a scaled score of 0.8."""
    return zip_files(
        package_files(
            version="2004",
            title="Staying safe (SCORM 2004)",
            scos=[("part1", "Part 1: Noticing"), ("part2", "Part 2: Responding")],
            pages=2,
            continue_after=True,
        )
    )
