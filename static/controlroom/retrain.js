// Polls the retraining status every two seconds and shows the result when it is done.
(function () {
  "use strict";
  var box = document.getElementById("retrain");
  if (!box) return;
  var state = document.getElementById("retrain-state");
  var result = document.getElementById("retrain-result");
  var bar = document.getElementById("retrain-progress");

  function finish(text) {
    bar.max = 1;
    bar.value = 1;
    state.textContent = text;
  }

  function poll() {
    fetch(box.dataset.statusUrl, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.json(); })
      .then(function (status) {
        if (status.state === "SUCCESS") {
          var r = status.result || {};
          finish("Done.");
          result.hidden = false;
          result.id = "retrain-result";
          result.textContent = r.version
            ? "New version " + r.version + ": " + r.status + " (" + r.reason + ")"
            : "No new version: " + (r.reason || r.status);
          result.dataset.version = r.version || "";
        } else if (status.state === "FAILURE") {
          finish("Retraining failed: " + (status.error || "unknown error"));
        } else if (status.state === "UNKNOWN") {
          finish("This retraining is unknown (the status expired or the server restarted).");
        } else {
          state.textContent = "Retraining… (" + status.state.toLowerCase() + ")";
          window.setTimeout(poll, 2000);
        }
      })
      .catch(function () { window.setTimeout(poll, 5000); });
  }
  poll();
})();
