/* SGD Observatory report page, part 3 of 6: the charts of the eigen-directions (the report's SpectralReport): the
 * judged directions' projections standardised by their predictions and pooled against N(0, 1) (the headline), the
 * observed against the predicted variance per direction, and the temperature T_k against the noise c_k across
 * directions with the fitted and the expected slope. The words (verdicts, reasons) are rendered on the server; the
 * slot carries data-none-judged, the reason in words, when no direction is judged. */
ObservatoryCharts.directions = (function () {
  'use strict';
  var C = ObservatoryCharts;
  var finite = C.finite;
  var fmt = C.fmt;
  var log10 = C.log10;
  var chart = C.chart;
  var STATES = ['CONSISTENT', 'INCONSISTENT', 'NOT_JUDGED'];
  var STATE_WORDS = { CONSISTENT: 'consistent', INCONSISTENT: 'inconsistent', NOT_JUDGED: 'not judged' };
  var STATE_COLORS = { CONSISTENT: '#1e7b34', INCONSISTENT: '#b3261e', NOT_JUDGED: '#6b6b6b' };
  /** The common grid of the pooled standardised histogram: BINS equal bins over [-HALF_WIDTH, HALF_WIDTH]. */
  var BINS = 41;
  var HALF_WIDTH = 5;

  /** The directions and their slope, read through the field accessor. */
  function read(spectral) {
    var slope = spectral.obj('temperatureNoiseSlope');
    return {
      directions: spectral.list('directions').map(function (d) {
        var observed = d.obj('observed');
        var variance = observed.obj('variance');
        var histogram = d.obj('histogram');
        return {
          index: d.num('index'), eigenvalue: d.obj('spectrum').obj('eigenvalue').num('value'),
          mean: observed.num('mean'), variance: variance.num('value'), low95: variance.num('low95'),
          high95: variance.num('high95'), predicted: d.obj('prediction').obj('variance').num('value'),
          temperature: d.obj('comparison').num('temperature'), noise: d.obj('noiseVariance').num('value'),
          state: d.obj('verdict').oneOf('state', STATES),
          low: histogram.num('low'), high: histogram.num('high'), counts: histogram.nums('counts')
        };
      }),
      slope: { value: slope.num('value'), se: slope.num('standardError'), expected: slope.num('expected'),
        differenceSe: slope.num('differenceStandardError') }
    };
  }

  function judged(d) { return d.state === 'CONSISTENT' || d.state === 'INCONSISTENT'; }

  /** A scatter of the few directions with larger dots than the kit's (made for thousands of parameters). */
  function scatter(points, lines) {
    var s = C.scatter(byVerdict(points), lines);
    s.series.forEach(function (series) { if (series.points.show) { series.points.size = 8; } });
    return s;
  }

  /** Points grouped by verdict, for a scatter coloured by verdict: [{label, color, x, y}]. */
  function byVerdict(points) {
    return STATES.map(function (s) {
      var own = points.filter(function (p) { return p.state === s; });
      return { label: STATE_WORDS[s] + ' (' + own.length + ')', color: STATE_COLORS[s],
        x: own.map(function (p) { return p.x; }), y: own.map(function (p) { return p.y; }) };
    }).filter(function (g) { return g.x.length; });
  }

  /**
   * The judged directions' histograms, each bin centre x mapped to (x - observed mean) / sqrt(predicted variance),
   * pooled onto the common grid: each bin's count spread uniformly over its standardised width, the pooled mass per
   * grid bin divided by (total count x grid bin width), i.e. the densities summed with weights = each direction's
   * count. Returns null when no judged direction has a usable histogram.
   */
  function pooled(dirs) {
    var width = 2 * HALF_WIDTH / BINS;
    var mass = new Array(BINS).fill(0);
    var total = 0;
    var inside = 0;
    var used = 0;
    dirs.forEach(function (d) {
      var counts = d.counts.map(function (k) { return finite(k) && k > 0 ? k : 0; });
      var n = counts.reduce(function (a, b) { return a + b; }, 0);
      if (!(n > 0) || !finite(d.low) || !(d.high > d.low) || !finite(d.mean) || !(d.predicted > 0)) { return; }
      var sd = Math.sqrt(d.predicted);
      var w = (d.high - d.low) / counts.length;
      counts.forEach(function (k, i) {
        if (!k) { return; }
        var a = (d.low + i * w - d.mean) / sd;
        var b = (d.low + (i + 1) * w - d.mean) / sd;
        var j0 = Math.max(0, Math.floor((a + HALF_WIDTH) / width));
        var j1 = Math.min(BINS - 1, Math.floor((b + HALF_WIDTH) / width));
        for (var j = j0; j <= j1; j++) {
          var lo = -HALF_WIDTH + j * width;
          var overlap = Math.min(b, lo + width) - Math.max(a, lo);
          if (overlap > 0) {
            mass[j] += k * overlap / (b - a);
            inside += k * overlap / (b - a);
          }
        }
      });
      total += n;
      used++;
    });
    if (!used) { return null; }
    var edges = mass.map(function (_, j) { return -HALF_WIDTH + j * width; }).concat([HALF_WIDTH]);
    var density = mass.map(function (m) { return m / (total * width); });
    return { edges: edges, density: density.concat([density[BINS - 1]]), directions: used, samples: total,
      outside: 1 - inside / total };
  }

  function normalCurve() {
    var x = [];
    var y = [];
    for (var i = 0; i <= 200; i++) {
      var z = -HALF_WIDTH + i * (2 * HALF_WIDTH / 200);
      x.push(z);
      y.push(Math.exp(-z * z / 2) / Math.sqrt(2 * Math.PI));
    }
    return [x, y];
  }

  function headlineChart(slot, dirs, noneJudged) {
    chart(slot, {
      title: 'The judged directions against the theory: if it is right, the grey bars follow the curve',
      how: 'each judged direction\u2019s projection is centred on its observed mean and divided by its predicted standard deviation, then all are pooled; bars wider than the red N(0, 1) curve mean more spread than predicted, narrower bars less.',
      xLabel: '(projection \u2212 observed mean) / predicted standard deviation',
      yLabel: 'density (per standard deviation)',
      build: function () {
        var chosen = dirs.filter(judged);
        if (!chosen.length) {
          return { empty: 'no direction could be judged (' + (noneJudged || 'see the directions table') + ')' };
        }
        var p = pooled(chosen);
        if (!p) { return { empty: 'no judged direction has a histogram and a positive predicted variance' }; }
        var curve = normalCurve();
        var ymax = Math.max(Math.max.apply(null, p.density), Math.max.apply(null, curve[1]));
        var notes = ['Pooled over ' + C.count(p.directions, 'judged direction') + ' (' + C.count(p.samples, 'sample')
          + '), re-binned onto ' + BINS + ' bins over \u00b1' + HALF_WIDTH + '.'];
        if (p.directions < chosen.length) {
          notes.push(C.count(chosen.length - p.directions, 'judged direction') + ' without a usable histogram '
            + (chosen.length - p.directions === 1 ? 'is' : 'are') + ' left out.');
        }
        if (p.outside > 0.0005) {
          notes.push(fmt(100 * p.outside) + '% of the pooled mass lies beyond \u00b1' + HALF_WIDTH + ' and is not shown.');
        }
        return {
          data: uPlot.join([[p.edges, p.density], curve]),
          series: [{ label: 'judged directions, pooled', stroke: '#7f7f7f', fill: '#7f7f7f66', width: 1,
            spanGaps: true, points: { show: false }, paths: uPlot.paths.stepped({ align: 1 }) },
          C.lineSeries('N(0, 1): the theory', '#d62728', null, 2)],
          scales: { x: { time: false, range: [-HALF_WIDTH, HALF_WIDTH] }, y: { range: [0, ymax * 1.08] } },
          note: notes.join(' ')
        };
      }
    });
  }

  /** Vertical 95% whiskers {x, lo, hi, color} (log10 values; lo or hi null: to the plot's edge), as a draw hook. */
  function whiskers(list) {
    return function (u) {
      var c = u.ctx;
      var top = u.bbox.top;
      var bottom = u.bbox.top + u.bbox.height;
      var cap = 4 * (window.devicePixelRatio || 1);
      c.save();
      c.lineWidth = 1.5 * (window.devicePixelRatio || 1);
      list.forEach(function (w) {
        var x = u.valToPos(w.x, 'x', true);
        var y0 = w.lo === null ? bottom : Math.min(bottom, Math.max(top, u.valToPos(w.lo, 'y', true)));
        var y1 = w.hi === null ? top : Math.min(bottom, Math.max(top, u.valToPos(w.hi, 'y', true)));
        c.strokeStyle = w.color;
        c.beginPath();
        c.moveTo(x, y0);
        c.lineTo(x, y1);
        [y0, y1].forEach(function (y) { c.moveTo(x - cap, y); c.lineTo(x + cap, y); });
        c.stroke();
      });
      c.restore();
    };
  }

  function varianceChart(slot, dirs) {
    chart(slot, {
      title: 'Observed vs predicted variance along each direction',
      how: 'each dot is one eigen-direction, coloured by its verdict, with the 95% interval of its observed variance as a whisker; on the dashed y = x line a direction spreads exactly as predicted.',
      xLabel: 'predicted variance of the projection (log scale)',
      yLabel: 'observed variance (log)',
      build: function () {
        var points = [];
        var bars = [];
        var ends = [];
        dirs.forEach(function (d) {
          if (!(d.variance > 0 && d.predicted > 0)) { return; }
          var x = log10(d.predicted);
          var y = log10(d.variance);
          points.push({ x: x, y: y, state: d.state });
          ends.push(x, y);
          if (finite(d.low95) && finite(d.high95)) {
            var lo = d.low95 > 0 ? log10(d.low95) : null;
            var hi = d.high95 > 0 ? log10(d.high95) : null;
            bars.push({ x: x, lo: lo, hi: hi, color: STATE_COLORS[d.state] || '#555' });
            [lo, hi].forEach(function (v) { if (v !== null) { ends.push(v); } });
          }
        });
        if (!points.length) { return { empty: 'no direction has a positive observed and predicted variance' }; }
        var lo = Math.min.apply(null, ends);
        var hi = Math.max.apply(null, ends);
        var pad = Math.max(0.05 * (hi - lo), 0.1);
        var range = [lo - pad, hi + pad];
        var s = scatter(points, [{ label: 'y = x', x: range, y: range, color: '#222', dash: [6, 4] }]);
        var left = dirs.length - points.length;
        return { data: s.data, series: s.series, logX: true, logY: true,
          scales: { x: { time: false, range: range }, y: { range: range } },
          hooks: { draw: [whiskers(bars)] },
          note: left ? C.count(left, 'direction') + ' without a prediction or a positive variance '
            + (left === 1 ? 'is' : 'are') + ' not drawn.' : null };
      }
    });
  }

  function temperatureChart(slot, dirs, slope) {
    chart(slot, {
      title: 'Temperature vs gradient noise across directions (log-log)',
      how: 'each dot is one direction, T_k = \u03bb_k\u00b7Var_k against its noise c_k; the solid line has the fitted slope, the dashed line the slope the theory expects, both through the centroid of the dots.',
      xLabel: 'gradient noise along the direction c_k (log scale)',
      yLabel: 'T_k = \u03bb_k\u00b7Var_k (loss units)',
      build: function () {
        var points = [];
        dirs.forEach(function (d) {
          if (d.temperature > 0 && d.noise > 0) { points.push({ x: log10(d.noise), y: log10(d.temperature), state: d.state }); }
        });
        if (!points.length) { return { empty: 'no direction has a positive temperature and noise' }; }
        var xs = points.map(function (p) { return p.x; });
        var cx = xs.reduce(function (a, b) { return a + b; }, 0) / xs.length;
        var cy = points.reduce(function (a, p) { return a + p.y; }, 0) / xs.length;
        var x0 = Math.min.apply(null, xs);
        var x1 = Math.max.apply(null, xs);
        var narrow = x1 - x0 < 0.2;
        if (narrow) { x0 = cx - 0.5; x1 = cx + 0.5; }
        function through(k) { return [x0, x1].map(function (x) { return cy + k * (x - cx); }); }
        var lines = [];
        if (finite(slope.value)) {
          lines.push({ label: 'fitted slope ' + fmt(slope.value) + (finite(slope.se) ? ' \u00b1 ' + fmt(slope.se) : ''),
            x: [x0, x1], y: through(slope.value), color: '#000', width: 2 });
        }
        if (finite(slope.expected)) {
          lines.push({ label: 'expected slope ' + fmt(slope.expected) + (finite(slope.differenceSe)
            ? ' (fitted \u2212 expected: \u00b1 ' + fmt(slope.differenceSe) + ')' : ''),
          x: [x0, x1], y: through(slope.expected), color: '#2ca02c', dash: [6, 4] });
        }
        var s = scatter(points, lines);
        var dropped = dirs.length - points.length;
        var notes = ['Lines pass through the centroid of the dots.',
          narrow ? 'The directions\u2019 noise values lie within a factor 1.6 of each other; the axis shows a decade around them.' : '',
          dropped ? C.count(dropped, 'direction') + ' with T_k \u2264 0, no noise or no estimate cannot be drawn on log axes.' : ''];
        return { data: s.data, series: s.series, logX: true, logY: true,
          scales: { x: { time: false, range: [x0, x1] } },
          note: notes.filter(function (n) { return n; }).join(' ') };
      }
    });
  }

  /**
   * Draws the directions' three charts into the slot, the headline first.
   *
   * @param noneJudged the reason in words when no direction is judged (the slot's data-none-judged), else null
   */
  function draw(slot, spectral, noneJudged) {
    headlineChart(slot, spectral.directions, noneJudged);
    varianceChart(slot, spectral.directions);
    temperatureChart(slot, spectral.directions, spectral.slope);
  }

  return { read: read, draw: draw, pooled: pooled, BINS: BINS, HALF_WIDTH: HALF_WIDTH };
})();
