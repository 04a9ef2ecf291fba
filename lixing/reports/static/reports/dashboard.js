// Draws the dashboard's charts (ECharts, served locally) from the page's #chart-data.
// Clicking a bar opens the records behind that unit's number.
(function () {
  "use strict";
  var node = document.getElementById("chart-data");
  if (!node || typeof echarts === "undefined") { return; }
  var data = JSON.parse(node.textContent);
  var charts = [];
  function draw(el) {
    var entry = data[el.dataset.key];
    var kind = el.dataset.chart;
    var series = entry && entry[kind];
    if (!series || el.dataset.drawn) { return; }
    el.dataset.drawn = "1";
    var chart = echarts.init(el, null, { renderer: "svg" });
    var fmt = entry.rate ? "{value}%" : "{value}";
    chart.setOption({
      title: { text: el.dataset.title, textStyle: { fontSize: 14 } },
      tooltip: { trigger: "axis", valueFormatter: function (v) { return v == null ? "—" : (entry.rate ? v + "%" : v); } },
      grid: { left: 48, right: 12, top: 36, bottom: kind === "units" ? 64 : 32 },
      xAxis: { type: "category", data: series.x, axisLabel: { rotate: kind === "units" && series.x.length > 4 ? 30 : 0, interval: 0, fontSize: 12 } },
      yAxis: { type: "value", axisLabel: { formatter: fmt } },
      series: [kind === "trend"
        ? { type: "line", data: series.y, smooth: false, symbolSize: 8, lineStyle: { width: 3 }, itemStyle: { color: "#b71c1c" } }
        : { type: "bar", data: series.y, itemStyle: { color: "#b71c1c" }, cursor: "pointer" }]
    });
    if (kind === "units") {
      chart.on("click", function (params) {
        var link = series.links[params.dataIndex];
        if (link) { window.location.href = link; }
      });
    }
    charts.push(chart);
  }
  // A district has dozens of figures: draw each chart when it scrolls into view.
  var els = document.querySelectorAll(".chart[data-chart]");
  if ("IntersectionObserver" in window) {
    var seen = new IntersectionObserver(function (entries) {
      entries.forEach(function (e) {
        if (e.isIntersecting) { seen.unobserve(e.target); draw(e.target); }
      });
    }, { rootMargin: "300px" });
    els.forEach(function (el) { seen.observe(el); });
  } else {
    els.forEach(draw);
  }
  window.addEventListener("resize", function () { charts.forEach(function (c) { c.resize(); }); });
})();
