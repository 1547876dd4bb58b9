// Draws every [data-chart] element with Apache ECharts from the JSON the server put beside it
// (json_script). No inline script or style: the canvas renderer and tooltips drawn on the
// canvas (richText) keep the page within the Content Security Policy. Runs on page load and
// again for content htmx swaps in (the public figures), once per element.
(function () {
  "use strict";
  if (window.msgCharts) {
    window.msgCharts.scan(document);
    return;
  }
  // Colours that keep at least 3:1 contrast against white (WCAG 1.4.11), told apart by hue.
  var PALETTE = ["#1f5fbf", "#c2410c", "#2e7d32", "#7b1fa2", "#b3261e", "#00796b",
                 "#6d4c41", "#ad1457", "#455a64"];
  var charts = [];

  function chinese() {
    return (document.documentElement.lang || "").toLowerCase().indexOf("zh") === 0;
  }

  function narrow(el) {
    return el.clientWidth < 480;
  }

  function base(spec, el) {
    return {
      color: PALETTE,
      animation: false,
      aria: { enabled: false }, // the page gives each chart a label and a table
      textStyle: { color: "#212529" },
      tooltip: {
        trigger: spec.kind === "pie" ? "item" : "axis",
        renderMode: "richText",
        confine: true
      },
      legend: { type: "scroll", bottom: 0, textStyle: { color: "#212529" } },
      grid: { left: 8, right: 16, top: 28, bottom: narrow(el) ? 56 : 40, containLabel: true }
    };
  }

  function valueAxis(name, index) {
    var axis = { type: "value", name: name || "", minInterval: 1,
                 nameTextStyle: { color: "#495057", align: index ? "right" : "left" },
                 axisLabel: { color: "#495057" } };
    if (name === "%") {
      axis.max = 100;
      axis.minInterval = 0;
      axis.splitLine = { show: false };
    }
    return axis;
  }

  function option(spec, el) {
    var opt = base(spec, el);
    var names = spec.axisNames || [];
    if (spec.kind === "pie") {
      var first = spec.series[0] || { name: "", data: [] };
      opt.series = [{
        name: first.name, type: "pie", radius: ["35%", "62%"], top: 0, bottom: 40,
        label: { formatter: "{b}: {c}", color: "#212529" },
        data: spec.categories.map(function (name, i) { return { name: name, value: first.data[i] }; })
      }];
      return opt;
    }
    var categoryAxis = {
      type: "category", data: spec.categories,
      axisLabel: { color: "#495057", hideOverlap: true }
    };
    if (spec.kind === "hbar") {
      categoryAxis.inverse = true;
      categoryAxis.axisLabel.width = narrow(el) ? 90 : 160;
      categoryAxis.axisLabel.overflow = "truncate";
      opt.yAxis = categoryAxis;
      opt.xAxis = valueAxis("", 0); // the title says what is counted
    } else {
      opt.xAxis = categoryAxis;
      opt.yAxis = names.length ? names.map(valueAxis) : [valueAxis("", 0)];
    }
    opt.series = spec.series.map(function (s) {
      var type = s.type || (spec.kind === "line" ? "line" : "bar");
      var series = { name: s.name, type: type, data: s.data, emphasis: { focus: "series" } };
      if (s.stack) { series.stack = s.stack; }
      if (spec.kind !== "hbar" && s.axis) { series.yAxisIndex = s.axis; }
      if (type === "line") { series.symbolSize = 6; series.connectNulls = false; }
      return series;
    });
    return opt;
  }

  function draw(el) {
    var source = document.getElementById(el.getAttribute("data-chart"));
    if (!source || el.getAttribute("data-chart-ready")) { return; }
    var spec = JSON.parse(source.textContent);
    var locale = chinese() && window.echarts.registerLocale ? "ZH" : "EN";
    var chart = window.echarts.init(el, null, { renderer: "canvas", locale: locale });
    chart.setOption(option(spec, el));
    el.setAttribute("data-chart-ready", "true");
    charts.push(chart);
  }

  function scan(root) {
    if (!window.echarts || !root || !root.querySelectorAll) { return; }
    root.querySelectorAll("[data-chart]").forEach(draw);
  }

  var pending = null;
  window.addEventListener("resize", function () {
    window.clearTimeout(pending);
    pending = window.setTimeout(function () {
      charts.forEach(function (chart) { chart.resize(); });
    }, 150);
  });
  document.addEventListener("htmx:load", function (event) { scan(event.target); });
  document.addEventListener("DOMContentLoaded", function () { scan(document); });
  window.msgCharts = { scan: scan };
  scan(document);
})();
