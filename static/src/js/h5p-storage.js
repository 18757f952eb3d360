// Loaded in the H5P player and in the frame H5P content runs in. Browsers that block storage in
// third-party frames (private windows, blocked third-party cookies) throw on any read of
// localStorage; H5P core reads it while starting content and stops half-way, so the learner's
// answers would never be saved. Here such a browser gets an in-memory stand-in instead.
(function () {
  "use strict";
  try {
    window.localStorage.getItem("vrp-h5p-probe");
    return;
  } catch (error) {
    // blocked: fall through to the stand-in
  }
  var items = {};
  var memory = {
    getItem: function (key) { return Object.prototype.hasOwnProperty.call(items, key) ? items[key] : null; },
    setItem: function (key, value) { items[key] = String(value); },
    removeItem: function (key) { delete items[key]; },
    clear: function () { items = {}; },
    key: function (index) { var keys = Object.keys(items); return index < keys.length ? keys[index] : null; },
    get length() { return Object.keys(items).length; }
  };
  try {
    Object.defineProperty(window, "localStorage", { value: memory, configurable: true });
  } catch (error) {
    // the browser does not allow it: H5P will start without saving
  }
})();
