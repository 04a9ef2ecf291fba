// Draws each indicator over this year against last year (ECharts, served locally) from the
// page's #trend-data; the labels come translated from the page.
(function () {
  "use strict";
  var node = document.getElementById("trend-data");
  if (!node || typeof echarts === "undefined") { return; }
  var data = JSON.parse(node.textContent);
  var charts = [];
  document.querySelectorAll(".chart[data-code]").forEach(function (el) {
    var entry = data[el.dataset.code];
    if (!entry) { return; }
    var chart = echarts.init(el, null, { renderer: "svg" });
    chart.setOption({
      title: { text: entry.title, textStyle: { fontSize: 14 } },
      tooltip: { trigger: "axis", valueFormatter: function (v) { return v == null ? "—" : v; } },
      legend: { top: 0, right: 0 },
      grid: { left: 56, right: 12, top: 40, bottom: 28 },
      xAxis: { type: "category", data: entry.x },
      yAxis: { type: "value" },
      series: entry.series.map(function (s, i) {
        return { name: s.name, type: "line", data: s.data, connectNulls: false, symbolSize: 6,
                 lineStyle: { width: i === 0 ? 3 : 2, type: i === 0 ? "solid" : "dashed" },
                 itemStyle: { color: i === 0 ? "#b71c1c" : "#9e9e9e" } };
      })
    });
    charts.push(chart);
  });
  window.addEventListener("resize", function () { charts.forEach(function (c) { c.resize(); }); });
})();
