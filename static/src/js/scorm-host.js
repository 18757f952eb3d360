// Lesson pages: starts each SCORM player with the learner's saved data, shows the package's parts,
// and posts every commit the player passes on to the site with the CSRF token. Messages count only
// when they come from a SCORM frame on this page and from that frame's own package origin.
const blocks = new Map();

function say(block, text) {
  const status = document.querySelector(`[data-scorm-message="${CSS.escape(block.id)}"]`);
  if (status) status.textContent = text;
}

function setup(frame) {
  const id = frame.dataset.scormFrame;
  if (blocks.has(id)) return;
  const stateElement = document.getElementById(`scorm-state-${id}`);
  const state = stateElement ? JSON.parse(stateElement.textContent) : { items: [] };
  const block = { id, frame, state, ready: false, current: null, queue: Promise.resolve() };
  blocks.set(id, block);
  document.querySelectorAll(`[data-scorm-launch][data-scorm-block="${CSS.escape(id)}"]`).forEach((button) => {
    button.addEventListener("click", () => {
      launch(block, button.dataset.scormLaunch);
      frame.focus();
    });
  });
}

function item(block, sco) {
  return block.state.items.find((candidate) => candidate.sco === sco);
}

function firstToOpen(block) {
  const items = block.state.items;
  // Resume where the learner was: the first SCO not yet completed, else the first one.
  return items.find((candidate) => candidate.is_sco && candidate.status !== "Completed") || items[0];
}

function launch(block, sco) {
  const chosen = item(block, sco);
  if (!chosen || !block.ready) return;
  block.current = sco;
  document.querySelectorAll(`[data-scorm-block="${CSS.escape(block.id)}"][data-scorm-launch]`).forEach((button) => {
    const row = button.closest("[data-scorm-item]");
    if (row) {
      if (button.dataset.scormLaunch === sco) row.setAttribute("aria-current", "step");
      else row.removeAttribute("aria-current");
    }
  });
  block.frame.contentWindow.postMessage({ type: "vrp-scorm:launch", state: chosen.state }, block.frame.dataset.scormOrigin);
}

function next(block, sco, direction) {
  const items = block.state.items;
  const index = items.findIndex((candidate) => candidate.sco === sco);
  const target = items[index + direction];
  if (target) launch(block, target.sco);
}

async function post(block, message, attempt = 1) {
  let response = null;
  try {
    response = await fetch(block.frame.dataset.commitUrl, {
      method: "POST",
      credentials: "same-origin",
      keepalive: message.terminate === true,
      headers: { "Content-Type": "application/json", "X-CSRFToken": block.frame.dataset.csrfToken },
      body: JSON.stringify({ sco: message.sco, attempt: message.attempt, values: message.values, terminate: message.terminate }),
    });
  } catch (error) {
    response = null;
  }
  if ((!response || response.status >= 500) && attempt < 3) {
    await new Promise((resolve) => setTimeout(resolve, 1000 * attempt));
    return post(block, message, attempt + 1);
  }
  const result = response ? await response.json().catch(() => ({})) : {};
  if (!response) {
    say(block, "Your progress could not be saved just now. Check your connection; it will be saved at the next step.");
    return;
  }
  if (response.status === 403) {
    say(block, `Your progress was not saved. ${result.error || "Sign in, then open this lesson again."}`);
    return;
  }
  if (response.status === 409) {
    say(block, "This attempt has already ended. Reload the page to start again.");
    return;
  }
  if (response.status === 429 && result.error) {
    say(block, result.error);
    return;
  }
  if (!response.ok) {
    say(block, "Some of your progress could not be saved. You can carry on; if this keeps happening, reload the page.");
    return;
  }
  const entry = item(block, message.sco);
  if (entry) {
    entry.status = result.status;
    if (result.next) entry.state = result.next;
    const tag = document.querySelector(`[data-scorm-status="${CSS.escape(message.sco)}"]`);
    if (tag) tag.textContent = result.status;
  }
  if (result.lessonCompleted) {
    block.completed = true;
    say(block, "You have completed this activity. Your progress has been saved.");
    block.frame.dispatchEvent(new CustomEvent("vrp:scorm-completed", { bubbles: true, detail: result }));
  } else if (message.terminate && !block.completed) {
    // A SCO's last commit is usually followed by its Terminate: that must not replace the news of completion.
    say(block, "Your progress has been saved.");
  }
  if (message.terminate && result.navigation) {
    if (result.navigation === "continue") next(block, message.sco, 1);
    else if (result.navigation === "previous") next(block, message.sco, -1);
    else {
      const target = /^\{target=([^}]+)\}(choice|jump)$/.exec(result.navigation);
      if (target) launch(block, target[1]);
    }
  }
}

