// Lesson pages: listens to the sandboxed H5P players, sizes their frames, posts the xAPI statements
// they send to the site with the CSRF token, and keeps each learner's saved answers: read when a
// player asks, saved as it changes, cleared when the learner starts again. Messages count only when
// they come from a player frame on this page and from that frame's own H5P origin.
const MIN_HEIGHT = 150;
const MAX_HEIGHT = 4000;
const MAX_STATE_LENGTH = 64 * 1024;
const SCORING_VERBS = ["completed", "answered", "passed", "failed"].map((verb) => `http://adlnet.gov/expapi/verbs/${verb}`);

const frames = () => Array.from(document.querySelectorAll("iframe[data-h5p-activity]"));

function statusFor(frame) {
  return document.querySelector(`[data-h5p-status="${CSS.escape(frame.dataset.h5pActivity)}"]`);
}

function say(frame, text) {
  const status = statusFor(frame);
  if (status) status.textContent = text;
}

function isScoring(statement) {
  const parent = statement?.context?.contextActivities?.parent;
  const isRoot = !parent || (Array.isArray(parent) && parent.length === 0);
  return isRoot && SCORING_VERBS.includes(statement?.verb?.id) && statement?.result?.score !== undefined;
}

async function post(frame, statement, attempt = 1) {
  let response;
  try {
    response = await fetch(frame.dataset.xapiUrl, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": frame.dataset.csrfToken },
      body: JSON.stringify(statement),
    });
  } catch (error) {
    response = null;
  }
  if ((!response || response.status >= 500) && attempt < 3) {
    await new Promise((resolve) => setTimeout(resolve, 1000 * attempt));
    return post(frame, statement, attempt + 1);
  }
  if (!isScoring(statement)) return;
  if (response && response.ok) {
    say(frame, "Your result has been saved.");
    const result = await response.json().catch(() => ({}));
    frame.dispatchEvent(new CustomEvent("vrp:h5p-scored", { bubbles: true, detail: { statement, result } }));
  } else if (response && response.status === 403) {
    say(frame, "Your result was not saved. Sign in, then try the activity again.");
  } else if (response && response.status === 429) {
    // Sent faster than the site's limit: the site says, in plain words, when to carry on.
    const refusal = await response.json().catch(() => ({}));
    say(frame, refusal.error || "Your result could not be saved just now. Wait a minute, then try the activity again.");
  } else {
    say(frame, "Your result could not be saved just now. Check your connection, then try the activity again.");
  }
}

async function sendSavedState(frame) {
  let state = null;
  try {
    const response = await fetch(frame.dataset.stateUrl, { credentials: "same-origin", headers: { Accept: "application/json" } });
    if (response.ok) state = (await response.json()).state;
  } catch (error) {
    state = null;
  }
  frame.contentWindow.postMessage({ type: "vrp-h5p:state", state: typeof state === "string" ? state : null }, frame.dataset.h5pOrigin);
}

function saveState(frame, state) {
  if (frame.dataset.clearing === "true") return;  // the old player's last save must not undo "Start again"
  fetch(frame.dataset.stateUrl, {
    method: "POST",
    credentials: "same-origin",
    keepalive: true,
    headers: { "Content-Type": "application/json", "X-CSRFToken": frame.dataset.csrfToken },
    body: JSON.stringify({ state }),
  })
    .then((response) => {
      if (response.ok) return;
      // The page promised "saved as you go": when a save is refused, say so rather than stay silent.
      say(frame, response.status === 403
        ? "Your answers are not being saved. Sign in and start this module to keep them."
        : "Your latest answers could not be saved just now. They will be saved again as you carry on.");
    })
    .catch(() => say(frame, "Your latest answers could not be saved just now. They will be saved again as you carry on."));
}

async function startAgain(frame) {
  frame.dataset.clearing = "true";
  try {
    const response = await fetch(frame.dataset.stateUrl, {
      method: "DELETE",
      credentials: "same-origin",
      headers: { "X-CSRFToken": frame.dataset.csrfToken },
    });
    if (!response.ok) throw new Error(String(response.status));
  } catch (error) {
    delete frame.dataset.clearing;
    say(frame, "Your answers could not be cleared just now. Try again in a moment.");
    return;
  }
  say(frame, "Your answers were cleared. The activity starts again.");
  frame.src = frame.src;
}

document.querySelectorAll("[data-h5p-restart]").forEach((button) => {
  if (button.dataset.h5pBound) return;
  button.dataset.h5pBound = "true";
  button.addEventListener("click", () => {
    const frame = frames().find((candidate) => candidate.dataset.h5pActivity === button.dataset.h5pRestart);
    if (frame) startAgain(frame);
  });
});

// A reviewer's preview plays the activity as a learner would, but keeps nothing: the reviewer is not enrolled.
function preview(frame, message) {
  if (message.type === "vrp-h5p:hello") {
    frame.contentWindow.postMessage({ type: "vrp-h5p:state", state: null }, frame.dataset.h5pOrigin);
  } else if (message.type === "vrp-h5p:xapi" && isScoring(message.statement)) {
    const score = message.statement.result.score;
    say(frame, `Preview: scored ${score.raw} out of ${score.max}. A learner's result is saved at this point.`);
  }
}

window.addEventListener("message", (event) => {
  const frame = frames().find((candidate) => candidate.contentWindow === event.source);
  if (!frame || event.origin !== frame.dataset.h5pOrigin) return;
  const message = event.data;
  if (!message || typeof message !== "object") return;
  if (frame.dataset.preview && message.type !== "vrp-h5p:resize" && message.type !== "vrp-h5p:error") {
    preview(frame, message);
    return;
  }
  if (message.type === "vrp-h5p:resize") {
    const height = Math.min(Math.max(Number(message.height) || 0, MIN_HEIGHT), MAX_HEIGHT);
    frame.style.height = `${height}px`;
  } else if (message.type === "vrp-h5p:xapi" && message.statement && typeof message.statement === "object") {
    post(frame, message.statement);
  } else if (message.type === "vrp-h5p:hello") {
    delete frame.dataset.clearing;
    sendSavedState(frame);
  } else if (message.type === "vrp-h5p:saves") {
    const promise = document.querySelector(`[data-h5p-saves="${CSS.escape(frame.dataset.h5pActivity)}"]`);
    if (promise) promise.hidden = false;
  } else if (message.type === "vrp-h5p:save-state" && typeof message.state === "string") {
    if (message.state.length <= MAX_STATE_LENGTH) saveState(frame, message.state);
  } else if (message.type === "vrp-h5p:error") {
    say(frame, "This activity could not be loaded. You can carry on with the rest of the lesson.");
  }
});
