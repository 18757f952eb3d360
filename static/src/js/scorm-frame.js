// Runs in the SCORM player on the package's own origin. The lesson page sends the learner's saved data
// for a SCO; this script loads it into a fresh scorm-again runtime (window.API for SCORM 1.2,
// window.API_1484_11 for 2004), opens the SCO in the inner frame, and passes every commit and the
// final one back to the lesson page, only ever to the site's origin.
(function () {
  "use strict";

  var config = JSON.parse(document.getElementById("scorm-player-config").textContent);
  var is12 = config.version === "1.2";
  var content = document.getElementById("scorm-content");
  var message = document.getElementById("scorm-message");
  var api = null;
  var current = null;

  // The elements the site keeps, as the runtime renders them (flattened).
  var TRACKED = is12
    ? ["cmi.core.lesson_location", "cmi.core.lesson_status", "cmi.core.score.raw", "cmi.core.score.min",
       "cmi.core.score.max", "cmi.core.exit", "cmi.core.session_time", "cmi.suspend_data"]
    : ["cmi.location", "cmi.completion_status", "cmi.success_status", "cmi.score.scaled", "cmi.score.raw",
       "cmi.score.min", "cmi.score.max", "cmi.progress_measure", "cmi.exit", "cmi.session_time", "cmi.suspend_data"];

  function send(data) {
    if (window.parent !== window) window.parent.postMessage(data, config.parentOrigin);
  }

  function say(text) {
    message.textContent = text;
    message.hidden = !text;
  }

  function values() {
    var rendered = api.renderCommitCMI(false) || {};
    var found = {};
    TRACKED.forEach(function (name) {
      var value = rendered[name];
      if (value !== undefined && value !== null) found[name] = String(value);
    });
    if (!is12) {
      var request = api.adl && api.adl.nav ? api.adl.nav.request : "";
      if (request && request !== "_none_") found["adl.nav.request"] = String(request);
    }
    return found;
  }

  function commit(session, terminate) {
    if (!api || session !== current) return;
    var data;
    try {
      data = values();
    } catch (error) {
      return;
    }
    send({ type: "vrp-scorm:commit", sco: session.sco, attempt: session.attempt, values: data, terminate: terminate });
    if (terminate) session.finished = true;
  }

  function launch(state) {
    if (!state || typeof state.launch !== "string" || /^[a-z][a-z0-9+.-]*:|^\/\/|^\//i.test(state.launch)) return;
    // The SCO that was playing ends its session before another starts, as a learner leaving it would.
    if (api && current && !current.finished && current.initialised) commit(current, true);
    var session = { sco: state.sco, attempt: state.attempt, finished: false, initialised: false };
    current = session;
    var settings = {
      autocommit: false,
      lmsCommitUrl: false,
      dataCommitFormat: "flattened",
      logLevel: 5,
      // The lesson page is told of every commit; the SCO's own statuses stand, marked against the
      // mastery score by the site.
      mastery_override: false,
    };
    api = is12 ? new Scorm12API(settings) : new Scorm2004API(settings);
    if (state.cmi) api.loadFromJSON(state.cmi);
    var onInit = function () { session.initialised = true; };
    var onCommit = function () { commit(session, false); };
    var onFinish = function () { commit(session, true); };
    if (is12) {
      api.on("LMSInitialize", onInit);
      api.on("LMSCommit", onCommit);
      api.on("LMSFinish", onFinish);
      window.API = api;
    } else {
      api.on("Initialize", onInit);
      api.on("Commit", onCommit);
      api.on("Terminate", onFinish);
      window.API_1484_11 = api;
    }
    say("");
    content.hidden = false;
    content.title = state.title || config.title;
    content.src = config.contentBase + state.launch;
    send({ type: "vrp-scorm:launched", sco: state.sco });
  }

  window.addEventListener("message", function (event) {
    if (event.source !== window.parent || event.origin !== config.parentOrigin) return;
    var data = event.data;
    if (!data || typeof data !== "object") return;
    if (data.type === "vrp-scorm:launch") {
      try {
        launch(data.state);
      } catch (error) {
        say("This part could not be started. Reload the page to try again.");
        if (window.console) console.error("SCORM launch failed:", error);
      }
    }
    else if (data.type === "vrp-scorm:unavailable") say(String(data.text || ""));
    else if (data.type === "vrp-scorm:hello") send({ type: "vrp-scorm:ready" });
  });

  // A learner leaving the page mid-session: the SCO's own unload handler usually finishes it; if it
  // did not, the last values go now.
  window.addEventListener("pagehide", function () {
    if (api && current && current.initialised && !current.finished) commit(current, true);
  });

  send({ type: "vrp-scorm:ready" });
})();
