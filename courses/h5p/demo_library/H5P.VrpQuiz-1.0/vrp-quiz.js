/* H5P.VrpQuiz: several multiple-choice questions on one page. Remembers the learner's choices
   (getCurrentState), so a learner who leaves half-way finds them again. Written for the partnership. */
var H5P = H5P || {};
H5P.VrpQuiz = (function () {
  "use strict";

  function VrpQuiz(params, contentId, extras) {
    H5P.EventDispatcher.call(this);
    this.params = params || {};
    this.contentId = contentId;
    this.l10n = Object.assign({
      check: "Check your answers",
      result: "You got :score out of :total.",
      unanswered: "Answer every question, then check."
    }, this.params.l10n || {});
    var previous = extras && extras.previousState;
    this.answers = previous && previous.answers && typeof previous.answers === "object" ? previous.answers : {};
  }

  VrpQuiz.prototype = Object.create(H5P.EventDispatcher.prototype);
  VrpQuiz.prototype.constructor = VrpQuiz;

  VrpQuiz.prototype.questions = function () {
    return Array.isArray(this.params.questions) ? this.params.questions : [];
  };

  VrpQuiz.prototype.attach = function ($container) {
    var self = this;
    var root = $container.get(0);
    root.classList.add("h5p-vrp-quiz");
    root.innerHTML = "";
    if (this.params.intro) {
      var intro = document.createElement("div");
      intro.className = "h5p-vrp-quiz__intro";
      intro.innerHTML = this.params.intro;  // cleaned to p, strong and em when the package was uploaded
      root.appendChild(intro);
    }
    this.questions().forEach(function (question, index) {
      root.appendChild(H5P.VrpQuestion.choices({
        id: "vrp-quiz-" + self.contentId + "-" + index,
        legend: question.text,
        answers: question.answers || [],
        checked: self.answers[index],
        onChange: function (choice) { self.answers[index] = choice; }
      }));
    });
    this.status = document.createElement("p");
    this.status.className = "h5p-vrp-quiz__status";
    this.status.setAttribute("role", "status");
    root.appendChild(H5P.VrpUI.button(this.l10n.check, function () { self.check(); }));
    root.appendChild(this.status);
  };

  VrpQuiz.prototype.getScore = function () {
    var answers = this.answers;
    return this.questions().filter(function (question, index) { return answers[index] === question.correct; }).length;
  };

  VrpQuiz.prototype.getMaxScore = function () {
    return this.questions().length;
  };

  VrpQuiz.prototype.check = function () {
    var total = this.getMaxScore();
    if (Object.keys(this.answers).length < total) {
      this.status.textContent = this.l10n.unanswered;
      return;
    }
    var score = this.getScore();
    var pass = (this.params.behaviour && this.params.behaviour.passPercentage) || 50;
    if (!this.params.behaviour || this.params.behaviour.showResult !== "none") {
      this.status.textContent = this.l10n.result.replace(":score", score).replace(":total", total);
    }
    this.triggerXAPIScored(score, total, "answered", true, total > 0 && (score * 100) / total >= pass);
  };

  VrpQuiz.prototype.getCurrentState = function () {
    return { answers: this.answers };
  };

  return VrpQuiz;
})();
