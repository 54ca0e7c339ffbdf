/**
 * The earnings chart: an agent's total commission against additional sales, drawn as plain SVG
 * from the engine's curve (`points` for the line, `breakpoints` marked where the marginal rate
 * changes, the total jumps or a tier or level is reached), with a marker at the what-if amount.
 */
import { h, replace } from "./dom.js";
import { format, toNumber } from "./decimal.js";

const WIDTH = 760;
const HEIGHT = 320;
const PAD = { left: 78, right: 24, top: 20, bottom: 46 };

/** About five round tick values from 0 to `max`. */
function ticks(max) {
  if (!(max > 0)) return [0];
  const raw = max / 5;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * power).find((s) => s >= raw);
  const out = [];
  for (let v = 0; v <= max + step / 1e6; v += step) out.push(v);
  return out;
}

/** Tick label: thousands as "12k", otherwise the number. */
function tickLabel(v) {
  if (v >= 1000) return `${Number((v / 1000).toFixed(2))}k`;
  return String(Number(v.toFixed(2)));
}

/** Draws and redraws the chart inside an `<svg>` element. */
export class EarningsChart {
  /** @param {SVGSVGElement} svg */
  constructor(svg) {
    this.svg = svg;
    this.svg.setAttribute("viewBox", `0 0 ${WIDTH} ${HEIGHT}`);
  }

  /**
   * Draws a curve `{ breakpoints: [{at,total,rate,crossings}], points: [{at,total}] }`, or clears the
   * chart when `curve` is null.
   */
  draw(curve, currency) {
    this.curve = curve;
    this.currency = currency;
    if (!curve?.points?.length) {
      replace(this.svg);
      return;
    }
    const xs = curve.points.map((p) => toNumber(p.at));
    const ys = curve.points
      .map((p) => toNumber(p.total))
      .concat(curve.breakpoints.map((b) => toNumber(b.total)));
    this.xMax = Math.max(...xs) || 1;
    this.yMin = Math.min(0, ...ys);
    this.yMax = Math.max(...ys) * 1.08 || 1;
    const x = (v) => this.x(v);
    const y = (v) => this.y(v);
    const grid = ticks(this.yMax).map((v) =>
      h(
        "svg:g",
        {},
        h("svg:line", { class: "grid", x1: PAD.left, x2: WIDTH - PAD.right, y1: y(v), y2: y(v) }),
        h("svg:text", { class: "tick", x: PAD.left - 8, y: y(v) + 4, "text-anchor": "end" }, tickLabel(v)),
      ),
    );
    const xTicks = ticks(this.xMax).map((v) =>
      h(
        "svg:text",
        { class: "tick", x: x(v), y: HEIGHT - PAD.bottom + 18, "text-anchor": "middle" },
        `+${tickLabel(v)}`,
      ),
    );
    // The line goes through the plotting points and the exact breakpoints, in order, so that
    // it passes through every breakpoint and a jump shows as a (nearly) vertical step.
    const vertices = [...curve.points, ...curve.breakpoints.filter((b) => toNumber(b.at) <= this.xMax)]
      .map((p) => [toNumber(p.at), toNumber(p.total)])
      .sort((a, b) => a[0] - b[0]);
    const path = vertices
      .map(([at, total], i) => `${i ? "L" : "M"}${x(at).toFixed(1)},${y(total).toFixed(1)}`)
      .join(" ");
    let lastLabelX = -Infinity;
    let labelRow = 0;
    const marks = curve.breakpoints
      .filter((b) => toNumber(b.at) > 0 && toNumber(b.at) <= this.xMax)
      .map((b) => {
        const bx = x(toNumber(b.at));
        labelRow = bx - lastLabelX < 48 ? labelRow + 1 : 0;
        lastLabelX = bx;
        return h(
          "svg:g",
          { class: "breakpoint", dataset: { at: b.at, total: b.total, rate: b.rate } },
          h("svg:line", { x1: bx, x2: bx, y1: PAD.top, y2: HEIGHT - PAD.bottom }),
          h("svg:circle", { cx: bx, cy: y(toNumber(b.total)), r: 4.5 }),
          h("svg:text", { x: bx + 5, y: PAD.top + 12 + labelRow * 15 }, `${format(b.rate)} %`),
          h(
            "svg:title",
            {},
            `At +${format(b.at)} ${currency}: total ${format(b.total)}, then ${format(b.rate)} % on each extra sale` +
              (b.crossings ?? [])
                .map(
                  (c) =>
                    `; ${c.kind}${c.period ? ` ${c.period}` : ""}: ${c.from || "none"} → ${c.to || "none"}`,
                )
                .join(""),
          ),
        );
      });
    replace(
      this.svg,
      h("svg:title", {}, `Total commission against additional sales, in ${currency}`),
      grid,
      h("svg:line", { class: "axis", x1: PAD.left, x2: WIDTH - PAD.right, y1: y(0), y2: y(0) }),
      xTicks,
      h(
        "svg:text",
        {
          class: "axis-label",
          x: (PAD.left + WIDTH - PAD.right) / 2,
          y: HEIGHT - 6,
          "text-anchor": "middle",
        },
        `Additional sales (${currency})`,
      ),
      h(
        "svg:text",
        {
          class: "axis-label",
          x: 14,
          y: (PAD.top + HEIGHT - PAD.bottom) / 2,
          "text-anchor": "middle",
          transform: `rotate(-90 14 ${(PAD.top + HEIGHT - PAD.bottom) / 2})`,
        },
        `Total commission (${currency})`,
      ),
      h("svg:path", { class: "curve", d: path }),
      marks,
      (this.marker = h("svg:g", { class: "marker" })),
    );
    if (this.markerAt) this.mark(this.markerAt.amount, this.markerAt.total);
  }

  /** Moves the what-if marker to `amount` (added sales) with the engine's `total` there. */
  mark(amount, total) {
    this.markerAt = { amount, total };
    if (!this.marker || !this.curve?.points?.length) return;
    const cx = this.x(Math.min(toNumber(amount), this.xMax));
    const cy = this.y(toNumber(total));
    replace(
      this.marker,
      h("svg:line", { x1: cx, x2: cx, y1: PAD.top, y2: HEIGHT - PAD.bottom }),
      h("svg:circle", { cx, cy, r: 6 }),
      h(
        "svg:text",
        {
          x: cx > WIDTH * 0.7 ? cx - 8 : cx + 8,
          y: HEIGHT - PAD.bottom - 10,
          "text-anchor": cx > WIDTH * 0.7 ? "end" : "start",
        },
        `+${format(amount)} → ${format(total)}`,
      ),
    );
    this.marker.dataset.amount = amount;
    this.marker.dataset.total = total;
  }

  /** Horizontal position of an added amount. */
  x(v) {
    return PAD.left + (v / this.xMax) * (WIDTH - PAD.left - PAD.right);
  }

  /** Vertical position of a total. */
  y(v) {
    return (
      HEIGHT - PAD.bottom - ((v - this.yMin) / (this.yMax - this.yMin)) * (HEIGHT - PAD.top - PAD.bottom)
    );
  }
}
