// Progressive enhancement of the knapsack ballot: keeps "kvar att fördela" up to date while the
// voter ticks proposals. Without this script the server computes the same figures when the
// voter presses "Räkna om"; the voting service checks the ballot again when it is cast.
(function () {
  "use strict";
  var form = document.querySelector("form[data-budget]");
  if (!form) { return; }
  var budget = parseInt(form.getAttribute("data-budget"), 10);
  var remaining = document.getElementById("remaining");
  var spentText = document.getElementById("spent");
  var chosenText = document.getElementById("chosen");
  var fill = document.querySelector(".bar-fill");

  function kronor(amount) {
    var digits = String(Math.abs(amount)).replace(/\B(?=(\d{3})+(?!\d))/g, "\u00a0");
    return (amount < 0 ? "-" : "") + digits + "\u00a0kr";
  }

  function update() {
    var spent = 0;
    var chosen = 0;
    form.querySelectorAll("input[name=choice][data-cost]").forEach(function (box) {
      if (box.checked) {
        spent += parseInt(box.getAttribute("data-cost"), 10);
        chosen += 1;
      }
    });
    var left = budget - spent;
    remaining.textContent = kronor(left);
    remaining.classList.toggle("over", left < 0);
    spentText.textContent = kronor(spent);
    chosenText.textContent = String(chosen);
    if (fill) {
      fill.style.width = Math.min(100, Math.round(100 * spent / Math.max(1, budget))) + "%";
      fill.classList.toggle("over", left < 0);
    }
  }

  form.addEventListener("change", update);
})();
