/* SGD Observatory report page, part 4 of 6: the charts of one close-up (trace, histogram against the predicted
 * and Gibbs densities, loss slice) and the close-ups' autocorrelations. The page renders a close-up's words on
 * the server; a close-up that is constant in the window has no slot, so it gets no chart here. */
ObservatoryCharts.closeUps = (function () {
  'use strict';
  var C = ObservatoryCharts;
  var finite = C.finite;
  var fmt = C.fmt;
  var lineSeries = C.lineSeries;
  var chart = C.chart;
  var pairs = C.pairs;
  var columns = C.columns;

  /** The close-up's data, read through the field accessor. */
  function read(cu) {
    var trace = cu.obj('trace');
    var hist = cu.obj('histogram');
    var dens = cu.obj('densities');
    var slice = cu.obj('slice');
    return {
      key: cu.str('key'), index: cu.num('index'),
      iterations: trace.nums('iterations'), values: trace.nums('values'),
      acf: cu.nums('autocorrelation'),
      low: hist.num('low'), high: hist.num('high'), counts: hist.nums('counts'),
      x: dens.nums('x'), predicted: dens.nums('predicted'), gibbs: dens.nums('gibbs'),
      gibbsLecture: dens.nums('gibbsLecture'), gibbsT: dens.num('gibbsTemperature'),
      gibbsLectureT: dens.num('gibbsLectureTemperature'), basis: dens.str('basis'),
      offset: slice.nums('offset'), loss: slice.nums('loss')
    };
  }

  function name(c) { return c.key + '[' + fmt(c.index) + ']'; }

  function traceChart(slot, c, mean) {
    chart(slot, {
      title: name(c) + ': trace over the window',
      how: 'a stationary parameter wanders around a fixed mean (dashed) with a constant spread; a trend means drift.',
      xLabel: 'iteration',
      yLabel: '\u03b8 (parameter value)',
      build: function () {
        var p = C.sample(pairs(c.iterations, c.values), C.MAX_POINTS);
        if (p.length < 2) { return { empty: 'no trace recorded' }; }
        var data = columns(p);
        var x = data[0];
        var series = [lineSeries('\u03b8', '#1f77b4', null, 1)];
        if (finite(mean)) {
          series.push(lineSeries('window mean', '#222', [6, 4]));
          data.push(x.map(function () { return mean; }));
        }
        return { data: data, series: series, scales: { x: { time: false } }, xInteger: true };
      }
    });
  }

  /** The histogram as a staircase over its bin edges (its own x values, so joining does not thin it). */
  function histogramTable(c) {
    var counts = c.counts.map(function (v) { return finite(v) ? v : 0; });
    if (!counts.length || !finite(c.low) || !finite(c.high) || !(c.high > c.low)) { return null; }
    var n = counts.reduce(function (a, b) { return a + b; }, 0);
    var w = (c.high - c.low) / counts.length;
    var dens = counts.map(function (k) { return n > 0 ? k / (n * w) : 0; });
    var edges = counts.map(function (_, i) { return c.low + i * w; }).concat([c.high]);
    return [edges, dens.concat([dens[dens.length - 1]])];
  }

  function densityChart(slot, c) {
    chart(slot, {
      title: name(c) + ': histogram vs predicted and Gibbs densities',
      how: 'the shaded staircase is the observed density of \u03b8; the prediction is right when the red curve follows it, and one shared temperature when the Gibbs curve does.',
      xLabel: '\u03b8 (parameter value)',
      yLabel: 'density (1 / \u03b8 units)',
      build: function () {
        var tables = [];
        var series = [];
        var h = histogramTable(c);
        if (h) {
          tables.push(h);
          series.push({ label: 'observed', stroke: '#1f77b4', fill: '#1f77b433', width: 1, spanGaps: true,
            points: { show: false }, paths: uPlot.paths.stepped({ align: 1 }) });
        }
        var curves = [['predicted', '#d62728', null, 'predicted (normal)'],
          ['gibbs', '#2ca02c', [6, 4], 'Gibbs at T = ' + fmt(c.gibbsT)],
          ['gibbsLecture', '#ff7f0e', [2, 3], 'Gibbs at the lecture\u2019s T = ' + fmt(c.gibbsLectureT)]];
        curves.forEach(function (d) {
          var p = pairs(c.x, c[d[0]]);
          if (p.length) {
            tables.push(columns(p));
            series.push(lineSeries(d[3], d[1], d[2], 2));
          }
        });
        if (!tables.length) { return { empty: 'no histogram and no densities' }; }
        // The ranges come from every series, so no curve is clipped at the plot edge.
        var xs = [].concat.apply([], tables.map(function (t) { return t[0]; }));
        var ys = [].concat.apply([], tables.map(function (t) { return t[1]; }));
        var xmin = Math.min.apply(null, xs);
        var xmax = Math.max.apply(null, xs);
        var ymax = Math.max.apply(null, ys);
        var absent = [];
        if (!c.predicted.length) { absent.push('no predicted density (not predicted)'); }
        if (!c.gibbs.length) { absent.push('no Gibbs density (no loss slice or no temperature)'); }
        var x = { time: false };
        if (xmax > xmin) { x.range = [xmin, xmax]; }
        return { data: uPlot.join(tables), series: series,
          scales: { x: x, y: { range: [0, ymax > 0 ? ymax * 1.08 : 1] } },
          note: [c.basis ? c.basis.replace(/\.?\s*$/, '.') : '', absent.length ? absent.join('; ') + '.' : '']
            .filter(function (n) { return n; }).join(' ') || null };
      }
    });
  }

  function sliceChart(slot, c) {
    chart(slot, {
      title: name(c) + ': loss along this parameter',
      how: '\u0394L = L(mean + t) \u2212 L(mean) when only this parameter moves from its window mean; its curvature at 0 is h, and exp(\u2212\u0394L/T) is the Gibbs density.',
      xLabel: 'offset t = \u03b8 \u2212 mean (\u03b8 units)',
      yLabel: '\u0394L (loss units)',
      build: function () {
        var p = pairs(c.offset, c.loss);
        if (p.length < 2) { return { empty: 'no loss slice (slices were off)' }; }
        return { data: columns(p),
          series: [lineSeries('\u0394L', '#9467bd', null, 2)], scales: { x: { time: false } } };
      }
    });
  }

  /** Draws the close-up's three charts into its slot. */
  function draw(slot, c, mean) {
    traceChart(slot, c, mean);
    densityChart(slot, c);
    sliceChart(slot, c);
  }

  /** The autocorrelation functions of the drawn close-ups (those with a slot). */
  function autocorrelationChart(container, drawnCloseUps) {
    chart(container, {
      title: 'Autocorrelation of the close-ups',
      how: 'how fast each parameter forgets where it was; the area under a curve (\u00d72, minus 1) is its integrated autocorrelation time.',
      xLabel: 'lag (observation steps)',
      yLabel: 'autocorrelation \u03c1',
      build: function () {
        var tables = [];
        var series = [];
        drawnCloseUps.forEach(function (c, i) {
          var p = pairs(c.acf.map(function (_, k) { return k; }), c.acf);
          if (p.length) {
            tables.push(columns(p));
            series.push(lineSeries(name(c), C.PALETTE[i % C.PALETTE.length], null, 2));
          }
        });
        if (!tables.length) { return { empty: 'no close-up autocorrelations' }; }
        return { data: uPlot.join(tables), series: series, scales: { x: { time: false } }, xInteger: true };
      }
    });
  }

  return { read: read, draw: draw, autocorrelationChart: autocorrelationChart };
})();
