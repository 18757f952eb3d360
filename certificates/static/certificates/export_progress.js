// Polls a background export's status and updates the progress bar (certificates' ZIPs and report files alike).
// What each step adds is named by the box's data-export-one / data-export-many. Without JavaScript the page
// has a refresh link instead.
(function () {
  var box = document.querySelector("[data-export-status]");
  if (!box) return;
  var bar = box.querySelector("progress");
  var message = box.querySelector("[data-export-message]");
  var download = box.querySelector("[data-export-download]");
  var refresh = box.querySelector("[data-export-refresh]");
  var one = box.getAttribute("data-export-one") || "item";
  var many = box.getAttribute("data-export-many") || "items";
  if (refresh) refresh.hidden = true;

  function poll() {
    fetch(box.getAttribute("data-export-status"), { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.json(); })
      .then(function (state) {
        bar.value = state.percent;
        bar.textContent = state.percent + "%";
        if (state.status === "done") {
          message.textContent = "Ready: " + state.total + " " + (state.total === 1 ? one : many) + ".";
          download.hidden = false;
        } else if (state.status === "failed") {
          message.textContent = "Something went wrong while preparing the file. Please try again.";
        } else {
          message.textContent = state.status === "running"
            ? state.processed + " of " + state.total + " " + many + " added."
            : "Waiting to start.";
          window.setTimeout(poll, 1500);
        }
      })
      .catch(function () {
        if (refresh) refresh.hidden = false;
      });
  }
  window.setTimeout(poll, 1000);
})();
