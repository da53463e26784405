// Draw the results' charts with Chart.js from the data the page embeds with json_script.
(function () {
  const source = document.getElementById("chart-data");
  if (!source || typeof Chart === "undefined") return;
  const charts = JSON.parse(source.textContent);
  const palette = ["#0d6efd", "#6f42c1", "#20c997", "#fd7e14", "#d63384", "#198754", "#ffc107", "#0dcaf0", "#6c757d", "#dc3545", "#adb5bd"];
  const ordinal = (n) => {
    // From red through yellow to green: a scale's low values to its high ones.
    const hue = (i) => (n === 1 ? 120 : Math.round((120 * i) / (n - 1)));
    return Array.from({ length: n }, (_, i) => `hsl(${hue(i)}, 65%, 48%)`);
  };
  const wrap = (label) => {
    // Long option texts break into lines of about 40 characters.
    const words = String(label).split(" ");
    const lines = [];
    let line = "";
    for (const word of words) {
      if ((line + " " + word).trim().length > 40 && line) { lines.push(line); line = word; }
      else { line = (line + " " + word).trim(); }
    }
    if (line) lines.push(line);
    return lines;
  };
  for (const [id, chart] of Object.entries(charts)) {
    const canvas = document.getElementById(id);
    if (!canvas) continue;
    const labels = chart.labels.map(wrap);
    let config;
    if (chart.type === "stacked") {
      const colours = chart.ordinal ? ordinal(chart.datasets.length) : palette;
      config = {
        type: "bar",
        data: {
          labels,
          datasets: chart.datasets.map((d, i) => ({ label: d.label, data: d.data, backgroundColor: colours[i % colours.length] })),
        },
        options: {
          indexAxis: "y",
          maintainAspectRatio: false,
          scales: { x: { stacked: true, ticks: { precision: 0 } }, y: { stacked: true, ticks: { autoSkip: false } } },
          plugins: { legend: { position: "bottom" } },
        },
      };
      canvas.parentElement.style.height = Math.max(160, 48 * labels.length + 60) + "px";
    } else {
      const horizontal = chart.type === "hbar";
      config = {
        type: "bar",
        data: { labels, datasets: [{ data: chart.data, backgroundColor: palette[0] }] },
        options: {
          indexAxis: horizontal ? "y" : "x",
          maintainAspectRatio: false,
          scales: {
            [horizontal ? "x" : "y"]: { beginAtZero: true, ticks: { precision: 0 } },
            [horizontal ? "y" : "x"]: { ticks: { autoSkip: false } },
          },
          plugins: { legend: { display: false } },
        },
      };
      canvas.parentElement.style.height = (horizontal ? Math.max(140, 40 * labels.length + 40) : 220) + "px";
    }
    new Chart(canvas, config);
  }
})();
