/**
 * The sample quote form: every edit of the form sets the widget's `quote`; the widget does the
 * rest (it compiles the plan and loads the history once, then asks the engine what the quote
 * changes). Editing the plan's JSON sets its `plan`.
 */
import "commission-engine/element";
import sample from "./sample.json" with { type: "json" };

const $ = (id) => document.getElementById(id);
const estimate = $("estimate");

for (const c of sample.customers) $("customer").add(new Option(c.name, c.id));
for (const p of sample.products) $("product").add(new Option(p.name, p.id));
$("customer").value = "initech";
$("unit-price").value = sample.products[0].unit_price;
$("plan-text").value = JSON.stringify(sample.plan, null, 2);

/** The quote as an invoice of the contract, from the form (numbers as the decimal text typed). */
function quoteInvoice() {
  return {
    id: "Q-2026-031",
    date: sample.date,
    customer: $("customer").value,
    agents: [{ id: sample.agent }],
    lines: [
      {
        product: $("product").value,
        quantity: $("quantity").value || "0",
        unit_price: $("unit-price").value || "0",
        discount_percent: $("discount").value || "0",
      },
    ],
  };
}

function update() {
  estimate.quote = quoteInvoice();
}

$("product").addEventListener("change", () => {
  $("unit-price").value = sample.products.find((p) => p.id === $("product").value).unit_price;
  update();
});
$("quote-form").addEventListener("input", (event) => {
  if (event.target.id === "plan-text") estimate.plan = event.target.value;
  else update();
});
$("quote-form").addEventListener("submit", (event) => event.preventDefault());

estimate.plan = sample.plan;
estimate.history = sample.history;
update();
