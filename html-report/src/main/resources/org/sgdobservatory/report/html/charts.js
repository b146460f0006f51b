/* SGD Observatory report page, part 1 of 3: the chart kit over uPlot (tolerant readers, number format,
 * histograms, least squares, series builders, and chart(), which draws one figure and counts it).
 * Text from the report only ever reaches the page through textContent (never innerHTML). */
var ObservatoryCharts = (function () {
  'use strict';
  var planned = 0;
  var drawn = 0;
  var WIDTH = 540;
  var HEIGHT = 290;
  var MAX_POINTS = 2000;
  var PALETTE = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e', '#17becf', '#8c564b', '#e377c2'];
  var RUN_COLORS = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd'];

  // ---- tolerant readers: anything absent, null, non-finite or of the wrong type reads as "absent" ----
  function num(v) { return typeof v === 'number' && isFinite(v) ? v : null; }
  function arr(v) { return Array.isArray(v) ? v : []; }
  function obj(v) { return v !== null && typeof v === 'object' && !Array.isArray(v) ? v : {}; }
  function str(v) { return typeof v === 'string' ? v : (typeof v === 'number' ? String(v) : ''); }

  /** 3 significant digits, '—' when absent (same rule as the Java side). */
  function fmt(v) {
    v = num(v);
    if (v === null) { return '\u2014'; }
    if (v === 0) { return '0'; }
    var a = Math.abs(v);
    if (a >= 1e-3 && a < 1e5) { return String(parseFloat(v.toPrecision(3))); }
    return v.toExponential(2).replace('e+', 'e').replace(/\.?0+e/, 'e');
  }
  function axisValues(u, splits) { return splits.map(function (v) { return v == null ? null : fmt(v); }); }

  /* Log axes: the data are log10 values on a linear scale and the ticks are labelled as powers of ten.
   * (uPlot's own log scale rounds ticks with a table that ends near 1e-16, and loops below it; report
   * variances reach 1e-26.) */
  function decade(v) {
    var r = Math.round(v);
    if (Math.abs(v - r) > 1e-9) { return fmt(Math.pow(10, v)); }
    return Math.abs(r) <= 3 ? fmt(Math.pow(10, r)) : '1e' + r;
  }
  var LOG_AXIS = {
    incrs: [0.5, 1, 2, 3, 5, 10, 20, 50, 100],
    values: function (u, splits) { return splits.map(function (v) { return v == null ? null : decade(v); }); }
  };
  function log10(v) { return Math.log(v) / Math.LN10; }

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text != null) { e.textContent = text; }
    return e;
  }

  /** Every k-th element so that at most max remain (deterministic). */
  function sample(list, max) {
    if (list.length <= max) { return list; }
    var out = [];
    var step = list.length / max;
    for (var i = 0; i < max; i++) { out.push(list[Math.floor(i * step)]); }
    return out;
  }

  function quantile(sorted, q) {
    if (!sorted.length) { return null; }
    var pos = (sorted.length - 1) * q;
    var lo = Math.floor(pos);
    var hi = Math.ceil(pos);
    return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
  }

  /** Equal-width histogram; range = 1st..99th percentile when clip, else min..max (widened to include ref). */
  function histogram(values, clip, ref) {
    var v = values.filter(function (x) { return num(x) !== null; }).slice().sort(function (a, b) { return a - b; });
    if (!v.length) { return null; }
    var lo = clip ? quantile(v, 0.01) : v[0];
    var hi = clip ? quantile(v, 0.99) : v[v.length - 1];
    if (ref != null) { lo = Math.min(lo, ref); hi = Math.max(hi, ref); }
    if (!(hi > lo)) { var pad = Math.abs(lo) * 0.1 || 0.5; lo -= pad; hi += pad; }
    var bins = Math.max(8, Math.min(40, Math.ceil(Math.sqrt(v.length))));
    var width = (hi - lo) / bins;
    var counts = new Array(bins).fill(0);
    var outside = 0;
    v.forEach(function (x) {
      if (x < lo || x > hi) { outside++; return; }
      counts[Math.min(bins - 1, Math.floor((x - lo) / width))]++;
    });
    var centers = counts.map(function (_, i) { return lo + (i + 0.5) * width; });
    return { lo: lo, hi: hi, centers: centers, counts: counts, n: v.length, outside: outside };
  }

  function fitLine(xs, ys) {
    var n = xs.length;
    if (n < 3) { return null; }
    var mx = 0, my = 0, sxx = 0, sxy = 0, rss = 0, i;
    for (i = 0; i < n; i++) { mx += xs[i]; my += ys[i]; }
    mx /= n; my /= n;
    for (i = 0; i < n; i++) { sxx += (xs[i] - mx) * (xs[i] - mx); sxy += (xs[i] - mx) * (ys[i] - my); }
    if (!(sxx > 0)) { return null; }
    var slope = sxy / sxx;
    var intercept = my - slope * mx;
    for (i = 0; i < n; i++) { var r = ys[i] - intercept - slope * xs[i]; rss += r * r; }
    return { slope: slope, intercept: intercept, se: Math.sqrt(rss / (n - 2) / sxx), mx: mx, my: my, n: n };
  }

  // ---- series builders ----
  function pointSeries(label, color) {
    return { label: label, stroke: color, fill: color, paths: function () { return null; },
      points: { show: true, size: 5, width: 1, stroke: color, fill: color + '66' } };
  }
  function lineSeries(label, color, dash, width) {
    return { label: label, stroke: color, width: width || 1.5, dash: dash || undefined, spanGaps: true,
      points: { show: false } };
  }
  function barSeries(label, color) {
    return { label: label, stroke: color, fill: color + '55', width: 1, points: { show: false },
      paths: uPlot.paths.bars({ size: [0.92, Infinity], align: 0 }) };
  }

  /** A dashed vertical reference line at x = value (a uPlot draw hook). */
  function verticalLine(value, color) {
    return function (u) {
      var x = u.valToPos(value, 'x', true);
      if (!(x >= u.bbox.left && x <= u.bbox.left + u.bbox.width)) { return; }
      var c = u.ctx;
      c.save();
      c.strokeStyle = color;
      c.lineWidth = 1.5 * (window.devicePixelRatio || 1);
      c.setLineDash([6, 4]);
      c.beginPath();
      c.moveTo(x, u.bbox.top);
      c.lineTo(x, u.bbox.top + u.bbox.height);
      c.stroke();
      c.restore();
    };
  }

  /** A translucent band between x = a and x = b (e.g. the observation window on the loss curve). */
  function band(a, b, color) {
    return function (u) {
      var x0 = Math.max(u.bbox.left, u.valToPos(a, 'x', true));
      var x1 = Math.min(u.bbox.left + u.bbox.width, u.valToPos(b, 'x', true));
      if (!(x1 > x0)) { return; }
      u.ctx.save();
      u.ctx.fillStyle = color;
      u.ctx.fillRect(x0, u.bbox.top, x1 - x0, u.bbox.height);
      u.ctx.restore();
    };
  }

  /**
   * One figure: title, a one-sentence "how to read this", the plot, an optional note.
   * spec.build() returns {series, data, scales?, hooks?, note?, xAxis?} or {empty: reason}.
   */
  function chart(container, spec) {
    var fig = el('figure', 'chart');
    fig.appendChild(el('figcaption', null, spec.title));
    fig.appendChild(el('p', 'how', 'How to read: ' + spec.how));
    var holder = el('div', 'plot');
    fig.appendChild(holder);
    container.appendChild(fig);
    var built;
    try {
      built = spec.build();
    } catch (e) {
      console.error('chart "' + spec.title + '" could not prepare its data: ' + (e && e.stack || e));
      built = { empty: 'the page could not prepare this chart (see the console)' };
    }
    if (!built || built.empty) {
      holder.className = 'plot empty';
      holder.textContent = 'Nothing to draw: ' + ((built && built.empty) || 'no data');
      return;
    }
    if (built.note) { fig.appendChild(el('p', 'note', built.note)); }
    planned++;
    var xAxis = Object.assign({ label: spec.xLabel, values: axisValues, stroke: '#333' },
      built.logX ? LOG_AXIS : {}, built.xAxis || {});
    var yAxis = Object.assign({ label: spec.yLabel, values: axisValues, size: 64, stroke: '#333' },
      built.logY ? LOG_AXIS : {});
    var opts = {
      width: WIDTH,
      height: HEIGHT,
      legend: { live: false },
      cursor: { drag: { x: false, y: false } },
      scales: built.scales || { x: { time: false } },
      series: [{ label: spec.xLabel }].concat(built.series),
      axes: [xAxis, yAxis],
      hooks: built.hooks || {}
    };
    try {
      new uPlot(opts, built.data, holder);
      drawn++;
    } catch (e) {
      console.error('chart "' + spec.title + '" failed: ' + (e && e.stack || e));
    }
  }

  /** Scatter of groups plus straight reference lines, aligned for uPlot with uPlot.join. */
  function scatter(groups, lines) {
    var tables = [];
    var series = [];
    groups.forEach(function (g) {
      if (g.x.length) { tables.push([g.x, g.y]); series.push(pointSeries(g.label, g.color)); }
    });
    if (!tables.length) { return null; }
    lines.forEach(function (l) { tables.push([l.x, l.y]); series.push(lineSeries(l.label, l.color, l.dash, l.width)); });
    return { data: uPlot.join(tables), series: series };
  }


  return {
    counts: function () { return { planned: planned, drawn: drawn }; },
    MAX_POINTS: MAX_POINTS,
    PALETTE: PALETTE,
    RUN_COLORS: RUN_COLORS,
    num: num,
    arr: arr,
    obj: obj,
    str: str,
    fmt: fmt,
    log10: log10,
    el: el,
    sample: sample,
    histogram: histogram,
    fitLine: fitLine,
    pointSeries: pointSeries,
    lineSeries: lineSeries,
    barSeries: barSeries,
    verticalLine: verticalLine,
    band: band,
    chart: chart,
    scatter: scatter
  };
})();
