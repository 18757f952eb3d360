// Runs inside the sandboxed player on the package's own H5P origin: asks the lesson page for the
// learner's saved answers, starts h5p-standalone with them, passes each xAPI statement and each new
// saved state to the lesson page (and only to the site's origin), and reports the content's height.
(function () {
  "use strict";

  var config = JSON.parse(document.getElementById("h5p-player-config").textContent);
  var container = document.getElementById("h5p-container");

  function send(message) {
    if (window.parent !== window) window.parent.postMessage(message, config.parentOrigin);
  }

  function newStatementId() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    var bytes = crypto.getRandomValues(new Uint8Array(16));
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    var hex = Array.prototype.map.call(bytes, function (b) { return (b < 16 ? "0" : "") + b.toString(16); }).join("");
    return [hex.slice(0, 8), hex.slice(8, 12), hex.slice(12, 16), hex.slice(16, 20), hex.slice(20)].join("-");
  }

  var lastHeight = 0;
  function reportHeight() {
    var height = Math.ceil(document.documentElement.getBoundingClientRect().height);
    if (height && Math.abs(height - lastHeight) > 1) {
      lastHeight = height;
      send({ type: "vrp-h5p:resize", height: height + 4 });
    }
  }
  if (window.ResizeObserver) new ResizeObserver(reportHeight).observe(document.body);
  window.addEventListener("load", reportHeight);

  // Content of embed type "iframe" runs in an inner frame h5p-standalone builds; its own resizing
  // expects a host page script we do not load, so the inner frame is fitted to its content here.
  function fitInnerFrames(triesLeft) {
    var pending = false;
    document.querySelectorAll("iframe.h5p-iframe").forEach(function (frame) {
      if (frame.dataset.vrpFitted) return;
      if (!frame.title) frame.title = config.title;  // h5p-standalone leaves its frame unnamed
      var doc = frame.contentDocument;
      var content = doc && doc.querySelector(".h5p-content");
      if (!content || !frame.contentWindow.ResizeObserver) {
        pending = true;
        return;
      }
      frame.dataset.vrpFitted = "true";
      if (!doc.title) doc.title = config.title;
      var fit = function () { frame.style.height = Math.ceil(content.getBoundingClientRect().height) + "px"; };
      new frame.contentWindow.ResizeObserver(fit).observe(content);
      fit();
    });
    if (pending && triesLeft > 0) setTimeout(function () { fitInnerFrames(triesLeft - 1); }, 100);
  }

  // The player has no cookies, so the learner's saved answers come from the lesson page.
  function withSavedState(start) {
    var started = false;
    function go(state) {
      if (started) return;
      started = true;
      window.removeEventListener("message", onMessage);
      start(typeof state === "string" && state ? state : null);
    }
    function onMessage(event) {
      if (event.source !== window.parent || event.origin !== config.parentOrigin) return;
      var message = event.data;
      if (message && message.type === "vrp-h5p:state") go(message.state);
    }
    window.addEventListener("message", onMessage);
    send({ type: "vrp-h5p:hello" });
    // Outside a lesson (a preview) nobody answers: start afresh.
    setTimeout(function () { go(null); }, 3000);
  }

  function currentState() {
    var windows = [window];
    document.querySelectorAll("iframe.h5p-iframe").forEach(function (frame) {
      try { windows.push(frame.contentWindow); } catch (error) { /* not ours */ }
    });
    for (var i = 0; i < windows.length; i++) {
      var integration = windows[i] && windows[i].H5PIntegration;
      var content = integration && integration.contents && integration.contents["cid-" + config.contentId];
      var saved = content && content.contentUserData && content.contentUserData[0];
      if (saved && typeof saved.state === "string" && saved.state !== "RESET") return saved.state;
    }
    return null;
  }

  // Only content that keeps its state (getCurrentState) is saved by H5P; the lesson page says
  // "saved as you go" only once this has been seen.
  var toldSaves = false;
  function tellIfSaves() {
    if (toldSaves || !config.saveFreq) return;
    var windows = [window];
    document.querySelectorAll("iframe.h5p-iframe").forEach(function (frame) {
      try { windows.push(frame.contentWindow); } catch (error) { /* not ours */ }
    });
    for (var i = 0; i < windows.length; i++) {
      var instances = (windows[i] && windows[i].H5P && windows[i].H5P.instances) || [];
      for (var j = 0; j < instances.length; j++) {
        if (instances[j] && typeof instances[j].getCurrentState === "function") {
          toldSaves = true;
          send({ type: "vrp-h5p:saves" });
          return;
        }
      }
    }
  }

  var lastSent = null;
  function passOnState() {
    tellIfSaves();
    var state = currentState();
    if (state && state !== lastSent) {
      lastSent = state;
      send({ type: "vrp-h5p:save-state", state: state });
    }
  }

  withSavedState(function (state) {
  lastSent = state;
  new H5PStandalone.H5P(container, {
    id: config.contentId,
    h5pJsonPath: config.h5pJsonPath,
    librariesPath: config.librariesPath,
    contentJsonPath: config.contentJsonPath,
    frameJs: config.frameJs,
    frameCss: config.frameCss,
    customJs: config.customJs,
    saveFreq: config.saveFreq,
    contentUserData: state ? [{ state: state }] : undefined,
    frame: false,
    copyright: false,
    export: false,
    embed: false,
    icon: false,
    fullScreen: false
  }).then(function () {
    H5P.externalDispatcher.on("xAPI", function (event) {
      // A copy, with an id so that a resend is recognised as the same statement.
      var statement = JSON.parse(JSON.stringify(event.data.statement));
      if (!statement.id) statement.id = newStatementId();
      send({ type: "vrp-h5p:xapi", statement: statement });
    });
    send({ type: "vrp-h5p:ready" });
    fitInnerFrames(50);
    reportHeight();
    // H5P core saves the content's state every saveFreq seconds and when the page goes away.
    setInterval(passOnState, 1000);
    window.addEventListener("pagehide", passOnState);
  }).catch(function () {
    container.innerHTML = "";
    var message = document.createElement("p");
    message.className = "vrp-h5p-player__message";
    message.textContent = "This activity could not be loaded. Try reloading the page.";
    container.appendChild(message);
    send({ type: "vrp-h5p:error" });
    reportHeight();
  });
  });
})();
