// The second factor every staff account must set up: a time-based one-time code (RFC 6238)
// from an authenticator app, through the otpauth library.
import { Secret, TOTP } from "otpauth";

// qrcode (with pngjs) is some 13 MB of memory, needed only while someone sets up their app:
// loaded then, not at start.
let qrcodeModule: Promise<typeof import("qrcode")> | undefined;
const loadQrcode = () => (qrcodeModule ??= import("qrcode"));

function totp(secret: string, label = "staff", issuer = "Bluelamp"): TOTP {
  return new TOTP({
    issuer,
    label,
    algorithm: "SHA1",
    digits: 6,
    period: 30,
    secret: Secret.fromBase32(secret),
  });
}

export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

/** True when the code is right for now, or for the 30 seconds either side (clock drift). */
export function verifyTotp(secret: string, code: string, now: Date = new Date()): boolean {
  const token = code.replace(/\s/g, "");
  if (!/^\d{6}$/.test(token)) return false;
  return totp(secret).validate({ token, timestamp: now.getTime(), window: 1 }) !== null;
}

export function totpCode(secret: string, now: Date = new Date()): string {
  return totp(secret).generate({ timestamp: now.getTime() });
}

/** What the set-up page shows: the key to type in, and a QR code (inline SVG) to scan. */
export async function totpEnrolment(secret: string, email: string, issuer: string) {
  const uri = totp(secret, email, issuer).toString();
  const QRCode = await loadQrcode();
  const svg = await QRCode.toString(uri, { type: "svg", margin: 1, errorCorrectionLevel: "M" });
  return { uri, svg, key: secret.replace(/(.{4})/g, "$1 ").trim() };
}
