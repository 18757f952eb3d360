/* H5P.VrpUI: buttons shared by the partnership's content types. */
var H5P = H5P || {};
H5P.VrpUI = (function () {
  "use strict";

  function button(label, onClick) {
    var element = document.createElement("button");
    element.type = "button";
    element.className = "h5p-vrp-ui-button";
    element.setAttribute("data-vrp-ui-version", H5P.VrpUI.version);
    var icon = document.createElement("span");
    icon.className = "h5p-vrp-icon h5p-vrp-icon--check";
    icon.setAttribute("aria-hidden", "true");
    element.appendChild(icon);
    element.appendChild(document.createTextNode(label));
    element.addEventListener("click", onClick);
    return element;
  }

  return { button: button, version: "1.2.0" };
})();