window.addEventListener("message", (event) => {
  const block = Array.from(blocks.values()).find((candidate) => candidate.frame.contentWindow === event.source);
  if (!block || event.origin !== block.frame.dataset.scormOrigin) return;
  const message = event.data;
  if (!message || typeof message !== "object") return;
  if (message.type === "vrp-scorm:ready") {
    if (block.ready) return;  // announced twice: on load, and in answer to our hello
    block.ready = true;
    if (!block.state.signed_in) {
      block.frame.contentWindow.postMessage(
        { type: "vrp-scorm:unavailable", text: "Sign in to take this activity." },
        block.frame.dataset.scormOrigin,
      );
      return;
    }
    const first = firstToOpen(block);
    if (first) launch(block, first.sco);
  } else if (message.type === "vrp-scorm:commit" && typeof message.sco === "string" && message.values && typeof message.values === "object") {
    if (block.frame.dataset.preview) {
      // A reviewer's preview plays the package as a learner would, but keeps nothing: the reviewer is not enrolled.
      say(block, "Preview: a learner's progress is saved at this point.");
      return;
    }
    // The SCO's session is open until its Terminate; the latest values are kept to end it if the page goes first.
    block.open = message.terminate ? null : { sco: message.sco, attempt: message.attempt, values: message.values };
    // Commits are sent one after another, so a terminate never overtakes the commit before it.
    block.queue = block.queue.then(() => post(block, message));
  }
});

const FINISHED = new Set(["completed", "passed", "failed"]);

// Leaving the page mid-session. This page unloads before the package's frame, so the Terminate a SCO sends from its
// own unload handler never reaches us: end the session here with the last values it committed, marked "suspend"
// unless it had finished, so the learner resumes where they were and the session's time is counted.
window.addEventListener("pagehide", (event) => {
  if (event.persisted) return;  // kept in the back-forward cache: the session goes on if the learner comes back
  blocks.forEach((block) => {
    const open = block.open;
    if (!open || block.frame.dataset.preview) return;
    block.open = null;
    const values = { ...open.values };
    const exitKey = "cmi.core.exit" in values || "cmi.core.lesson_status" in values ? "cmi.core.exit" : "cmi.exit";
    const status = values["cmi.core.lesson_status"] || values["cmi.completion_status"] || "";
    if (!FINISHED.has(status) && !FINISHED.has(values["cmi.success_status"] || "")) values[exitKey] = "suspend";
    fetch(block.frame.dataset.commitUrl, {
      method: "POST",
      credentials: "same-origin",
      keepalive: true,
      headers: { "Content-Type": "application/json", "X-CSRFToken": block.frame.dataset.csrfToken },
      body: JSON.stringify({ sco: open.sco, attempt: open.attempt, values, terminate: true }),
    }).catch(() => {});
  });
});

document.querySelectorAll("iframe[data-scorm-frame]").forEach((frame) => {
  setup(frame);
  // The player may have announced itself before this script ran; ask it again (dropped if it is not loaded yet).
  frame.contentWindow.postMessage({ type: "vrp-scorm:hello" }, frame.dataset.scormOrigin);
});
