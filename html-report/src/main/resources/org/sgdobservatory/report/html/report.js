/* SGD Observatory report page, part 6 of 6: the per-run charts, drawn into the slots the server rendered
 * (data-slot="run-0-directions", "run-0-spread" and so on), from the embedded report read through ReportFields.
 * The root element records data-charts-planned (charts the page meant to draw), data-charts-drawn (charts
 * uPlot built), data-charts-ready and data-charts-clipped (after uPlot's first draw) and data-page-height. */
(function () {
  'use strict';
  var root = document.documentElement;
  var C = ObservatoryCharts;
  var MAX_POINTS = C.MAX_POINTS;
  var PALETTE = C.PALETTE;
  var finite = C.finite;
  var fmt = C.fmt;
  var log10 = C.log10;
  var chart = C.chart;
  var histogramChart = C.histogramChart;

  /** The per-parameter numbers the charts use, each read once through the accessor. */
  function readParameters(obs) {
    return obs.list('parameters').map(function (p) {
      var observed = p.obj('observed');
      var probed = p.obj('probed');
      var prediction = p.obj('prediction');
      var comparison = p.obj('comparison');
      var drift = p.obj('drift');
      return {
        key: p.str('key'), index: p.num('index'), mean: observed.num('mean'),
        variance: observed.obj('variance').num('value'), tau: observed.num('integratedAutocorrelationTime'),
        predicted: prediction.obj('variance').num('value'), predictedIid: prediction.num('varianceIid'),
        ratio: comparison.obj('ratio').num('value'), temperature: comparison.num('temperature'),
        noise: probed.obj('noiseVariance').num('value'), kurtosis: probed.num('noiseExcessKurtosis'),
        tail: probed.num('noiseTailIndex'), fdr: drift.num('fluctuationDissipationRatio')
      };
    });
  }

  function groupColors(groupKeys, params) {
    var colors = {};
    groupKeys.forEach(function (k, i) { colors[k] = PALETTE[i % PALETTE.length]; });
    params.forEach(function (p) {
      if (!(p.key in colors)) { colors[p.key] = PALETTE[Object.keys(colors).length % PALETTE.length]; }
    });
    return colors;
  }

  /** Parameters grouped by key, sampled to at most MAX_POINTS overall, with (x, y) = pick(p). */
  function pointsByGroup(params, colors, pick) {
    var pairs = [];
    params.forEach(function (p) {
      var xy = pick(p);
      if (xy) { pairs.push({ key: p.key, x: xy[0], y: xy[1] }); }
    });
    var kept = C.sample(pairs, MAX_POINTS);
    var groups = {};
    kept.forEach(function (q) {
      if (!groups[q.key]) { groups[q.key] = { label: q.key, color: colors[q.key] || '#555', x: [], y: [] }; }
      groups[q.key].x.push(q.x);
      groups[q.key].y.push(q.y);
    });
    return { groups: Object.keys(groups).map(function (k) { return groups[k]; }), all: pairs, shown: kept.length };
  }

  function sampledNote(pg, what) {
    return pg.shown < pg.all.length ? 'Showing ' + pg.shown + ' of ' + pg.all.length + ' ' + what + ' (every k-th, deterministic).' : '';
  }

  function logPair(x, y) { return x > 0 && y > 0 ? [log10(x), log10(y)] : null; }

  function varianceCharts(slot, params, colors) {
    var own = params.some(function (p) { return p.predicted > 0; });
    var iid = !own && params.some(function (p) { return p.predictedIid > 0; });
    chart(slot, {
      title: 'Observed vs predicted variance, by group',
      how: 'each dot is one tracked parameter; dots on the dashed y = x line spread as predicted, dots above it spread more than the theory says.',
      xLabel: (iid ? 'i.i.d.-minibatch prediction' : 'predicted variance') + ' (\u03b8 units\u00b2, log scale)',
      yLabel: 'observed variance (\u03b8 units\u00b2, log)',
      build: function () {
        if (!own && !iid) { return { empty: 'no parameter has a prediction' }; }
        var pg = pointsByGroup(params, colors, function (p) { return logPair(iid ? p.predictedIid : p.predicted, p.variance); });
        if (!pg.all.length) { return { empty: 'no parameter has a positive observed and predicted variance' }; }
        var all = [].concat.apply([], pg.all.map(function (q) { return [q.x, q.y]; }));
        var lo = Math.min.apply(null, all);
        var hi = Math.max.apply(null, all);
        var s = C.scatter(pg.groups, [{ label: 'y = x', x: [lo, hi], y: [lo, hi], color: '#222', dash: [6, 4] }]);
        var left = params.length - pg.all.length;
        var notes = [iid ? 'There is no prediction for the data order used, so this uses the lecture\u2019s i.i.d.-minibatch prediction.' : '',
          sampledNote(pg, 'parameters'),
          left ? C.count(left, 'parameter') + ' without a prediction or with zero variance (e.g. constant in the window) '
            + (left === 1 ? 'is' : 'are') + ' not drawn.' : ''];
        return { data: s.data, series: s.series, logX: true, logY: true,
          note: notes.filter(function (n) { return n; }).join(' ') || null };
      }
    });
    histogramChart(slot, {
      title: 'Distribution of observed / predicted variance',
      how: '1 (dashed) means the prediction is exact; 10 means ten times the predicted spread, 0.1 a tenth of it.',
      xLabel: 'observed / predicted variance (log scale)',
      what: 'ratios (no parameter has a prediction for this data order)',
      values: params.map(function (p) { return p.ratio; }),
      log: true, ref: 1, color: '#1f77b4'
    });
  }

  function temperatureChart(slot, params, colors, slope) {
    chart(slot, {
      title: 'Temperature vs gradient noise (log-log)',
      how: 'the solid line has the report\u2019s slope across parameters; compare it with the expected slope (dashed) and with 0, one shared temperature (Gibbs).',
      xLabel: 'gradient noise \u03c3\u00b2_B (gradient units\u00b2, log scale)',
      yLabel: 'T = h\u00b7Var (loss units)',
      build: function () {
        var pg = pointsByGroup(params, colors, function (p) { return logPair(p.noise, p.temperature); });
        if (!pg.all.length) { return { empty: 'no parameter has a positive temperature and noise' }; }
        var xs = pg.all.map(function (q) { return q.x; });
        var x0 = Math.min.apply(null, xs);
        var x1 = Math.max.apply(null, xs);
        var cx = xs.reduce(function (a, b) { return a + b; }, 0) / xs.length;
        var cy = pg.all.reduce(function (a, q) { return a + q.y; }, 0) / xs.length;
        var lines = [];
        function through(k) { return [x0, x1].map(function (x) { return cy + k * (x - cx); }); }
        if (finite(slope.value)) {
          lines.push({ label: 'report\u2019s slope ' + fmt(slope.value) + (finite(slope.se) ? ' \u00b1 ' + fmt(slope.se) : ''),
            x: [x0, x1], y: through(slope.value), color: '#000', width: 2 });
        }
        if (finite(slope.expected)) {
          lines.push({ label: 'expected slope ' + fmt(slope.expected), x: [x0, x1], y: through(slope.expected), color: '#2ca02c', dash: [6, 4] });
        }
        if (slope.expected !== 0) {
          lines.push({ label: 'slope 0 (one temperature)', x: [x0, x1], y: through(0), color: '#7f7f7f', dash: [6, 4] });
        }
        var s = C.scatter(pg.groups, lines);
        var dropped = params.length - pg.all.length;
        var notes = [sampledNote(pg, 'parameters'),
          dropped ? C.count(dropped, 'parameter') + ' with T \u2264 0 (negative curvature), no noise or no estimate cannot be drawn on log axes.' : '',
          'Lines pass through the centroid of the points.'];
        return { data: s.data, series: s.series, logX: true, logY: true,
          note: notes.filter(function (n) { return n; }).join(' ') };
      }
    });
  }

  function lossChart(slot, training, window) {
    var curve = training.obj('lossCurve');
    var its = curve.nums('iteration');
    var losses = curve.nums('loss');
    var start = window.num('startIteration');
    var last = window.num('lastIteration');
    chart(slot, {
      title: 'Training loss',
      how: 'the loss should flatten before the shaded observation window starts; a loss still falling inside it means the run is not stationary yet.',
      xLabel: 'iteration',
      yLabel: 'loss (loss units)',
      build: function () {
        var p = C.pairs(its, losses);
        if (p.length < 2) { return { empty: 'no loss curve in the report' }; }
        p = C.sample(p, MAX_POINTS);
        var positive = p.every(function (q) { return q[1] > 0; });
        var hooks = {};
        if (finite(start) && finite(last) && start >= 0) {
          hooks.drawClear = [C.band(start, last, 'rgba(255, 165, 0, 0.15)')];
        }
        var data = C.columns(p);
        return { data: positive ? [data[0], data[1].map(log10)] : data,
          series: [C.lineSeries('loss', '#1f77b4', null, 1)], scales: { x: { time: false } }, xInteger: true,
          logY: positive, hooks: hooks,
          note: (positive ? 'Logarithmic loss axis. ' : '') + 'Shaded: the observation window.' };
      }
    });
  }

  function stationarityCharts(slot, params, drawnCloseUps) {
    histogramChart(slot, {
      title: 'Fluctuation-dissipation ratio',
      how: 'the ratio 2E[(\u03b8\u2212mean)u]/E[u\u00b2] is 1 (dashed) for a stationary parameter; mass away from 1 means drift.',
      xLabel: 'FDR ratio (dimensionless)', what: 'FDR ratios',
      values: params.map(function (p) { return p.fdr; }), clip: true, ref: 1, color: '#8c564b'
    });
    C.closeUps.autocorrelationChart(slot, drawnCloseUps);
    histogramChart(slot, {
      title: 'Integrated autocorrelation times',
      how: '\u03c4 observation steps separate effectively independent samples; the effective sample size is the window\u2019s samples / \u03c4.',
      xLabel: '\u03c4 (observation steps, log scale)', what: 'autocorrelation times',
      values: params.map(function (p) { return p.tau; }), log: true, color: '#17becf'
    });
  }

  function noiseCharts(slot, params) {
    histogramChart(slot, {
      title: 'Gradient-noise excess kurtosis',
      how: '0 (dashed) is Gaussian noise, as the theory assumes; large values mean rare big minibatch gradients.',
      xLabel: 'excess kurtosis of the minibatch noise (dimensionless)', what: 'kurtosis estimates',
      values: params.map(function (p) { return p.kurtosis; }), clip: true, ref: 0, color: '#e377c2'
    });
    histogramChart(slot, {
      title: 'Gradient-noise tail index (Hill)',
      how: 'below 2 (dashed) the noise has infinite variance and the Gaussian theory fails; Gaussian noise gives large values.',
      xLabel: 'tail index of |g_i \u2212 mean| (dimensionless)', what: 'tail index estimates',
      values: params.map(function (p) { return p.tail; }), ref: 2, color: '#bcbd22'
    });
  }

  function slot(name) { return document.querySelector('[data-slot="' + name + '"]'); }

  function runCharts(run, i) {
    var obs = run.obs;
    var id = 'run-' + i;
    var params = readParameters(obs);
    var groupKeys = obs.list('groups').map(function (g) { return g.str('key'); });
    var colors = groupColors(groupKeys, params);
    var slope = obs.obj('summary').obj('temperatureNoiseSlope');
    var spectral = obs.opt('directions');
    var directions = slot(id + '-directions');
    if (spectral && directions) {
      C.directions.draw(directions, C.directions.read(spectral), directions.getAttribute('data-none-judged'));
    }
    var spread = slot(id + '-spread');
    if (spread) { varianceCharts(spread, params, colors); }
    var temperature = slot(id + '-temperature');
    if (temperature) {
      temperatureChart(temperature, params, colors,
        { value: slope.num('value'), se: slope.num('standardError'), expected: slope.num('expected') });
      if (run.training) { lossChart(temperature, run.training, obs.obj('window')); }
    }
    var drawnCloseUps = [];
    obs.list('closeUps').forEach(function (node, k) {
      var target = slot(id + '-closeup-' + k);
      if (!target) { return; }
      var c = C.closeUps.read(node);
      var param = params.find(function (p) { return p.key === c.key && p.index === c.index; });
      C.closeUps.draw(target, c, param ? param.mean : null);
      drawnCloseUps.push(c);
    });
    var stationarity = slot(id + '-stationarity');
    if (stationarity) { stationarityCharts(stationarity, params, drawnCloseUps); }
    var noise = slot(id + '-noise');
    if (noise) { noiseCharts(noise, params); }
  }

  function main() {
    var source = document.getElementById('report-data');
    if (!source) { return; }
    var data = ReportFields.root(JSON.parse(source.textContent));
    var kind = source.getAttribute('data-kind');
    var runs = kind === 'example'
      ? data.list('runs').map(function (r) {
        return { label: r.str('label'), obs: r.obj('observatory'), training: r.obj('training') };
      })
      : kind === 'comparison'
        ? data.list('runs').map(function (r) {
          // training is null for a bare listener report's run: no loss curve
          return { label: r.str('label'), obs: r.obj('observatory'), training: r.opt('training') };
        })
        : [{ label: '', obs: data, training: null }];
    runs.forEach(runCharts);
    var comparison = slot('comparison');
    if (comparison && runs.length >= 2) { C.comparisonCharts(comparison, runs); }
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
