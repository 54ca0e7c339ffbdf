/**
 * Exact handling of the engine's decimal strings ("12500.00", "-3.5", "7"): formatting for
 * display and comparing for sorting, on the digits (BigInt), never through a
 * binary float, so that what the page shows is exactly what the engine computed.
 */

const DECIMAL = /^(-)?(\d+)(?:\.(\d+))?$/;

/** Splits a decimal string into sign, integer digits and fraction digits; null if not one. */
function parts(text) {
  const m = DECIMAL.exec(String(text).trim());
  return m ? { negative: Boolean(m[1]), int: m[2], frac: m[3] ?? "" } : null;
}

/** The value scaled to `scale` fraction digits, as a BigInt (truncates extra digits, which callers avoid). */
function scaled(p, scale) {
  const digits = p.int + p.frac.padEnd(scale, "0").slice(0, scale);
  const value = BigInt(digits);
  return p.negative ? -value : value;
}

/** Compares two decimal strings numerically: negative, zero or positive. Non-decimals sort last. */
export function compare(a, b) {
  const pa = parts(a);
  const pb = parts(b);
  if (!pa || !pb) return (pa ? -1 : 1) - (pb ? -1 : 1);
  const scale = Math.max(pa.frac.length, pb.frac.length);
  const d = scaled(pa, scale) - scaled(pb, scale);
  return d < 0n ? -1 : d > 0n ? 1 : 0;
}

/** Formats a decimal string with thousands separators, keeping every digit: "12500.00" → "12,500.00". */
export function format(text) {
  if (text === null || text === undefined) return "";
  const p = parts(text);
  if (!p) return String(text);
  const grouped = p.int.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return `${p.negative ? "−" : ""}${grouped}${p.frac ? `.${p.frac}` : ""}`;
}

/** Formats a difference with its sign always shown: "+62.50", "−3.00", "0.00". */
export function signed(text, currency) {
  const shown = money(text, currency);
  return compare(text, "0") > 0 ? `+${shown}` : shown;
}

/** Formats an amount with its currency code: "USD 12,500.00". */
export function money(text, currency) {
  if (text === null || text === undefined) return "—";
  return currency ? `${format(text)} ${currency}` : format(text);
}

/** An approximate Number for drawing only (bar widths, chart coordinates), never for display. */
export function toNumber(text) {
  const n = Number(text);
  return Number.isFinite(n) ? n : 0;
}
