/* An export's progress page: polls the job's status, moves the bar, tells screen readers through
 * the role="status" text (aria-live) and shows the download link when the file is ready.
 * Without JavaScript the page has a link that reloads it. */
(function () {
  "use strict";
  function poll(box) {
    var url = box.getAttribute("data-export-status");
    var bar = box.querySelector("progress");
    var text = box.querySelector("[data-export-text]");
    var download = box.querySelector("[data-export-download]");
    var wait = box.querySelector("[data-export-wait]");
    var lastPercent = -1;
    function tick() {
      fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
        .then(function (r) { return r.json(); })
        .then(function (s) {
          if (bar) { bar.value = s.percent; bar.textContent = s.percent + " %"; }
          if (s.status === "failed") { window.location.reload(); return; }
          // Announce in steps of ten (and at the end), not every second.
          var step = Math.floor(s.percent / 10);
          if (text && (step !== lastPercent || s.finished)) {
            text.textContent = s.status_label + " – " + s.percent + " %";
            lastPercent = step;
          }
          if (s.finished) {
            if (download) { download.hidden = false; }
            if (wait) { wait.hidden = true; }
          } else {
            setTimeout(tick, 1000);
          }
        })
        .catch(function () { setTimeout(tick, 3000); });
    }
    tick();
  }
  function init() {
    document.querySelectorAll("[data-export-status]").forEach(function (box) {
      // A finished job (done or failed) is shown as it is: no polling, no reloading.
      if (box.hasAttribute("data-export-finished")) { return; }
      poll(box);
    });
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", init); } else { init(); }
})();
