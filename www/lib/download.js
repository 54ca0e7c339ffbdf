/**
 * Downloads of a result: the whole document as JSON, and the itemized lines as CSV
 * (RFC 4180: comma-separated, fields with commas, quotes or line breaks quoted, CRLF rows).
 * Built in the page from a Blob: no server is involved.
 */

/** The CSV columns: every field of a result line. */
const CSV_COLUMNS = [
  "agent",
  "kind",
  "invoice",
  "line",
  "plan",
  "rule",
  "role",
  "earned_on",
  "base",
  "rate",
  "amount",
  "tier",
  "from_agent",
  "what_if",
  "explain",
];

/** One CSV field, quoted when it needs to be. */
function field(value) {
  const text = value === null || value === undefined ? "" : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The result's lines as CSV text, with the plan currency in a column of its own. */
export function linesCsv(result) {
  const header = [...CSV_COLUMNS, "currency"].join(",");
  const rows = result.lines.map((line) =>
    [...CSV_COLUMNS.map((c) => field(line[c])), field(result.currency)].join(","),
  );
  return `${[header, ...rows].join("\r\n")}\r\n`;
}

/** Offers `text` as a file download named `filename`. */
export function download(filename, text, type) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement("a");
  a.href = url;
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
