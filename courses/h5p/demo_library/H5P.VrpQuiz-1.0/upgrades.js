/* Content upgrades for H5P.VrpQuiz. Version 1.0 is the first; nothing to upgrade yet. */
var H5PUpgrades = H5PUpgrades || {};
H5PUpgrades["H5P.VrpQuiz"] = (function () {
  return { 1: {} };
})();
