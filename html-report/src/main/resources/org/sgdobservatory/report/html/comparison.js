/* SGD Observatory report page, part 2 of 3: the optimizer comparison (runs side by side). */
ObservatoryCharts.comparisonCharts = (function () {
  'use strict';
  var C = ObservatoryCharts;
  var MAX_POINTS = C.MAX_POINTS;
  var RUN_COLORS = C.RUN_COLORS;
  var num = C.num;
  var arr = C.arr;
  var obj = C.obj;
  var str = C.str;
  var fmt = C.fmt;
  var log10 = C.log10;
  var sample = C.sample;
  var fitLine = C.fitLine;
  var pointSeries = C.pointSeries;
  var lineSeries = C.lineSeries;
  var chart = C.chart;
  var scatter = C.scatter;

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

  return comparisonCharts;
})();
