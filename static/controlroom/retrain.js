// Polls the retraining status every two seconds and shows the result when it is done.
// Its texts come from the page (data-text-*), in the page's language.
(function () {
  "use strict";
  var box = document.getElementById("retrain");
  if (!box) return;
  var state = document.getElementById("retrain-state");
  var result = document.getElementById("retrain-result");
  var bar = document.getElementById("retrain-progress");
  var text = box.dataset;

  function names(json) {
    try { return JSON.parse(json || "{}"); } catch (e) { return {}; }
  }
  var statusNames = names(text.statusNames);
  var stateNames = names(text.stateNames);

  // "New version {version}: {status}" with the values filled in.
  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (whole, key) {
      return values[key] === undefined || values[key] === null ? "" : String(values[key]);
    });
  }

  function finish(message) {
    bar.max = 1;
    bar.value = 1;
    state.textContent = message;
  }

  function poll() {
    fetch(box.dataset.statusUrl, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.json(); })
      .then(function (status) {
        if (status.state === "SUCCESS") {
          var r = status.result || {};
          var statusName = statusNames[r.status] || r.status;
          finish(text.textDone);
          result.hidden = false;
          result.id = "retrain-result";
          result.textContent = r.version
            ? fill(text.textNewVersion, { version: r.version, status: statusName, reason: r.reason })
            : fill(text.textNoNewVersion, { reason: r.reason || statusName });
          result.dataset.version = r.version || "";
        } else if (status.state === "FAILURE") {
          finish(fill(text.textFailed, { error: status.error || text.textUnknownError }));
        } else if (status.state === "UNKNOWN") {
          finish(text.textUnknown);
        } else {
          var stateName = stateNames[status.state.toLowerCase()] || status.state.toLowerCase();
          state.textContent = text.textRunning + " (" + stateName + ")";
          window.setTimeout(poll, 2000);
        }
      })
      .catch(function () { window.setTimeout(poll, 5000); });
  }
  poll();
})();
