// The pass page: while the certificate is being made, ask the site every few seconds and show its links once ready.
const POLL_MS = 2000;
const MAX_POLLS = 90;

function link(href, text, download) {
  const item = document.createElement("li");
  const anchor = document.createElement("a");
  anchor.className = "govuk-link";
  anchor.href = href;
  anchor.textContent = text;
  if (download) anchor.setAttribute("download", "");
  item.append(anchor);
  return item;
}

function showReady(body, status) {
  const intro = document.createElement("p");
  intro.className = "govuk-body";
  intro.textContent = `Your certificate “${status.title}” is ready.`;
  const list = document.createElement("ul");
  list.className = "govuk-list";
  list.append(
    link(status.pdf, "Download the PDF certificate", true),
    link(status.badge, "Download the Open Badge", true),
    link(status.public, "See its public check page", false),
  );
  body.replaceChildren(intro, list);
}

function watch(section) {
  const body = section.querySelector("[data-certificate-body]");
  const url = section.dataset.statusUrl;
  let polls = 0;
  const poll = async () => {
    polls += 1;
    try {
      const response = await fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } });
      if (response.ok) {
        const status = await response.json();
        if (status.state === "ready") {
          section.dataset.state = "ready";
          showReady(body, status);
          return;
        }
        if (status.state === "revoked") return;
      }
    } catch (error) {
      // A dropped connection: try again on the next tick; the refresh link still works.
    }
    if (polls < MAX_POLLS) window.setTimeout(poll, POLL_MS);
  };
  window.setTimeout(poll, POLL_MS);
}

for (const section of document.querySelectorAll('[data-module="certificate-status"][data-state="making"]')) {
  watch(section);
}
