// The draft page: live character and hashtag counts, the "see more" fold, a copy button.
(function () {
  "use strict";
  function fold(text, chars, lines) {
    var width = Math.max(1, Math.floor(chars / lines));
    var shown = [], usedLines = 0, usedChars = 0, all = text.split("\n");
    for (var i = 0; i < all.length; i++) {
      var line = all[i], cost = Math.max(1, Math.ceil(line.length / width));
      var roomLines = lines - usedLines, roomChars = chars - usedChars;
      if (roomLines <= 0 || roomChars <= 0) break;
      if (cost > roomLines || line.length > roomChars) {
        shown.push(line.slice(0, Math.min(roomLines * width, roomChars)).replace(/\s+$/, ""));
        break;
      }
      shown.push(line); usedLines += cost; usedChars += line.length + 1;
    }
    var preview = shown.join("\n");
    return preview.length < text.replace(/\s+$/, "").length ? preview + "… see more" : preview;
  }
  function pair(value) { return value.split(",").map(Number); }
  document.addEventListener("DOMContentLoaded", function () {
    var body = document.getElementById("draft-body");
    if (!body) return;
    var limit = Number(body.dataset.limit);
    var desktop = pair(body.dataset.foldDesktop), mobile = pair(body.dataset.foldMobile);
    var count = document.getElementById("draft-count");
    var tags = document.getElementById("draft-hashtags");
    function update() {
      var text = body.value.replace(/\r\n/g, "\n");
      count.textContent = String(text.length);
      count.parentElement.classList.toggle("overdue", text.length > limit);
      tags.textContent = String((text.match(/(^|[^\w#])#\w+/g) || []).length);
      document.getElementById("fold-desktop").textContent = fold(text, desktop[0], desktop[1]);
      document.getElementById("fold-mobile").textContent = fold(text, mobile[0], mobile[1]);
    }
    body.addEventListener("input", update);
    var copy = document.getElementById("draft-copy");
    if (copy && navigator.clipboard) {
      copy.hidden = false;
      copy.addEventListener("click", function () {
        navigator.clipboard.writeText(body.value).then(function () { copy.textContent = "Copied"; });
      });
    }
  });
})();
