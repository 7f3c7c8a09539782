/* The import's progress page: polls the job's JSON status every second and moves the progress
 * bar; the text beside it is a live region. When the job is finished the page is loaded again,
 * so the result (and any errors, by row and column) is shown by the server. */
(function () {
  "use strict";
  var box = document.getElementById("import-progress");
  if (!box || !box.dataset.statusUrl) { return; }
  var bar = document.getElementById("import-bar");
  var text = document.getElementById("import-text");
  function poll() {
    fetch(box.dataset.statusUrl, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) {
        if (!data) { window.setTimeout(poll, 3000); return; }
        bar.value = data.percent;
        bar.textContent = data.percent + " %";
        if (text.textContent !== data.text) { text.textContent = data.text; }
        if (data.finished) { window.location.reload(); } else { window.setTimeout(poll, 1000); }
      })
      .catch(function () { window.setTimeout(poll, 3000); });
  }
  window.setTimeout(poll, 500);
})();
