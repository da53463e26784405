// Children's results: one line per area over the dates; falling areas thick, in warm colours, marked ↓.
(function () {
  const source = document.getElementById("results-chart-data");
  const canvas = document.getElementById("results-chart");
  if (!source || !canvas || typeof Chart === "undefined") return;
  const chart = JSON.parse(source.textContent);
  const calm = ["#0d6efd", "#6f42c1", "#20c997", "#198754", "#0dcaf0", "#6c757d"];
  const warm = ["#dc3545", "#fd7e14", "#a61e4d", "#e8590c"];
  let i = 0;
  let j = 0;
  const datasets = chart.datasets.map((d) => {
    const colour = d.falling ? warm[j++ % warm.length] : calm[i++ % calm.length];
    return {
      label: d.falling ? d.label + " ↓" : d.label,
      data: d.data,
      borderColor: colour,
      backgroundColor: colour,
      borderWidth: d.falling ? 3 : 1.5,
      pointRadius: d.falling ? 4 : 3,
      spanGaps: true,
      tension: 0,
    };
  });
  new Chart(canvas, {
    type: "line",
    data: { labels: chart.labels, datasets },
    options: {
      maintainAspectRatio: false,
      animation: false,
      interaction: { mode: "nearest", intersect: false },
      scales: { y: { beginAtZero: false, ticks: { precision: 0 } } },
      plugins: { legend: { position: "bottom" } },
    },
  });
})();
