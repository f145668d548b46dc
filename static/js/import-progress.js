// Follows a running CORDIS import in the admin: every two seconds it asks how far the worker got and
// shows it; when the import ends (or the worker stops), the page reloads to show the report. Without
// JavaScript the page says the same on each reload.
(function () {
  "use strict";
  var region = document.querySelector("[data-import-progress]");
  if (!region) {
    return;
  }
  var bar = region.querySelector("progress");
  var text = region.querySelector("[data-progress-text]");

  function show(data) {
    if (data.status !== region.dataset.status) {
      window.location.reload();
      return false;
    }
    if (data.total) {
      bar.max = data.total;
      bar.value = data.done;
    }
    text.textContent = data.text;
    return true;
  }

  function poll() {
    fetch(region.dataset.importProgress, {headers: {Accept: "application/json"}, credentials: "same-origin"})
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) {
        if (!data || show(data)) {
          window.setTimeout(poll, 2000);
        }
      })
      .catch(function () { window.setTimeout(poll, 5000); });
  }

  window.setTimeout(poll, 2000);
}());
