// Camera scan of a QR passport where the browser has BarcodeDetector; otherwise the text field
// (a hand scanner or the phone camera app pastes the URL there).
(function () {
  "use strict";
  const button = document.getElementById("rc-camera");
  const video = document.getElementById("rc-video");
  const field = document.getElementById("id_passport");
  if (!button || !video || !field || !("BarcodeDetector" in window) || !navigator.mediaDevices) {
    return;
  }
  button.hidden = false;
  button.addEventListener("click", async function () {
    let stream;
    try {
      const detector = new window.BarcodeDetector({ formats: ["qr_code"] });
      stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" } });
      video.srcObject = stream;
      video.hidden = false;
      await video.play();
      const look = async function () {
        const codes = await detector.detect(video).catch(function () { return []; });
        if (codes.length) {
          stream.getTracks().forEach(function (track) { track.stop(); });
          field.value = codes[0].rawValue;
          field.form.querySelector('button[value="passport"]').click();
          return;
        }
        window.requestAnimationFrame(look);
      };
      look();
    } catch (error) {
      if (stream) { stream.getTracks().forEach(function (track) { track.stop(); }); }
      video.hidden = true;
      field.focus();
    }
  });
})();
