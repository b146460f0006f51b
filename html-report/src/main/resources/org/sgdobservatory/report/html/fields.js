/* SGD Observatory report page, part 1 of 6: the one reader of report data.
 * Every read of the embedded report goes through a Node, which knows its path from the root. A key that does
 * not exist, or a value of the wrong type, is "missing": its path (indices written []) is recorded in the
 * attribute data-missing-fields on <html>, so a page that drifts from the schema is seen at once. A JSON null is
 * "absent by design" (a number that is not estimable, an empty optional) and is not recorded: numbers read as
 * null, strings as '', lists as []. */
var ReportFields = (function () {
  'use strict';
  var root = document.documentElement;
  var missing = {};

  function record(path, why) {
    var key = (path || '(root)').replace(/\[\d+\]/g, '[]') + ' (' + why + ')';
    if (missing[key]) { return; }
    missing[key] = true;
    root.setAttribute('data-missing-fields', Object.keys(missing).sort().join('; '));
  }

  function isObject(v) { return v !== null && typeof v === 'object' && !Array.isArray(v); }

  /** A place in the report. gone: the place itself is missing or null, so reads below it are not recorded again. */
  function Node(value, path, gone) {
    this.value = value;
    this.path = path;
    this.gone = !!gone;
  }

  /** {found, value, path} of the child; records a missing key or a parent that is not an object. */
  Node.prototype.child = function (name) {
    var path = this.path === '' ? name : this.path + '.' + name;
    if (this.gone) { return { found: false, path: path }; }
    if (!isObject(this.value)) {
      record(this.path, 'not an object');
      this.gone = true;
      return { found: false, path: path };
    }
    if (!Object.prototype.hasOwnProperty.call(this.value, name)) {
      record(path, 'missing');
      return { found: false, path: path };
    }
    return { found: true, value: this.value[name], path: path };
  };

  function wrong(c, type) { record(c.path, 'not ' + type); }

  /** A finite number, or null (JSON null = not estimable; missing and wrong types are recorded). */
  Node.prototype.num = function (name) {
    var c = this.child(name);
    if (!c.found || c.value === null) { return null; }
    if (typeof c.value !== 'number' || !isFinite(c.value)) { wrong(c, 'a number'); return null; }
    return c.value;
  };

  /** A string, or '' (null = absent by design). */
  Node.prototype.str = function (name) {
    var c = this.child(name);
    if (!c.found || c.value === null) { return ''; }
    if (typeof c.value !== 'string') { wrong(c, 'a string'); return ''; }
    return c.value;
  };

  /** A string that must be one of allowed (an enum constant), or '' (null = absent; another string is recorded). */
  Node.prototype.oneOf = function (name, allowed) {
    var c = this.child(name);
    if (!c.found || c.value === null) { return ''; }
    if (typeof c.value !== 'string' || allowed.indexOf(c.value) < 0) { wrong(c, 'one of ' + allowed.join('|')); return ''; }
    return c.value;
  };

  /** A boolean, or null. */
  Node.prototype.bool = function (name) {
    var c = this.child(name);
    if (!c.found || c.value === null) { return null; }
    if (typeof c.value !== 'boolean') { wrong(c, 'a boolean'); return null; }
    return c.value;
  };

  /** An object, as a Node; a null object (an empty optional) gives a gone Node whose reads return absent. */
  Node.prototype.obj = function (name) {
    var c = this.child(name);
    if (!c.found || c.value === null) { return new Node(null, c.path, true); }
    if (!isObject(c.value)) { wrong(c, 'an object'); return new Node(null, c.path, true); }
    return new Node(c.value, c.path, false);
  };

  /** An optional object: a Node, or null when it is empty (JSON null). */
  Node.prototype.opt = function (name) {
    var c = this.child(name);
    if (!c.found || c.value === null) { return null; }
    if (!isObject(c.value)) { wrong(c, 'an object'); return null; }
    return new Node(c.value, c.path, false);
  };

  /** The elements of a list, as Nodes. */
  Node.prototype.list = function (name) {
    var c = this.child(name);
    if (!c.found || c.value === null) { return []; }
    if (!Array.isArray(c.value)) { wrong(c, 'a list'); return []; }
    return c.value.map(function (v, i) { return new Node(v, c.path + '[' + i + ']', false); });
  };

  /** A list of numbers: each a finite number or null (not estimable); other elements are recorded. */
  Node.prototype.nums = function (name) {
    var c = this.child(name);
    if (!c.found || c.value === null) { return []; }
    if (!Array.isArray(c.value)) { wrong(c, 'a list'); return []; }
    return c.value.map(function (v, i) {
      if (v === null) { return null; }
      if (typeof v !== 'number' || !isFinite(v)) { record(c.path + '[' + i + ']', 'not a number'); return null; }
      return v;
    });
  };

  return {
    /** The root Node of a parsed report. */
    root: function (value) { return new Node(value, '', false); },
    /** Records a path the page needed and could not read. */
    record: record,
    /** The paths recorded so far. */
    missing: function () { return Object.keys(missing).sort(); }
  };
})();
