// Campaign entries: a phone photo above the size limit is scaled down in the browser before it is sent.
// Without script (or without canvas support) the full picture is sent and the server says it is too big.
(function () {
  "use strict";

  var input = document.querySelector("input.js-shrink-photo");
  if (!input || !window.DataTransfer || !window.FileReader || !HTMLCanvasElement.prototype.toBlob) {
    return;
  }
  var limit = parseInt(input.getAttribute("data-max-bytes"), 10);
  var longest = 2048;

  function shrink(file) {
    var reader = new FileReader();
    reader.onload = function () {
      var image = new Image();
      image.onload = function () {
        var scale = Math.min(1, longest / Math.max(image.naturalWidth, image.naturalHeight));
        var canvas = document.createElement("canvas");
        canvas.width = Math.round(image.naturalWidth * scale);
        canvas.height = Math.round(image.naturalHeight * scale);
        canvas.getContext("2d").drawImage(image, 0, 0, canvas.width, canvas.height);
        canvas.toBlob(
          function (blob) {
            if (!blob || blob.size > limit) {
              return;
            }
            var name = file.name.replace(/\.[^.]*$/, "") + ".jpg";
            var transfer = new DataTransfer();
            transfer.items.add(new File([blob], name, { type: "image/jpeg" }));
            input.files = transfer.files;
            input.setAttribute("data-shrunk", "true");
          },
          "image/jpeg",
          0.85
        );
      };
      // A data: URL, because the Content Security Policy allows no blob: images.
      image.src = reader.result;
    };
    reader.readAsDataURL(file);
  }

  input.addEventListener("change", function () {
    var file = input.files && input.files[0];
    input.removeAttribute("data-shrunk");
    if (file && file.size > limit && /^image\/(jpeg|png)$/.test(file.type)) {
      shrink(file);
    }
  });
})();
