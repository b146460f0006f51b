/*
 * The live view: polls snapshot.json (a LiveSnapshot) once a second and updates the page; reloads when the report
 * exists (the server then serves the report page at the same address). The root element records data-phase and
 * data-updates (snapshots shown) for tests.
 */
(function () {
  'use strict';
  var root = document.documentElement;
  var updates = 0;
  var plot = null;
  var WORDS = {
    WAITING: 'training; the observation window has not started',
    OBSERVING: 'observing the window',
    PROBING: 'probing gradient noise and curvature on a copy of the network',
    REPORTING: 'predicting, judging and writing the report',
    DONE: 'done: loading the report',
    FAILED: 'the report could not be made (see the training log)'
  };

  function finite(v) { return typeof v === 'number' && isFinite(v); }
  function fmt(v) {
    if (!finite(v)) { return '\u2014'; }
    var a = Math.abs(v);
    return a !== 0 && (a < 1e-3 || a >= 1e5) ? v.toExponential(2) : String(Number(v.toPrecision(3)));
  }
  function text(id, value) { document.getElementById(id).textContent = value; }
  function cell(row, value) { var td = document.createElement('td'); td.textContent = value; row.appendChild(td); }

  function rows(id, items, columns) {
    var body = document.querySelector('#' + id + ' tbody');
    while (body.firstChild) { body.removeChild(body.firstChild); }
    items.forEach(function (item) {
      var tr = document.createElement('tr');
      columns.forEach(function (c) { cell(tr, c(item)); });
      body.appendChild(tr);
    });
  }

  function lossChart(loss) {
    var x = loss.iteration, y = loss.loss.map(function (v) { return finite(v) ? v : null; });
    if (!x.length) { return; }
    var holder = document.getElementById('loss');
    if (!plot) {
      plot = new uPlot({ width: Math.min(1100, holder.clientWidth || 1100), height: 260, legend: { live: false },
        scales: { x: { time: false } }, series: [{ label: 'iteration' }, { label: 'training loss', stroke: '#2f5597' }],
        axes: [{ label: 'iteration' }, { label: 'loss', size: 64 }] }, [x, y], holder);
    } else {
      plot.setData([x, y]);
    }
  }

  function show(s) {
    updates++;
    root.setAttribute('data-phase', s.phase);
    root.setAttribute('data-updates', String(updates));
    text('phase', WORDS[s.phase] || s.phase);
    text('message', s.message);
    var progress = document.getElementById('progress');
    if (s.windowIterations > 0 && s.windowStart >= 0) {
      var done = Math.min(1, Math.max(0, (s.iteration - s.windowStart) / s.windowIterations));
      progress.value = done;
      text('progress-text', 'iteration ' + s.iteration + '; window ' + Math.round(100 * done) + '% ('
        + s.samples + ' samples)');
    } else {
      progress.removeAttribute('value');
      text('progress-text', 'iteration ' + s.iteration + (s.windowStart >= 0 ? '; ' + s.samples + ' samples'
        : ''));
    }
    text('order', s.dataOrder ? s.dataOrder : 'not known yet');
    lossChart(s.loss);
    rows('groups', s.groups, [function (g) { return g.key; }, function (g) { return String(g.tracked); },
      function (g) { return fmt(g.medianVariance); }, function (g) { return fmt(g.medianEffectiveSampleSize); },
      function (g) { return fmt(g.medianAutocorrelationTime); }]);
    document.getElementById('directions-none').style.display = s.directions.length ? 'none' : '';
    rows('directions', s.directions, [function (d) { return String(d.index); }, function (d) { return fmt(d.eigenvalue); },
      function (d) { return fmt(d.variance); }, function (d) { return fmt(d.effectiveSampleSize); }]);
    if (s.phase === 'DONE') {
      setTimeout(function () { window.location.reload(); }, 200);
      return false;
    }
    return s.phase !== 'FAILED';
  }

  function poll() {
    fetch('snapshot.json', { cache: 'no-store' })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (s) {
        var again = s ? show(s) : true;
        if (again) { setTimeout(poll, 1000); }
      })
      .catch(function () {
        text('phase', 'not reachable: training may have ended (the listener stops serving with its JVM)');
        setTimeout(poll, 2000);
      });
  }
  poll();
})();
