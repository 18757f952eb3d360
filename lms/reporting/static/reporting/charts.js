// Draws a Chart.js chart beside each report table marked data-chart, from the table's own figures.
// The table stays the accessible version; without JavaScript there is no chart. Series differ by
// line dash, point shape and bar pattern as well as colour, so colour is never the only difference.
(function () {
  if (typeof window.Chart === "undefined") return;
  var colours = ["#3d2b63", "#00703c", "#d4351c", "#1d70b8", "#f47738", "#505a5f"];
  var dashes = [[], [8, 4], [2, 3], [12, 4, 2, 4], [4, 8], [1, 1]];
  var points = ["circle", "rect", "triangle", "rectRot", "crossRot", "star"];

  function pattern(index, colour) {
    var size = 10;
    var canvas = document.createElement("canvas");
    canvas.width = canvas.height = size;
    var ctx = canvas.getContext("2d");
    ctx.fillStyle = colour;
    ctx.globalAlpha = 0.35;
    ctx.fillRect(0, 0, size, size);
    ctx.globalAlpha = 1;
    ctx.strokeStyle = colour;
    ctx.fillStyle = colour;
    ctx.lineWidth = 2;
    var kind = index % 4;
    ctx.beginPath();
    if (kind === 0) { ctx.fillRect(0, 0, size, size); }
    else if (kind === 1) { ctx.moveTo(0, size); ctx.lineTo(size, 0); ctx.stroke(); }
    else if (kind === 2) { ctx.arc(size / 2, size / 2, 2, 0, 2 * Math.PI); ctx.fill(); }
    else { ctx.moveTo(0, size / 2); ctx.lineTo(size, size / 2); ctx.moveTo(size / 2, 0); ctx.lineTo(size / 2, size); ctx.stroke(); }
    return ctx.createPattern(canvas, "repeat");
  }

  function number(text) {
    var value = parseFloat(text.replace(/,/g, ""));
    return isNaN(value) ? null : value;
  }

  function read(table) {
    var headers = Array.prototype.slice.call(table.querySelectorAll("thead th"));
    var keep = [];
    headers.forEach(function (th, i) { if (i > 0 && !th.hasAttribute("data-chart-skip")) keep.push(i); });
    var rows = Array.prototype.slice.call(table.querySelectorAll("tbody tr")).filter(function (tr) {
      return !tr.hasAttribute("data-chart-skip");
    });
    return {
      columns: keep.map(function (i) { return headers[i].textContent.trim(); }),
      rows: rows.map(function (tr) {
        var cells = tr.children;
        return {
          label: cells[0].textContent.trim(),
          values: keep.map(function (i) { return number(cells[i].textContent); })
        };
      })
    };
  }

  function draw(table) {
    var box = document.querySelector('[data-chart-for="' + table.id + '"]');
    if (!box) return;
    var kind = table.getAttribute("data-chart");
    var data = read(table);
    if (!data.rows.length || !data.columns.length) return;
    var labels, datasets;
    if (kind === "line") {
      // Each row is a series over the columns (quarters).
      labels = data.columns;
      datasets = data.rows.map(function (row, i) {
        var colour = colours[i % colours.length];
        return {
          label: row.label, data: row.values, borderColor: colour, backgroundColor: colour,
          borderDash: dashes[i % dashes.length], pointStyle: points[i % points.length], pointRadius: 5, tension: 0
        };
      });
    } else {
      // Each column is a series over the rows (organisations, modules, year groups).
      labels = data.rows.map(function (row) { return row.label; });
      datasets = data.columns.map(function (column, i) {
        var colour = colours[i % colours.length];
        return {
          label: column, data: data.rows.map(function (row) { return row.values[i]; }),
          backgroundColor: pattern(i, colour), borderColor: colour, borderWidth: 2
        };
      });
    }
    var canvas = document.createElement("canvas");
    canvas.setAttribute("role", "img");
    canvas.setAttribute("aria-label", "Chart of " + table.getAttribute("data-chart-title") +
      ". The same figures are in the table beside it.");
    box.appendChild(canvas);
    box.hidden = false;
    new window.Chart(canvas, {
      type: kind === "line" ? "line" : "bar",
      data: { labels: labels, datasets: datasets },
      options: {
        responsive: true, maintainAspectRatio: false, animation: false,
        plugins: { legend: { position: "bottom", labels: { usePointStyle: kind === "line" } } },
        scales: { y: { beginAtZero: true } }
      }
    });
  }

  Array.prototype.forEach.call(document.querySelectorAll("table[data-chart]"), draw);
})();
