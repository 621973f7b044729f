// The QR code of an MFA_SETUP challenge's otpauth:// URI (TotpSetup.uri), drawn on a canvas for
// an authenticator app to scan. @paulmillr/qr encodes the text; each module becomes a square of
// MODULE_PX pixels, dark on white, the quiet zone included.
import encodeQR from "@paulmillr/qr";

const MODULE_PX = 4;

/** Draws `text` as a QR code on `canvas` (error correction level M). */
export function drawQr(canvas, text) {
  const modules = encodeQR(text, "raw", { ecc: "medium" });
  const size = modules.length * MODULE_PX;
  canvas.width = size;
  canvas.height = size;
  const context = canvas.getContext("2d");
  context.fillStyle = "#fff";
  context.fillRect(0, 0, size, size);
  context.fillStyle = "#000";
  modules.forEach((row, y) => {
    row.forEach((dark, x) => {
      if (dark) context.fillRect(x * MODULE_PX, y * MODULE_PX, MODULE_PX, MODULE_PX);
    });
  });
}
