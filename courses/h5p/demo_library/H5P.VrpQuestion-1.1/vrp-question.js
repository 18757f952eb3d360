/* H5P.VrpQuestion: builds one accessible multiple-choice question (a fieldset of radio buttons). */
var H5P = H5P || {};
H5P.VrpQuestion = (function () {
  "use strict";

  function choices(options) {
    var fieldset = document.createElement("fieldset");
    fieldset.className = "h5p-vrp-question";
    var legend = document.createElement("legend");
    legend.className = "h5p-vrp-question__legend";
    legend.textContent = options.legend || "";
    fieldset.appendChild(legend);
    options.answers.forEach(function (answer, index) {
      var row = document.createElement("div");
      row.className = "h5p-vrp-question__choice";
      var input = document.createElement("input");
      input.type = "radio";
      input.name = options.id;
      input.id = options.id + "-" + index;
      input.value = String(index);
      input.checked = options.checked === index;
      input.addEventListener("change", function () { if (input.checked) options.onChange(index); });
      var label = document.createElement("label");
      label.htmlFor = input.id;
      label.textContent = answer;
      row.appendChild(input);
      row.appendChild(label);
      fieldset.appendChild(row);
    });
    return fieldset;
  }

  return { choices: choices };
})();
