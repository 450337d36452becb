// The trend chart: drawn by Vega-Lite (renderer svg) from the page's JSON twin, the same records
// `search trend --json` writes; Vega's expressions are interpreted, never compiled with eval, so the
// page keeps its Content-Security-Policy. Saving asks the drawn view for an SVG or PNG image.
(function () {
  "use strict";

  var UNKNOWN = "(unknown)";

  function label(value) {
    return value === null || value === undefined ? UNKNOWN : String(value);
  }

  // Every year from the first to the last is on the axis, so a year no report speaks of shows
  // as a gap instead of its neighbours closing up; unknown years come last.
  function yearDomain(values, x) {
    var years = values.map(function (row) { return Number(row[x]); }).filter(function (year) {
      return isFinite(year);
    });
    var domain = [];
    for (var year = Math.min.apply(null, years); year <= Math.max.apply(null, years); year++) {
      domain.push(String(year));
    }
    if (values.some(function (row) { return row[x] === UNKNOWN; })) { domain.push(UNKNOWN); }
    return domain;
  }

  function spec(cells, x, color, y) {
    var values = cells.map(function (cell) {
      var row = {};
      row[x] = label(cell[x]);
      if (color) { row[color] = label(cell[color]); }
      row[y] = cell[y];
      return row;
    });
    var encoding = {
      x: {field: x, type: "ordinal", sort: x === "year" ? "ascending" : "-y", title: x},
      y: {field: y, type: "quantitative", title: y}
    };
    if (x === "year" && values.length) {
      encoding.x.scale = {domain: yearDomain(values, x)};
      encoding.x.axis = {labelAngle: 0};
    }
    if (y !== "share") {
      encoding.y.axis = {format: "d", tickMinStep: 1};
    }
    if (color) {
      encoding.color = {field: color, type: "nominal", title: color};
    }
    return {
      $schema: "https://vega.github.io/schema/vega-lite/v6.json",
      width: "container",
      height: 260,
      data: {values: values},
      mark: color ? {type: "line", point: true, tooltip: true} : {type: "bar", tooltip: true},
      encoding: encoding
    };
  }

  function save(view, name, type) {
    view.toImageURL(type, type === "png" ? 2 : 1).then(function (url) {
      var link = document.createElement("a");
      link.href = url;
      link.download = name + "." + type;
      document.body.appendChild(link);
      link.click();
      link.remove();
    });
  }

  function draw(holder) {
    var x = holder.dataset.x, color = holder.dataset.color || null, y = holder.dataset.y;
    fetch(holder.dataset.src, {headers: {Accept: "application/json"}})
      .then(function (response) {
        if (!response.ok) { throw new Error("the chart's data could not be read (" + response.status + ")"); }
        return response.json();
      })
      .then(function (answer) {
        return vegaEmbed(holder, spec(answer.cells, x, color, y), {
          renderer: "svg", actions: false, defaultStyle: false, tooltip: {disableDefaultStyle: true},
          ast: true, expr: vegaInterpreter.expressionInterpreter
        });
      })
      .then(function (result) {
        ["svg", "png"].forEach(function (type) {
          var button = document.getElementById("save-" + type);
          if (!button) { return; }
          button.disabled = false;
          button.addEventListener("click", function () { save(result.view, holder.dataset.name || "trend", type); });
        });
      })
      .catch(function (error) {
        holder.textContent = String(error.message || error);
        holder.classList.add("failed");
      });
  }

  function start() {
    var holder = document.getElementById("trend-chart");
    if (holder && !holder.dataset.drawn) {
      holder.dataset.drawn = "1";
      draw(holder);
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
  // htmx swaps the page below the navigation when the form is sent: a new chart to draw.
  document.addEventListener("htmx:afterSettle", start);
  // A filter left empty is not asked for, so the address shown and shared holds only what was.
  document.addEventListener("htmx:configRequest", function (event) {
    var parameters = event.detail.parameters;
    var names = typeof parameters.keys === "function" ? Array.from(parameters.keys()) : Object.keys(parameters);
    names.forEach(function (name) {
      var value = typeof parameters.get === "function" ? parameters.get(name) : parameters[name];
      if (value === "") {
        if (typeof parameters.delete === "function") { parameters.delete(name); } else { delete parameters[name]; }
      }
    });
  });
})();
