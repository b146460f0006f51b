/* SGD Observatory report page, part 3 of 3: the per-run panels, drawn from the embedded report data.
 * The root element records data-charts-planned (charts the page meant to draw), data-charts-drawn
 * (charts uPlot built) and data-page-height; the browser test compares them with the canvases. */
(function () {
  'use strict';
  var root = document.documentElement;
  var C = ObservatoryCharts;
  var MAX_POINTS = C.MAX_POINTS;
  var PALETTE = C.PALETTE;
  var num = C.num;
  var arr = C.arr;
  var obj = C.obj;
  var str = C.str;
  var fmt = C.fmt;
  var log10 = C.log10;
  var el = C.el;
  var sample = C.sample;
  var histogram = C.histogram;
  var fitLine = C.fitLine;
  var lineSeries = C.lineSeries;
  var barSeries = C.barSeries;
  var verticalLine = C.verticalLine;
  var band = C.band;
  var chart = C.chart;
  var scatter = C.scatter;
  var comparisonCharts = C.comparisonCharts;

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
    root.setAttribute('data-charts-planned', String(C.counts().planned));
    root.setAttribute('data-charts-drawn', String(C.counts().drawn));
    // uPlot sizes its plots and legends after construction; measure the page once that has happened.
    setTimeout(function () {
      root.setAttribute('data-page-height', String(Math.ceil(document.documentElement.scrollHeight)));
    }, 0);
  }
})();