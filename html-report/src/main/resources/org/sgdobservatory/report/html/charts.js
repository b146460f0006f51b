/* SGD Observatory report page, part 2 of 6: the chart kit over uPlot (number format, log axes, histograms,
 * series builders, and chart(), which draws one figure and counts it). It reads no report data itself.
 * Text reaches the page only through textContent (never innerHTML). */
var ObservatoryCharts = (function () {
  'use strict';
  var root = document.documentElement;
  var planned = 0;
  var drawn = 0;
  var ready = 0;
  var clipped = 0;
  var WIDTH = 540;
  var HEIGHT = 290;
  var MAX_POINTS = 2000;
  var PALETTE = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e', '#17becf', '#8c564b', '#e377c2'];
  var RUN_COLORS = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd'];
  var DASH = '\u2014';

  function finite(v) { return typeof v === 'number' && isFinite(v); }

  /** 3 significant digits, a dash when absent (the same rule as the Java side). */
  function fmt(v) {
    if (!finite(v)) { return DASH; }
    if (v === 0) { return '0'; }
    var a = Math.abs(v);
    if (a >= 1e-3 && a < 1e5) { return String(parseFloat(v.toPrecision(3))); }
    return v.toExponential(2).replace('e+', 'e').replace(/\.?0+e/, 'e');
  }
  function axisValues(u, splits) { return splits.map(function (v) { return v == null ? null : fmt(v); }); }
  /** An axis of whole numbers (iterations, lags): whole ticks, written in full. */
  var INTEGER_AXIS = {
    incrs: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1e3, 2e3, 5e3, 1e4, 2e4, 5e4, 1e5, 2e5, 5e5, 1e6, 2e6, 5e6, 1e7],
    values: function (u, splits) {
      return splits.map(function (v) { return v == null ? null : Math.abs(v) < 1e7 ? String(Math.round(v)) : fmt(v); });
    }
  };
  function log10(v) { return Math.log(v) / Math.LN10; }
  /** Pairs [x[i], y[i]] where both are finite. */
  function pairs(xs, ys) {
    var out = [];
    for (var i = 0; i < Math.min(xs.length, ys.length); i++) {
      if (finite(xs[i]) && finite(ys[i])) { out.push([xs[i], ys[i]]); }
    }
    return out;
  }
  /** Pairs [x, y] as the two columns [xs, ys] a uPlot table is made of. */
  function columns(pairList) {
    return [pairList.map(function (q) { return q[0]; }), pairList.map(function (q) { return q[1]; })];
  }
  /** "1 parameter", "2 parameters". */
  function count(n, noun) { return n + ' ' + noun + (n === 1 ? '' : 's'); }

  /** Round values of a plain (not logarithmic) range [lo, hi]: a step of 1, 2 or 5 times a power of ten. */
  function niceLinear(lo, hi) {
    var raw = (hi - lo) / 4;
    var mag = Math.pow(10, Math.floor(log10(raw)));
    var step = [5, 2, 1].map(function (m) { return m * mag; }).find(function (s) { return s <= raw; }) || mag;
    var out = [];
    for (var k = Math.ceil(lo / step - 1e-9); k * step <= hi + 1e-9 * step; k++) {
      out.push(parseFloat((k * step).toPrecision(12)));
    }
    return out;
  }

  /* Log axes: the data are log10 values on a linear scale (uPlot's own log scale loops on ranges below about
   * 1e-16, and report variances reach 1e-26). Ticks: powers of ten; under two decades also 2 and 5 times them;
   * under one decade also 3 times them; under a factor 3 every integer multiple; where that gives fewer than 3
   * ticks, round plain values. */
  function logTicks(min, max) {
    var span = max - min;
    var eps = 1e-9;
    var out = [];
    var d;
    if (!(span > 0)) { return [min]; }
    if (span >= 2) {
      var step = Math.max(1, Math.ceil(span / 6));
      for (d = Math.ceil(min / step - eps) * step; d <= max + eps; d += step) { out.push(d); }
      return out;
    }
    var multiples = span >= 1 ? [1, 2, 5] : span >= log10(3) ? [1, 2, 3, 5] : [1, 2, 3, 4, 5, 6, 7, 8, 9];
    for (d = Math.floor(min); d <= Math.ceil(max); d++) {
      multiples.forEach(function (m) {
        var v = d + log10(m);
        if (v >= min - eps && v <= max + eps) { out.push(v); }
      });
    }
    if (out.length >= 3) { return out; }
    return niceLinear(Math.pow(10, min), Math.pow(10, max)).filter(function (v) { return v > 0; }).map(log10);
  }
  function logLabel(v) {
    var r = Math.round(v);
    if (Math.abs(v - r) > 1e-9) { return fmt(Math.pow(10, v)); }
    return Math.abs(r) <= 3 ? fmt(Math.pow(10, r)) : '1e' + r;
  }
  var LOG_AXIS = {
    splits: function (u, axisIdx, min, max) { return logTicks(min, max); },
    values: function (u, splits) { return splits.map(function (v) { return v == null ? null : logLabel(v); }); }
  };

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
    var pos = (sorted.length - 1) * q;
    var lo = Math.floor(pos);
    var hi = Math.ceil(pos);
    return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
  }

  /** Equal-width bins of finite values; range 1st..99th percentile when clip, else min..max, widened to ref. */
  function histogram(values, clip, ref) {
    var v = values.filter(finite).sort(function (a, b) { return a - b; });
    if (!v.length) { return null; }
    var lo = clip ? quantile(v, 0.01) : v[0];
    var hi = clip ? quantile(v, 0.99) : v[v.length - 1];
    if (finite(ref)) { lo = Math.min(lo, ref); hi = Math.max(hi, ref); }
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

  /** Whether some y value lies outside its scale: a curve clipped at the plot edge. */
  function isClipped(u) {
    for (var s = 1; s < u.series.length; s++) {
      var sc = u.scales[u.series[s].scale];
      if (!sc || !finite(sc.min) || !finite(sc.max)) { continue; }
      var eps = 1e-9 * Math.max(1, Math.abs(sc.max - sc.min));
      var ys = u.data[s] || [];
      for (var i = 0; i < ys.length; i++) {
        if (finite(ys[i]) && (ys[i] > sc.max + eps || ys[i] < sc.min - eps)) { return true; }
      }
    }
    return false;
  }

  function onReady(fig) {
    return function (u) {
      ready++;
      root.setAttribute('data-charts-ready', String(ready));
      if (isClipped(u)) {
        clipped++;
        fig.setAttribute('data-clipped', 'true');
        root.setAttribute('data-charts-clipped', String(clipped));
      }
    };
  }

  /**
   * One figure: title, a one-sentence "how to read this", the plot, an optional note.
   * spec.build() returns {series, data, scales?, hooks?, note?, xAxis?, logX?, logY?, xInteger?} or {empty: reason}.
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
      built.logX ? LOG_AXIS : {}, built.xInteger ? INTEGER_AXIS : {}, built.xAxis || {});
    var yAxis = Object.assign({ label: spec.yLabel, values: axisValues, size: 64, stroke: '#333' },
      built.logY ? LOG_AXIS : {});
    var hooks = Object.assign({}, built.hooks || {});
    hooks.ready = [onReady(fig)];
    var opts = {
      width: WIDTH,
      height: HEIGHT,
      legend: { live: false },
      cursor: { drag: { x: false, y: false } },
      scales: built.scales || { x: { time: false } },
      series: [{ label: spec.xLabel }].concat(built.series),
      axes: [xAxis, yAxis],
      hooks: hooks
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

  /**
   * The histogram chart of one per-parameter quantity. spec: title, how, xLabel, what (plural noun), values
   * (numbers or null = not estimable), log (bin log10 of the positive values), clip (1st..99th percentile),
   * ref (a marked value, in the values' units), color.
   */
  function histogramChart(container, spec) {
    chart(container, {
      title: spec.title,
      how: spec.how,
      xLabel: spec.xLabel,
      yLabel: 'parameters (count)',
      build: function () {
        var values = spec.values;
        var absent = values.filter(function (v) { return !finite(v); }).length;
        var usable = values.filter(finite);
        var nonPositive = 0;
        if (spec.log) {
          nonPositive = usable.filter(function (v) { return !(v > 0); }).length;
          usable = usable.filter(function (v) { return v > 0; }).map(log10);
        }
        var ref = finite(spec.ref) ? (spec.log ? log10(spec.ref) : spec.ref) : null;
        var h = histogram(usable, !!spec.clip, ref);
        var notes = [];
        if (absent) {
          notes.push(absent + ' of ' + count(values.length, 'parameter') + (absent === 1 ? ' has' : ' have')
            + ' no estimate (not estimable) and ' + (absent === 1 ? 'is' : 'are') + ' not counted.');
        }
        if (nonPositive) { notes.push(count(nonPositive, 'value') + ' \u2264 0 cannot be drawn on a log axis.'); }
        if (!h) { return { empty: 'no ' + spec.what + (absent ? ' (' + absent + ' not estimable)' : '') }; }
        if (h.outside) { notes.push(h.outside + ' of ' + h.n + ' values outside the 1st\u201399th percentile are not shown.'); }
        return { data: [h.centers, h.counts], series: [barSeries('parameters', spec.color)],
          scales: { x: { time: false, range: [h.lo, h.hi] } }, logX: !!spec.log,
          hooks: ref === null ? {} : { draw: [verticalLine(ref, '#222')] },
          note: notes.join(' ') || null };
      }
    });
  }

  return {
    counts: function () { return { planned: planned, drawn: drawn }; },
    MAX_POINTS: MAX_POINTS,
    PALETTE: PALETTE,
    RUN_COLORS: RUN_COLORS,
    finite: finite,
    fmt: fmt,
    log10: log10,
    pairs: pairs,
    columns: columns,
    count: count,
    logTicks: logTicks,
    logLabel: logLabel,
    el: el,
    sample: sample,
    pointSeries: pointSeries,
    lineSeries: lineSeries,
    barSeries: barSeries,
    verticalLine: verticalLine,
    band: band,
    chart: chart,
    scatter: scatter,
    histogramChart: histogramChart
  };
})();
