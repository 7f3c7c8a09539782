/* Referral statistics: a bar chart per figure (Chart.js) from its data-referral-chart spec.
 * Every chart's numbers are in the table beside it. */
(function () {
  "use strict";
  if (!window.Chart) { return; }
  var sv = document.documentElement.lang !== "en";
  var nf = new Intl.NumberFormat(sv ? "sv-SE" : "en-GB", { maximumFractionDigits: 1 });
  var colours = ["#005a9c", "#b35900", "#1d7a35", "#6a3d9a"];
  document.querySelectorAll("canvas[data-referral-chart]").forEach(function (canvas) {
    var spec = JSON.parse(canvas.getAttribute("data-referral-chart"));
    var value = function (v) { return nf.format(v) + (spec.percent ? " %" : ""); };
    canvas._chart = new window.Chart(canvas, {
      type: spec.type || "bar",
      data: {
        labels: spec.labels,
        datasets: spec.series.map(function (s, i) {
          return { label: s.label, data: s.data, backgroundColor: colours[i % colours.length] };
        })
      },
      options: {
        animation: false, maintainAspectRatio: false,
        indexAxis: spec.horizontal ? "y" : "x",
        scales: {
          x: { beginAtZero: true, ticks: spec.horizontal ? { precision: spec.integer ? 0 : undefined, callback: function (v) { return value(v); } } : {} },
          y: spec.horizontal ? {} : {
            beginAtZero: true, max: spec.percent ? 100 : undefined,
            title: { display: !!spec.unit, text: spec.unit },
            ticks: { precision: spec.integer ? 0 : undefined, callback: function (v) { return value(v); } }
          }
        },
        plugins: {
          legend: { display: false },
          tooltip: { callbacks: { label: function (c) { return c.dataset.label + ": " + value(spec.horizontal ? c.parsed.x : c.parsed.y); } } }
        }
      }
    });
    canvas.setAttribute("data-chart-state", "drawn");
  });
})();
