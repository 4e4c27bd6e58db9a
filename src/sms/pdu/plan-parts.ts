import type { Encoding } from "./dcs.js";
import { requireString } from "./options.js";
import { makePlan, planTexts } from "./plan.js";
import type { SubmitOptions } from "./types.js";

export interface PlanResult {
  encoding: Encoding;
  /** The text carried by each part, in order; joined they give the text back. */
  parts: string[];
}

/** How encodeSubmit would cut `text`, without building PDUs. Throws PduError like encodeSubmit. */
export function planParts(
  text: string,
  opts: Pick<SubmitOptions, "encoding" | "maxParts" | "national"> = {},
): PlanResult {
  const plan = makePlan(requireString(text, "text"), opts);
  return { encoding: plan.encoding, parts: planTexts(plan) };
}
