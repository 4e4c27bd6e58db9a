/**
 * Number ranges no SMS from the gateway goes to, whatever the allowed countries: premium-rate,
 * shared-cost, satellite and international network ranges. These are where "SMS pumping"
 * (artificially inflated traffic) pays the attacker per message terminated, which is why SMS
 * APIs block them by default (geo permissions and pumping protection). Kept small on purpose:
 * a prefix here costs the owner nothing he would send to in normal use.
 *
 * Prefixes are in international form (`+` and digits); national numbers are compared after
 * conversion with the SIM's country.
 */
export interface DeniedRange {
  prefix: string;
  what: string;
}

const NANP_CARIBBEAN = [
  "242",
  "246",
  "264",
  "268",
  "284",
  "345",
  "441",
  "473",
  "649",
  "658",
  "664",
  "721",
  "758",
  "767",
  "784",
  "809",
  "829",
  "849",
  "868",
  "869",
  "876",
];

export const DENIED_RANGES: readonly DeniedRange[] = [
  { prefix: "+870", what: "Inmarsat (satellite)" },
  { prefix: "+881", what: "Global Mobile Satellite System (satellite)" },
  { prefix: "+882", what: "International Networks (shared-cost, often premium)" },
  { prefix: "+883", what: "International Networks (shared-cost, often premium)" },
  { prefix: "+979", what: "International Premium Rate Service" },
  { prefix: "+808", what: "International Shared Cost Service" },
  { prefix: "+4470", what: "UK personal numbering (premium-rate redirect)" },
  { prefix: "+4487", what: "UK special services (revenue share)" },
  { prefix: "+4490", what: "UK premium rate (09)" },
  { prefix: "+4491", what: "UK premium rate (09)" },
  { prefix: "+4498", what: "UK premium rate (09, adult)" },
  { prefix: "+49137", what: "German mass-traffic numbers (0137)" },
  { prefix: "+49180", what: "German shared-cost numbers (0180)" },
  { prefix: "+49900", what: "German premium rate (0900)" },
  { prefix: "+43900", what: "Austrian premium rate (0900)" },
  { prefix: "+43930", what: "Austrian premium rate (0930)" },
  { prefix: "+41900", what: "Swiss premium rate (0900)" },
  { prefix: "+41906", what: "Swiss premium rate (0906)" },
  { prefix: "+3190", what: "Dutch premium rate (090x)" },
  { prefix: "+3290", what: "Belgian premium rate (090x)" },
  { prefix: "+3389", what: "French premium rate (089)" },
  { prefix: "+39892", what: "Italian premium rate (892)" },
  { prefix: "+39899", what: "Italian premium rate (899)" },
  { prefix: "+34803", what: "Spanish premium rate (803)" },
  { prefix: "+34806", what: "Spanish premium rate (806)" },
  { prefix: "+34807", what: "Spanish premium rate (807)" },
  { prefix: "+34905", what: "Spanish mass-calling numbers (905)" },
  { prefix: "+1900", what: "North American premium rate (900)" },
  ...NANP_CARIBBEAN.map((area) => ({
    prefix: `+1${area}`,
    what: "North American area code outside the US and Canada (Caribbean; an SMS pumping target)",
  })),
];

/** The denied range `international` falls in, if any. */
export function deniedRange(international: string): DeniedRange | undefined {
  return DENIED_RANGES.find((r) => international.startsWith(r.prefix));
}
