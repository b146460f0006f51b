/* SGD Observatory report page: draws the charts with uPlot from the embedded report data.
 * Text from the report only ever reaches the page through textContent (never innerHTML).
 * The root element records data-charts-planned (charts this script meant to draw) and
 * data-charts-drawn (charts uPlot built); the browser test compares them with the canvases. */
(function () {
  'use strict';
  var root = document.documentElement;
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

  // ---- per-run charts ----
  function groupColors(obs) {
    var colors = {};
    arr(obs.groups).forEach(function (g, i) { colors[str(g.key)] = PALETTE[i % PALETTE.length]; });
    arr(obs.parameters).forEach(function (p) {
      var k = str(p.key);
      if (!(k in colors)) { colors[k] = PALETTE[Object.keys(colors).length % PALETTE.length]; }
    });
    return colors;
  }

  /** Parameters grouped by key, sampled to at most MAX_POINTS overall, with (x, y) = pick(p). */
  function pointsByGroup(obs, colors, pick) {
    var pairs = [];
    arr(obs.parameters).forEach(function (p) {
      var xy = pick(p);
      if (xy) { pairs.push({ key: str(p.key), x: xy[0], y: xy[1] }); }
    });
    var kept = sample(pairs, MAX_POINTS);
    var groups = {};
    kept.forEach(function (q) {
      if (!groups[q.key]) { groups[q.key] = { label: q.key, color: colors[q.key] || '#555', x: [], y: [] }; }
      groups[q.key].x.push(q.x);
      groups[q.key].y.push(q.y);
    });
    return { groups: Object.keys(groups).map(function (k) { return groups[k]; }), total: pairs.length, shown: kept.length };
  }

  function sampledNote(pg, what) {
    return pg.shown < pg.total ? 'Showing ' + pg.shown + ' of ' + pg.total + ' ' + what + ' (every k-th, deterministic).' : null;
  }

  /** Which prediction the variance charts use: the order-specific one, or the i.i.d. one when only that exists. */
  function predictionBasis(obs) {
    var ps = arr(obs.parameters);
    var own = ps.some(function (p) { return num(p.predictedVariance) > 0; });
    var iid = ps.some(function (p) { return num(p.predictedVarianceIid) > 0; });
    return own ? { field: 'predictedVariance', name: 'predicted variance', note: null }
      : iid ? { field: 'predictedVarianceIid', name: 'i.i.d.-model predicted variance',
        note: 'No prediction exists for the data order used, so this uses the lecture\u2019s i.i.d.-minibatch prediction.' }
        : null;
  }

  function varianceCharts(box, obs, colors) {
    var basis = predictionBasis(obs);
    chart(box, {
      title: 'Observed vs predicted variance, by group',
      how: 'each dot is one tracked parameter; dots on the dashed y = x line are predicted exactly, dots above it spread more than the theory says.',
      xLabel: (basis ? basis.name : 'predicted variance') + ' (θ units², log scale)',
      yLabel: 'observed variance (θ units², log)',
      build: function () {
        if (!basis) { return { empty: 'no parameter has a prediction' }; }
        var pg = pointsByGroup(obs, colors, function (p) {
          var x = num(p[basis.field]);
          var y = num(p.variance);
          return x > 0 && y > 0 ? [log10(x), log10(y)] : null;
        });
        var all = [];
        pg.groups.forEach(function (g) { all = all.concat(g.x, g.y); });
        if (!all.length) { return { empty: 'no parameter has a positive observed and predicted variance' }; }
        var lo = Math.min.apply(null, all);
        var hi = Math.max.apply(null, all);
        var s = scatter(pg.groups, [{ label: 'y = x', x: [lo, hi], y: [lo, hi], color: '#222', dash: [6, 4] }]);
        var notes = [basis.note, sampledNote(pg, 'parameters')].filter(function (n) { return n; });
        return { data: s.data, series: s.series, logX: true, logY: true, note: notes.join(' ') || null };
      }
    });
    chart(box, {
      title: 'Distribution of log10(observed / predicted)',
      how: '0 (dashed) means the prediction is exact; +1 means ten times the predicted spread, -1 a tenth of it.',
      xLabel: 'log10(observed / predicted variance)',
      yLabel: 'parameters (count)',
      build: function () {
        if (!basis) { return { empty: 'no parameter has a prediction' }; }
        var logs = [];
        arr(obs.parameters).forEach(function (p) {
          var x = num(p[basis.field]);
          var y = num(p.variance);
          if (x > 0 && y > 0) { logs.push(log10(y / x)); }
        });
        var h = histogram(logs, false, 0);
        if (!h) { return { empty: 'no parameter has a positive observed and predicted variance' }; }
        return { data: [h.centers, h.counts], series: [barSeries('parameters', '#1f77b4')],
          scales: { x: { time: false, range: [h.lo, h.hi] } }, hooks: { draw: [verticalLine(0, '#222')] },
          note: 'Basis: ' + basis.name + ', ' + h.n + ' parameters.' + (basis.note ? ' ' + basis.note : '') };
      }
    });
  }

  function temperatureChart(box, run, obs, colors) {
    var theory = { sgd: 1, rmsprop: 0.5, varnorm: 0 }[str(run.optimizer).toLowerCase()];
    chart(box, {
      title: 'Temperature vs gradient noise (log-log)',
      how: 'the solid line is the fit across parameters; SGD theory gives slope 1, RMSProp about 1/2, and a single shared temperature (Gibbs) slope 0 — compare the fit with the dashed theory lines.',
      xLabel: 'gradient noise σ²_B (gradient units², log scale)',
      yLabel: 'T = h·Var (loss units)',
      build: function () {
        var pg = pointsByGroup(obs, colors, function (p) {
          var x = num(p.gradientNoiseVariance);
          var y = num(p.temperature);
          return x > 0 && y > 0 ? [log10(x), log10(y)] : null;
        });
        if (!pg.total) { return { empty: 'no parameter has a positive temperature and noise' }; }
        var lx = [], ly = [];
        arr(obs.parameters).forEach(function (p) {
          var x = num(p.gradientNoiseVariance);
          var y = num(p.temperature);
          if (x > 0 && y > 0) { lx.push(log10(x)); ly.push(log10(y)); }
        });
        var xs = [];
        pg.groups.forEach(function (g) { xs = xs.concat(g.x); });
        var x0 = Math.min.apply(null, xs);
        var x1 = Math.max.apply(null, xs);
        var f = fitLine(lx, ly);
        var lines = [];
        var cx = f ? f.mx : lx.reduce(function (a, b) { return a + b; }, 0) / lx.length;
        var cy = f ? f.my : ly.reduce(function (a, b) { return a + b; }, 0) / ly.length;
        function through(slope, intercept) {
          return [x0, x1].map(function (x) { return intercept + slope * x; });
        }
        if (f) {
          lines.push({ label: 'fit: slope ' + fmt(f.slope) + ' ± ' + fmt(f.se), x: [x0, x1], y: through(f.slope, f.intercept), color: '#000', width: 2 });
        }
        [[1, '#2ca02c'], [0.5, '#ff7f0e'], [0, '#7f7f7f']].forEach(function (t) {
          lines.push({ label: 'slope ' + t[0] + (t[0] === theory ? ' (theory)' : ''), x: [x0, x1],
            y: through(t[0], cy - t[0] * cx), color: t[1], dash: [6, 4] });
        });
        var s = scatter(pg.groups, lines);
        var dropped = arr(obs.parameters).length - pg.total;
        return { data: s.data, series: s.series, logX: true, logY: true,
          note: (sampledNote(pg, 'parameters') || '') + (dropped > 0 ? ' ' + dropped
            + ' parameters with T ≤ 0 (negative curvature) or no noise cannot be drawn on log axes.' : '') +
            ' Theory lines pass through the centroid of the points.' };
      }
    });
  }

  function lossChart(box, run, obs) {
    var curve = obj(obj(run.training).lossCurve);
    var window = obj(obs.window);
    chart(box, {
      title: 'Training loss',
      how: 'the loss should flatten before the shaded observation window starts; a loss still falling inside it means the run is not stationary yet.',
      xLabel: 'iteration',
      yLabel: 'loss (loss units)',
      build: function () {
        var its = arr(curve.iteration);
        var losses = arr(curve.loss);
        var x = [], y = [];
        for (var i = 0; i < Math.min(its.length, losses.length); i++) {
          if (num(its[i]) !== null && num(losses[i]) !== null) { x.push(its[i]); y.push(losses[i]); }
        }
        if (x.length < 2) { return { empty: 'no loss curve in the report' }; }
        var kept = sample(x.map(function (v, i) { return [v, y[i]]; }), MAX_POINTS);
        var positive = kept.every(function (q) { return q[1] > 0; });
        var hooks = {};
        if (num(window.startIteration) !== null && num(window.lastIteration) !== null) {
          hooks.drawClear = [band(window.startIteration, window.lastIteration, 'rgba(255, 165, 0, 0.15)')];
        }
        return { data: [kept.map(function (q) { return q[0]; }), kept.map(function (q) { return positive ? log10(q[1]) : q[1]; })],
          series: [lineSeries('loss', '#1f77b4', null, 1)],
          scales: { x: { time: false } }, logY: positive, hooks: hooks,
          note: positive ? 'Logarithmic loss axis. Shaded: the observation window.' : 'Shaded: the observation window.' };
      }
    });
  }

  function closeUpCharts(box, obs) {
    var closeUps = arr(obs.closeUps);
    if (!closeUps.length) {
      box.appendChild(el('p', 'empty', 'No close-ups in this report (listener reports before schema v2 have none).'));
      return;
    }
    closeUps.forEach(function (cu) {
      cu = obj(cu);
      var name = str(cu.key) + '[' + str(cu.index) + ']';
      var param = arr(obs.parameters).find(function (p) { return str(p.key) === str(cu.key) && p.index === cu.index; }) || {};
      var head = el('h5', 'closeup', 'Close-up ' + name + (cu.updater ? ' (' + str(cu.updater) + ')' : ''));
      box.appendChild(head);
      if (cu.reason) { box.appendChild(el('p', 'reason', 'Why this one: ' + str(cu.reason))); }
      var grid = el('div', 'grid');
      box.appendChild(grid);
      chart(grid, {
        title: name + ': trace over the window',
        how: 'a stationary parameter wanders around a fixed mean (dashed) with a constant spread; a trend means drift.',
        xLabel: 'iteration',
        yLabel: 'θ (parameter value)',
        build: function () {
          var its = arr(cu.traceIterations);
          var tr = arr(cu.trace);
          var pairs = [];
          for (var i = 0; i < Math.min(its.length, tr.length); i++) {
            if (num(its[i]) !== null && num(tr[i]) !== null) { pairs.push([its[i], tr[i]]); }
          }
          if (pairs.length < 2) { return { empty: 'no trace recorded' }; }
          pairs = sample(pairs, MAX_POINTS);
          var x = pairs.map(function (q) { return q[0]; });
          var series = [lineSeries('θ', '#1f77b4', null, 1)];
          var data = [x, pairs.map(function (q) { return q[1]; })];
          var mean = num(param.mean);
          if (mean !== null) {
            series.push(lineSeries('window mean', '#222', [6, 4]));
            data.push(x.map(function () { return mean; }));
          }
          return { data: data, series: series, scales: { x: { time: false } } };
        }
      });
      chart(grid, {
        title: name + ': histogram vs predicted and Gibbs densities',
        how: 'bars are the observed density of θ; the theory holds when the predicted curve (and, for one temperature, the Gibbs curve) follows the bars.',
        xLabel: 'θ (parameter value)',
        yLabel: 'density (1 / θ units)',
        build: function () {
          var hist = obj(cu.histogram);
          var counts = arr(hist.counts).map(function (c) { return num(c) || 0; });
          var lo = num(hist.low);
          var hi = num(hist.high);
          var density = obj(cu.density);
          var gx = arr(density.x);
          var tables = [];
          var series = [];
          if (counts.length && lo !== null && hi !== null && hi > lo) {
            var n = counts.reduce(function (a, b) { return a + b; }, 0);
            var w = (hi - lo) / counts.length;
            tables.push([counts.map(function (_, i) { return lo + (i + 0.5) * w; }),
              counts.map(function (c) { return n > 0 ? c / (n * w) : 0; })]);
            series.push(barSeries('observed', '#1f77b4'));
          }
          [['predicted', '#d62728', null], ['gibbs', '#2ca02c', [6, 4]]].forEach(function (d) {
            var ys = arr(density[d[0]]);
            if (ys.length && ys.length === gx.length) {
              var px = [], py = [];
              gx.forEach(function (x, i) { if (num(x) !== null && num(ys[i]) !== null) { px.push(x); py.push(ys[i]); } });
              if (px.length) {
                tables.push([px, py]);
                series.push(lineSeries(d[0] === 'predicted' ? 'predicted (sim-core)' : 'Gibbs (loss slice, T = '
                  + fmt(cu.gibbsTemperature) + ')', d[1], d[2], 2));
              }
            }
          });
          if (!tables.length) { return { empty: 'no histogram and no densities' }; }
          var missing = [];
          if (!arr(density.predicted).length) { missing.push('no predicted density (not predicted)'); }
          if (!arr(density.gibbs).length) { missing.push('no Gibbs density (no loss slice)'); }
          return { data: uPlot.join(tables), series: series, scales: { x: { time: false } },
            note: [str(cu.densityBasis).replace(/\.?\s*$/, '.'), missing.length ? missing.join('; ') + '.' : '']
              .filter(function (n) { return n.length > 1; }).join(' ') || null };
        }
      });
      chart(grid, {
        title: name + ': loss along this parameter',
        how: 'ΔL = L(mean + t) − L(mean) when only this parameter moves from its window mean; its curvature at 0 is h, and exp(−ΔL/T) is the Gibbs density.',
        xLabel: 'offset t = θ − mean (θ units)',
        yLabel: 'ΔL (loss units)',
        build: function () {
          var sl = obj(cu.slice);
          var t = arr(sl.offset);
          var l = arr(sl.loss);
          var x = [], y = [];
          for (var i = 0; i < Math.min(t.length, l.length); i++) {
            if (num(t[i]) !== null && num(l[i]) !== null) { x.push(t[i]); y.push(l[i]); }
          }
          if (x.length < 2) { return { empty: 'no loss slice (slices were off)' }; }
          return { data: [x, y], series: [lineSeries('ΔL', '#9467bd', null, 2)], scales: { x: { time: false } } };
        }
      });
    });
  }

  function stationarityCharts(box, obs) {
    var ps = arr(obs.parameters);
    chart(box, {
      title: 'Fluctuation-dissipation ratio',
      how: 'the ratio 2E[(θ−mean)u]/E[u²] is 1 (dashed) for a stationary parameter; mass away from 1 means drift.',
      xLabel: 'FDR ratio (dimensionless)',
      yLabel: 'parameters (count)',
      build: function () {
        var h = histogram(ps.map(function (p) { return num(p.fluctuationDissipationRatio); }), true, 1);
        if (!h) { return { empty: 'no FDR ratios' }; }
        return { data: [h.centers, h.counts], series: [barSeries('parameters', '#8c564b')],
          scales: { x: { time: false, range: [h.lo, h.hi] } }, hooks: { draw: [verticalLine(1, '#222')] },
          note: h.outside ? h.outside + ' of ' + h.n + ' values outside the 1st–99th percentile are not shown.' : null };
      }
    });
    chart(box, {
      title: 'Autocorrelation of the close-ups',
      how: 'how fast each parameter forgets where it was; the area under a curve (×2, minus 1) is its integrated autocorrelation time.',
      xLabel: 'lag (observation steps)',
      yLabel: 'autocorrelation ρ',
      build: function () {
        var tables = [];
        var series = [];
        arr(obs.closeUps).forEach(function (cu, i) {
          var acf = arr(obj(cu).autocorrelation);
          var x = [], y = [];
          acf.forEach(function (v, k) { if (num(v) !== null) { x.push(k); y.push(v); } });
          if (x.length) {
            tables.push([x, y]);
            series.push(lineSeries(str(cu.key) + '[' + str(cu.index) + ']', PALETTE[i % PALETTE.length], null, 2));
          }
        });
        if (!tables.length) { return { empty: 'no close-up autocorrelations' }; }
        return { data: uPlot.join(tables), series: series, scales: { x: { time: false } } };
      }
    });
    chart(box, {
      title: 'Integrated autocorrelation times',
      how: 'τ = 1 + 2Σρ_k observation steps between effectively independent samples; the effective sample size is window / τ.',
      xLabel: 'log10 τ (observation steps)',
      yLabel: 'parameters (count)',
      build: function () {
        var logs = [];
        ps.forEach(function (p) { var t = num(p.integratedAutocorrelationTime); if (t > 0) { logs.push(log10(t)); } });
        var h = histogram(logs, false, null);
        if (!h) { return { empty: 'no autocorrelation times' }; }
        return { data: [h.centers, h.counts], series: [barSeries('parameters', '#17becf')],
          scales: { x: { time: false, range: [h.lo, h.hi] } } };
      }
    });
  }

  function noiseCharts(box, obs) {
    var ps = arr(obs.parameters);
    chart(box, {
      title: 'Gradient-noise excess kurtosis',
      how: '0 (dashed) is Gaussian noise, as the lecture assumes; large values mean rare big minibatch gradients.',
      xLabel: 'excess kurtosis of the minibatch noise (dimensionless)',
      yLabel: 'parameters (count)',
      build: function () {
        var h = histogram(ps.map(function (p) { return num(p.gradientNoiseExcessKurtosis); }), true, 0);
        if (!h) { return { empty: 'no kurtosis estimates' }; }
        return { data: [h.centers, h.counts], series: [barSeries('parameters', '#e377c2')],
          scales: { x: { time: false, range: [h.lo, h.hi] } }, hooks: { draw: [verticalLine(0, '#222')] },
          note: h.outside ? h.outside + ' of ' + h.n + ' values outside the 1st–99th percentile are not shown.' : null };
      }
    });
    chart(box, {
      title: 'Gradient-noise tail index (Hill)',
      how: 'below 2 (dashed) the noise has infinite variance and the Gaussian theory fails; Gaussian noise gives large values.',
      xLabel: 'tail index of |g_i − mean| (dimensionless)',
      yLabel: 'parameters (count)',
      build: function () {
        var h = histogram(ps.map(function (p) { return num(p.gradientNoiseTailIndex); }), false, 2);
        if (!h) { return { empty: 'no tail index estimates (listener reports before schema v2 have none)' }; }
        return { data: [h.centers, h.counts], series: [barSeries('parameters', '#bcbd22')],
          scales: { x: { time: false, range: [h.lo, h.hi] } }, hooks: { draw: [verticalLine(2, '#222')] } };
      }
    });
  }

  function section(parent, title, text) {
    var s = el('div', 'topic');
    s.appendChild(el('h4', null, title));
    if (text) { s.appendChild(el('p', 'how', text)); }
    var grid = el('div', 'grid');
    s.appendChild(grid);
    parent.appendChild(s);
    return grid;
  }

  function runCharts(container, run, index) {
    run = obj(run);
    var obs = obj(run.observatory);
    var colors = groupColors(obs);
    var box = el('section', 'run');
    box.appendChild(el('h3', null, 'Run: ' + (str(run.label) || 'run ' + (index + 1))));
    container.appendChild(box);
    var variance = section(box, 'Spread: observed vs predicted');
    varianceCharts(variance, obs, colors);
    var temp = section(box, 'Temperatures and training');
    temperatureChart(temp, run, obs, colors);
    lossChart(temp, run, obs);
    var close = el('div', 'topic');
    close.appendChild(el('h4', null, 'Close-ups of chosen parameters'));
    box.appendChild(close);
    closeUpCharts(close, obs);
    stationarityCharts(section(box, 'Stationarity and autocorrelation'), obs);
    noiseCharts(section(box, 'Gradient-noise shape'), obs);
  }

  // ---- optimizer comparison ----
  function comparisonCharts(container, runs) {
    var keys = [];
    runs.forEach(function (r) {
      arr(obj(obj(r).observatory).groups).forEach(function (g) {
        if (keys.indexOf(str(g.key)) < 0) { keys.push(str(g.key)); }
      });
    });
    var categorical = {
      splits: function () { return keys.map(function (_, i) { return i; }); },
      values: function (u, splits) { return splits.map(function (v) { return keys[v] != null ? keys[v] : ''; }); }
    };
    function perGroup(field, positiveOnly) {
      var tables = [];
      var series = [];
      runs.forEach(function (r, ri) {
        var x = [], y = [];
        arr(obj(obj(r).observatory).groups).forEach(function (g) {
          var v = num(g[field]);
          if (v !== null && (!positiveOnly || v > 0)) { x.push(keys.indexOf(str(g.key))); y.push(positiveOnly ? log10(v) : v); }
        });
        if (x.length) {
          tables.push([x, y]);
          series.push(pointSeries(str(obj(r).label) || 'run ' + (ri + 1), RUN_COLORS[ri % RUN_COLORS.length]));
          series[series.length - 1].points.size = 9;
        }
      });
      return { tables: tables, series: series };
    }
    chart(container, {
      title: 'Temperature-noise slope per group, by optimizer',
      how: 'each dot is one group\u2019s slope of log T vs log σ²_B; SGD should sit on the green line (1), RMSProp near the orange one (1/2), one shared temperature on the grey one (0).',
      xLabel: 'parameter group',
      yLabel: 'slope (dimensionless)',
      build: function () {
        var pg = perGroup('temperatureNoiseSlope', false);
        if (!pg.tables.length) { return { empty: 'no group has a temperature-noise slope' }; }
        var ends = [-0.5, keys.length - 0.5];
        [[1, '#2ca02c'], [0.5, '#ff7f0e'], [0, '#7f7f7f']].forEach(function (t) {
          pg.tables.push([ends, [t[0], t[0]]]);
          pg.series.push(lineSeries('theory ' + t[0], t[1], [6, 4]));
        });
        return { data: uPlot.join(pg.tables), series: pg.series,
          scales: { x: { time: false, range: ends } }, xAxis: categorical };
      }
    });
    chart(container, {
      title: 'Median observed / predicted variance per group, by optimizer',
      how: '1 (dashed) means the theory predicts the spread; a missing dot means that group has no prediction under that optimizer.',
      xLabel: 'parameter group',
      yLabel: 'median ratio (log scale)',
      build: function () {
        var pg = perGroup('medianRatio', true);
        if (!pg.tables.length) { return { empty: 'no group has a prediction in any run' }; }
        var ends = [-0.5, keys.length - 0.5];
        pg.tables.push([ends, [0, 0]]);
        pg.series.push(lineSeries('ratio 1', '#222', [6, 4]));
        return { data: uPlot.join(pg.tables), series: pg.series, logY: true,
          scales: { x: { time: false, range: ends } }, xAxis: categorical };
      }
    });
    chart(container, {
      title: 'Temperature vs noise, optimizers overlaid',
      how: 'the steeper a run\u2019s cloud and fitted line, the more its temperatures follow the noise; a flat line would be one temperature.',
      xLabel: 'gradient noise σ²_B (gradient units², log scale)',
      yLabel: 'T = h·Var (loss units)',
      build: function () {
        var groups = [];
        var lines = [];
        var per = Math.max(1, Math.floor(MAX_POINTS / Math.max(1, runs.length)));
        runs.forEach(function (r, ri) {
          var color = RUN_COLORS[ri % RUN_COLORS.length];
          var pts = [];
          arr(obj(obj(r).observatory).parameters).forEach(function (p) {
            var x = num(p.gradientNoiseVariance);
            var y = num(p.temperature);
            if (x > 0 && y > 0) { pts.push([log10(x), log10(y)]); }
          });
          if (!pts.length) { return; }
          var f = fitLine(pts.map(function (q) { return q[0]; }), pts.map(function (q) { return q[1]; }));
          var kept = sample(pts, per);
          var label = str(obj(r).label) || 'run ' + (ri + 1);
          groups.push({ label: label, color: color, x: kept.map(function (q) { return q[0]; }), y: kept.map(function (q) { return q[1]; }) });
          if (f) {
            var xs = pts.map(function (q) { return q[0]; });
            var x0 = Math.min.apply(null, xs);
            var x1 = Math.max.apply(null, xs);
            lines.push({ label: label + ' fit: slope ' + fmt(f.slope) + ' ± ' + fmt(f.se), x: [x0, x1],
              y: [x0, x1].map(function (x) { return f.intercept + f.slope * x; }), color: color, width: 2 });
          }
        });
        var s = scatter(groups, lines);
        if (!s) { return { empty: 'no run has parameters with a positive temperature and noise' }; }
        return { data: s.data, series: s.series, logX: true, logY: true };
      }
    });
  }

  function main() {
    var source = document.getElementById('report-data');
    var report = obj(JSON.parse(source ? source.textContent : '{}'));
    var runs = arr(report.runs);
    var container = document.getElementById('charts-root');
    if (container) {
      if (!runs.length) { container.appendChild(el('p', 'empty', 'The report holds no runs.')); }
      runs.forEach(function (run, i) { runCharts(container, run, i); });
    }
    var comparison = document.getElementById('comparison-charts');
    if (comparison && runs.length >= 2) { comparisonCharts(comparison, runs); }
  }

  try {
    main();
  } catch (e) {
    console.error('report page failed: ' + (e && e.stack || e));
  } finally {
    root.setAttribute('data-charts-planned', String(planned));
    root.setAttribute('data-charts-drawn', String(drawn));
    // uPlot sizes its plots and legends after construction; measure the page once that has happened.
    setTimeout(function () {
      root.setAttribute('data-page-height', String(Math.ceil(document.documentElement.scrollHeight)));
    }, 0);
  }
})();
