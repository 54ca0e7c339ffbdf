// A CommonJS TypeScript module using the package (its `require` declarations, pkg/index.d.cts);
// type-checked with tsconfig.node16.json.
import init, { calculate, Engine, type EngineError, type PlanDocument } from "commission-engine";

const plan: PlanDocument = { currency: "USD", plans: [{ id: "p", rules: [{ id: "r", percent: "5" }] }] };
export const currency: string = calculate(plan, { invoices: [] }).currency;
export const engine: Engine = new Engine(plan);
export const ready: Promise<void> = init();
export const code = (error: unknown): EngineError["code"] => (error as EngineError).code;
