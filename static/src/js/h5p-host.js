// Lesson pages: listens to the sandboxed H5P players, sizes their frames, and posts the xAPI
// statements they send to the site with the CSRF token. Messages count only when they come from a
// player frame on this page and from the H5P origin.
const MIN_HEIGHT = 150;
const MAX_HEIGHT = 4000;
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
  } else {
    say(frame, "Your result could not be saved just now. Check your connection, then try the activity again.");
  }
}

window.addEventListener("message", (event) => {
  const frame = frames().find((candidate) => candidate.contentWindow === event.source);
  if (!frame || event.origin !== frame.dataset.h5pOrigin) return;
  const message = event.data;
  if (!message || typeof message !== "object") return;
  if (message.type === "vrp-h5p:resize") {
    const height = Math.min(Math.max(Number(message.height) || 0, MIN_HEIGHT), MAX_HEIGHT);
    frame.style.height = `${height}px`;
  } else if (message.type === "vrp-h5p:xapi" && message.statement && typeof message.statement === "object") {
    post(frame, message.statement);
  } else if (message.type === "vrp-h5p:error") {
    say(frame, "This activity could not be loaded. You can carry on with the rest of the lesson.");
  }
});
