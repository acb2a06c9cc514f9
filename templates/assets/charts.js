/* Draws every chart of the page from its embedded Vega-Lite spec, with the local Vega bundle. */
(function () {
  "use strict";
  var options = {
    renderer: "svg",
    actions: { export: true, source: false, compiled: false, editor: false }
  };
  if (window.ssigenChartLocale) {
    options.formatLocale = window.ssigenChartLocale.format;
    options.timeFormatLocale = window.ssigenChartLocale.time;
  }
  function draw(script) {
    var target = document.getElementById(script.getAttribute("data-chart"));
    if (!target || typeof vegaEmbed !== "function") { return; }
    var spec = JSON.parse(script.textContent);
    vegaEmbed(target, spec, options).then(function () {
      var summary = target.querySelector("details > summary");
      if (summary) {
        summary.setAttribute("aria-label", target.getAttribute("data-actions-label") || "Chart menu");
      }
      target.setAttribute("data-rendered", "true");
    }).catch(function (error) {
      target.setAttribute("data-rendered", "error");
      target.textContent = String(error);
    });
  }
  document.querySelectorAll('script[type="application/json"][data-chart]').forEach(draw);

  /* On paper, the data tables print open beside their charts. */
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll("details.chart-data, details.criteria").forEach(function (d) {
      d.setAttribute("data-was-open", d.open ? "1" : "0");
      d.open = true;
    });
  });
  window.addEventListener("afterprint", function () {
    document.querySelectorAll("details[data-was-open]").forEach(function (d) {
      d.open = d.getAttribute("data-was-open") === "1";
      d.removeAttribute("data-was-open");
    });
  });
})();
