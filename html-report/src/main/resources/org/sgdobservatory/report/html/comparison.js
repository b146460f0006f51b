/* SGD Observatory report page, part 5 of 6: the runs side by side (an example report with two runs or more, or
 * the runs of several reports). Each run is {label, obs, training} with obs a ReportFields node of its listener
 * report. The slot's data-by names what a column is ('optimizer' or 'run') for the titles. */
ObservatoryCharts.comparisonCharts = (function () {
  'use strict';
  var C = ObservatoryCharts;
  var RUN_COLORS = C.RUN_COLORS;
  var finite = C.finite;
  var fmt = C.fmt;
  var log10 = C.log10;
  var chart = C.chart;

  /** Per run: its label, colour, groups (key, slope, median ratio), expected slope and temperature cloud. */
  function read(runs) {
    return runs.map(function (r, ri) {
      var slope = r.obs.obj('summary').obj('temperatureNoiseSlope');
      var points = [];
      r.obs.list('parameters').forEach(function (p) {
        var x = p.obj('probed').obj('noiseVariance').num('value');
        var y = p.obj('comparison').num('temperature');
        if (x > 0 && y > 0) { points.push([log10(x), log10(y)]); }
      });
      return {
        label: r.label || 'run ' + (ri + 1),
        color: RUN_COLORS[ri % RUN_COLORS.length],
        slope: slope.num('value'), se: slope.num('standardError'), expected: slope.num('expected'),
        groups: r.obs.list('groups').map(function (g) {
          return { key: g.str('key'),
            slope: g.obj('statistics').obj('temperatureNoiseSlope').num('value'),
            ratio: g.obj('judgement').obj('medianRatio').num('value') };
        }),
        points: points
      };
    });
  }

  /** The groups of every run on one categorical x axis: the keys in order of appearance, the range and the ticks. */
  function groupAxis(data) {
    var keys = [];
    data.forEach(function (r) {
      r.groups.forEach(function (g) { if (keys.indexOf(g.key) < 0) { keys.push(g.key); } });
    });
    return {
      keys: keys,
      ends: [-0.5, keys.length - 0.5],
      ticks: {
        splits: function () { return keys.map(function (_, i) { return i; }); },
        values: function (u, splits) { return splits.map(function (v) { return keys[v] != null ? keys[v] : ''; }); }
      }
    };
  }

  /** One series per run of a group field (log10 when log; non-positive values dropped then) against the group axis. */
  function perGroup(data, axis, field, log) {
    var tables = [];
    var series = [];
    data.forEach(function (r) {
      var x = [];
      var y = [];
      r.groups.forEach(function (g) {
        var v = g[field];
        if (finite(v) && (!log || v > 0)) { x.push(axis.keys.indexOf(g.key)); y.push(log ? log10(v) : v); }
      });
      if (x.length) {
        tables.push([x, y]);
        var s = C.pointSeries(r.label, r.color);
        s.points.size = 9;
        series.push(s);
      }
    });
    return { tables: tables, series: series };
  }

  function slopeChart(container, data, axis, by) {
    chart(container, {
      title: 'Temperature-noise slope per group, by ' + by,
      how: 'each dot is one group\u2019s slope of log T on log \u03c3\u00b2_B; the dashed line of the same colour is the slope expected for that run.',
      xLabel: 'parameter group',
      yLabel: 'slope (dimensionless)',
      build: function () {
        var pg = perGroup(data, axis, 'slope', false);
        if (!pg.tables.length) { return { empty: 'no group has a temperature-noise slope' }; }
        data.forEach(function (r) {
          if (finite(r.expected)) {
            pg.tables.push([axis.ends, [r.expected, r.expected]]);
            pg.series.push(C.lineSeries(r.label + ': expected ' + fmt(r.expected), r.color, [6, 4]));
          }
        });
        return { data: uPlot.join(pg.tables), series: pg.series,
          scales: { x: { time: false, range: axis.ends } }, xAxis: axis.ticks };
      }
    });
  }

  function ratioChart(container, data, axis, by) {
    chart(container, {
      title: 'Median observed / predicted variance per group, by ' + by,
      how: '1 (dashed) means the theory predicts the spread; a missing dot means that group has no judged parameter ' + (by === 'run' ? 'in that run' : 'under that optimizer') + '.',
      xLabel: 'parameter group',
      yLabel: 'median ratio (log scale)',
      build: function () {
        var pg = perGroup(data, axis, 'ratio', true);
        if (!pg.tables.length) { return { empty: 'no group has a judged parameter in any run' }; }
        pg.tables.push([axis.ends, [0, 0]]);
        pg.series.push(C.lineSeries('ratio 1', '#222', [6, 4]));
        return { data: uPlot.join(pg.tables), series: pg.series, logY: true,
          scales: { x: { time: false, range: axis.ends } }, xAxis: axis.ticks };
      }
    });
  }

  /** A run's fitted line through the centroid of its temperature cloud, over the cloud's x range. */
  function slopeLine(r) {
    var xs = C.columns(r.points)[0];
    var cx = xs.reduce(function (a, b) { return a + b; }, 0) / xs.length;
    var cy = r.points.reduce(function (a, q) { return a + q[1]; }, 0) / xs.length;
    var x0 = Math.min.apply(null, xs);
    var x1 = Math.max.apply(null, xs);
    return { label: r.label + ': slope ' + fmt(r.slope) + (finite(r.se) ? ' \u00b1 ' + fmt(r.se) : ''),
      x: [x0, x1], y: [x0, x1].map(function (x) { return cy + r.slope * (x - cx); }), color: r.color, width: 2 };
  }

  function temperatureChart(container, data, by) {
    chart(container, {
      title: 'Temperature vs noise, ' + by + 's overlaid',
      how: 'the steeper a run\u2019s cloud and line, the more its temperatures follow the noise; a flat line would be one temperature.',
      xLabel: 'gradient noise \u03c3\u00b2_B (gradient units\u00b2, log scale)',
      yLabel: 'T = h\u00b7Var (loss units)',
      build: function () {
        var groups = [];
        var lines = [];
        var per = Math.max(1, Math.floor(C.MAX_POINTS / Math.max(1, data.length)));
        data.forEach(function (r) {
          if (!r.points.length) { return; }
          var shown = C.columns(C.sample(r.points, per));
          groups.push({ label: r.label, color: r.color, x: shown[0], y: shown[1] });
          if (finite(r.slope)) { lines.push(slopeLine(r)); }
        });
        var s = C.scatter(groups, lines);
        if (!s) { return { empty: 'no run has parameters with a positive temperature and noise' }; }
        return { data: s.data, series: s.series, logX: true, logY: true,
          note: 'Each run\u2019s line has the report\u2019s slope and passes through the centroid of its points.' };
      }
    });
  }

  function comparisonCharts(container, runs) {
    var data = read(runs);
    var by = container.getAttribute('data-by') || 'optimizer';
    var axis = groupAxis(data);
    slopeChart(container, data, axis, by);
    ratioChart(container, data, axis, by);
    temperatureChart(container, data, by);
  }

  return comparisonCharts;
})();
