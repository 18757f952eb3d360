/*
 * H5P.VrpCheck: one multiple-choice question with feedback, written for this platform.
 *
 * Accessible by construction: the question labels a group of native radio buttons, checking is a
 * real button, and feedback is announced politely. No timer; the learner may check again.
 * Remembers the learner's choice (getCurrentState, restored from extras.previousState), so a learner
 * who leaves finds their answer again, as H5P's own question types do.
 * Texts arrive cleaned by the server to the tags semantics.json allows (plain text fields are
 * escaped), which is why they are inserted as HTML, as H5P content types do.
 */
var H5P = H5P || {};

H5P.VrpCheck = (function () {
  "use strict";

  var DEFAULT_L10N = {
    check: "Check your answer",
    chooseAnswer: "Choose an answer, then check it.",
    correct: "That's right.",
    incorrect: "Not quite. Read the feedback, then try again if you like."
  };
  var instances = 0;

  function element(tag, className, html) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (html !== undefined) node.innerHTML = html;
    return node;
  }

  function VrpCheck(params, contentId, extras) {
    H5P.EventDispatcher.call(this);
    this.params = params || {};
    this.contentId = contentId;
    this.extras = extras || {};
    this.l10n = Object.assign({}, DEFAULT_L10N, this.params.l10n || {});
    this.answers = Array.isArray(this.params.answers) ? this.params.answers : [];
    this.score = 0;
    this.answerGiven = false;
    this.uid = "vrp-check-" + contentId + "-" + (instances += 1);
    var previous = this.extras.previousState;
    var index = previous && typeof previous.chosen === "number" ? previous.chosen : null;
    this.chosen = index !== null && index >= 0 && index < this.answers.length ? index : null;
    this.wasChecked = Boolean(previous && previous.checked && this.chosen !== null);
    if (this.wasChecked) {
      this.answerGiven = true;
      this.score = (this.answers[this.chosen] || {}).correct === true ? 1 : 0;
    }
  }

  VrpCheck.prototype = Object.create(H5P.EventDispatcher.prototype);
  VrpCheck.prototype.constructor = VrpCheck;

  VrpCheck.prototype.attach = function ($container) {
    var self = this;
    var root = $container.get ? $container.get(0) : $container;
    root.classList.add("vrp-check");
    root.innerHTML = "";

    var question = element("div", "vrp-check__question", this.params.question || "");
    question.id = this.uid + "-question";
    root.appendChild(question);

    var group = element("div", "vrp-check__answers");
    group.setAttribute("role", "radiogroup");
    group.setAttribute("aria-labelledby", question.id);
    this.answers.forEach(function (answer, index) {
      var row = element("div", "vrp-check__answer");
      var input = document.createElement("input");
      input.type = "radio";
      input.name = self.uid;
      input.id = self.uid + "-" + index;
      input.value = String(index);
      input.checked = index === self.chosen;
      input.addEventListener("change", function () { self.chosen = index; });
      var label = element("label", "", (answer && answer.text) || "");
      label.htmlFor = input.id;
      row.appendChild(input);
      row.appendChild(label);
      group.appendChild(row);
    });
    root.appendChild(group);

    var error = element("p", "vrp-check__error");
    error.id = this.uid + "-error";
    error.hidden = true;
    error.textContent = this.l10n.chooseAnswer;
    root.appendChild(error);

    var button = element("button", "vrp-check__button");
    button.type = "button";
    button.innerHTML = this.l10n.check;
    root.appendChild(button);

    var feedback = element("div", "vrp-check__feedback");
    feedback.setAttribute("role", "status");
    feedback.setAttribute("aria-live", "polite");
    root.appendChild(feedback);
    this.trigger("resize");

    function showFeedback(answer, success) {
      feedback.innerHTML = "<p>" + (success ? self.l10n.correct : self.l10n.incorrect) + "</p>" + (answer.feedback || "");
    }
    if (this.wasChecked) {
      // Shown again as it was; the score was sent when it was first checked, so nothing is sent now.
      var earlier = this.answers[this.chosen] || {};
      showFeedback(earlier, earlier.correct === true);
    }

    button.addEventListener("click", function () {
      var chosen = group.querySelector("input:checked");
      if (!chosen) {
        error.hidden = false;
        group.setAttribute("aria-describedby", error.id);
        var first = group.querySelector("input");
        if (first) first.focus();
        self.trigger("resize");
        return;
      }
      error.hidden = true;
      group.removeAttribute("aria-describedby");
      var answer = self.answers[Number(chosen.value)] || {};
      var success = answer.correct === true;
      self.score = success ? 1 : 0;
      self.answerGiven = true;
      self.wasChecked = true;
      showFeedback(answer, success);
      self.triggerXAPIScored(self.score, self.getMaxScore(), "answered", true, success);
      self.trigger("resize");
    });
  };

  VrpCheck.prototype.getScore = function () { return this.score; };
  VrpCheck.prototype.getMaxScore = function () { return 1; };
  VrpCheck.prototype.getAnswerGiven = function () { return this.answerGiven; };
  VrpCheck.prototype.resetTask = function () {
    this.score = 0;
    this.answerGiven = false;
    this.chosen = null;
    this.wasChecked = false;
  };
  // What H5P saves every saveFreq seconds; nothing until the learner has chosen.
  VrpCheck.prototype.getCurrentState = function () {
    if (this.chosen === null) return undefined;
    return { chosen: this.chosen, checked: this.wasChecked };
  };
  VrpCheck.prototype.getTitle = function () {
    var title = (this.extras.metadata && this.extras.metadata.title) || "Knowledge check";
    return H5P.createTitle ? H5P.createTitle(title) : title;
  };

  return VrpCheck;
})();
