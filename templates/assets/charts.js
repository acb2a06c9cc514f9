/* Draws every chart of the page from its embedded Vega-Lite spec, with the local Vega bundle. */
(function () {
  "use strict";
  var options = {
    renderer: "svg",
    actions: { export: true, source: false, compiled: false, editor: false }
  };
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
})();
