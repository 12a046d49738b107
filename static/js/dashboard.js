// The director meeting's dashboard: draws each [data-chart] box with ECharts from the series in
// #dashboard-charts (json_script). A click on a slice, bar or point opens the rows behind it.
// Without script the tables below the charts carry every figure and every link.
(function () {
  "use strict";

  var source = document.getElementById("dashboard-charts");
  if (!source || typeof window.echarts === "undefined") {
    return;
  }
  var charts = JSON.parse(source.textContent);
  var palette = ["#b5121b", "#d9822b", "#2a6fb0", "#3c8d5a", "#7a4fa3", "#8c8c8c", "#c9a227"];
  var textStyle = { fontFamily: "system-ui, 'PingFang SC', 'Microsoft YaHei', sans-serif" };
  var narrow = window.matchMedia("(max-width: 575.98px)").matches;

  function shorten(label, size) {
    label = String(label);
    return label.length > size ? label.slice(0, size - 1) + "…" : label;
  }

  function pie(chart) {
    // Labels beside the slices instead of a legend: long category names stay readable on a phone.
    return {
      tooltip: { trigger: "item", formatter: "{b}: {c} ({d}%)" },
      series: [
        {
          type: "pie",
          radius: ["30%", "58%"],
          center: ["50%", "50%"],
          label: {
            formatter: function (p) {
              var name = (p.data && p.data.short) || shorten(p.name, narrow ? 6 : 9);
              return name + "\n" + p.value;
            },
          },
          data: chart.data,
        },
      ],
    };
  }

  function horizontalBar(chart, suffix) {
    var names = chart.data.map(function (d) { return d.name; }).reverse();
    return {
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
      grid: { left: 8, right: 40, top: 8, bottom: 8, containLabel: true },
      xAxis: { type: "value", minInterval: 1, max: suffix ? 100 : null },
      yAxis: {
        type: "category",
        data: names,
        axisLabel: { formatter: function (v) { return shorten(v, narrow ? 7 : 12); } },
      },
      series: [
        {
          type: "bar",
          data: chart.data.slice().reverse(),
          label: { show: true, position: "right", formatter: "{c}" + (suffix || "") },
          barMaxWidth: 22,
        },
      ],
    };
  }

  function line(chart) {
    return {
      tooltip: { trigger: "axis" },
      grid: { left: 8, right: 16, top: 16, bottom: 8, containLabel: true },
      xAxis: { type: "category", data: chart.data.map(function (d) { return d.name; }) },
      yAxis: { type: "value", minInterval: 1 },
      series: [
        {
          type: "bar",
          data: chart.data,
          label: { show: !narrow, position: "top" },
          barMaxWidth: 26,
        },
      ],
    };
  }

  function groupedBars(chart) {
    return {
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
      legend: { top: 0 },
      grid: { left: 8, right: 16, top: 32, bottom: 8, containLabel: true },
      xAxis: {
        type: "category",
        data: chart.categories,
        axisLabel: {
          interval: 0,
          rotate: narrow ? 45 : 0,
          formatter: function (v) { return shorten(v, narrow ? 5 : 9); },
        },
      },
      yAxis: { type: "value", minInterval: 1 },
      series: chart.series.map(function (s) {
        return { type: "bar", name: s.name, data: s.data, barMaxWidth: 18 };
      }),
    };
  }

  function optionFor(chart) {
    switch (chart.kind) {
      case "pie":
        return pie(chart);
      case "bar":
        return horizontalBar(chart, "");
      case "percent":
        return horizontalBar(chart, "%");
      case "line":
        return line(chart);
      case "bars":
        return groupedBars(chart);
      default:
        return null;
    }
  }

  function isEmpty(chart) {
    if (chart.kind === "bars") {
      return !chart.categories.length;
    }
    return !chart.data.length;
  }

  var drawn = [];
  document.querySelectorAll("[data-chart]").forEach(function (box) {
    var chart = charts[box.getAttribute("data-chart")];
    if (!chart) {
      return;
    }
    if (isEmpty(chart)) {
      box.classList.add("chart-empty");
      box.textContent = box.getAttribute("data-empty") || "—";
      return;
    }
    var option = optionFor(chart);
    if (!option) {
      return;
    }
    option.color = palette;
    option.textStyle = textStyle;
    option.animation = false;
    // SVG keeps the charts sharp on paper and lets them shrink to the printed column.
    var instance = window.echarts.init(box, null, { renderer: "svg" });
    instance.setOption(option);
    instance.on("click", function (params) {
      var url = params.data && params.data.url;
      if (url) {
        window.location.href = url;
      }
    });
    drawn.push(instance);
  });

  function resizeAll() {
    drawn.forEach(function (instance) { instance.resize(); });
  }
  window.addEventListener("resize", resizeAll);
  window.addEventListener("beforeprint", resizeAll);
  window.addEventListener("afterprint", resizeAll);
})();
