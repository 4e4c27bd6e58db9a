/**
 * Countries the destination policy can name: ISO 3166-1 alpha-2 code, ITU-T E.164 country
 * calling code, the mobile country codes (ITU-T E.212 MCC) of their SIMs, and the trunk prefix
 * of national numbers ("0" in most; none where national numbers are dialled as they are; "1"
 * in the North American Numbering Plan). Not every country on earth: a country missing here
 * can still be allowed by its calling code (`+NNN` in `sms.policy.allowedCountries`).
 */
export interface Country {
  iso: string;
  callingCode: string;
  mccs: readonly string[];
  trunk: "0" | "" | "1";
}

// [iso, calling code, MCCs, trunk prefix]
const TABLE: ReadonlyArray<readonly [string, string, string, ("0" | "" | "1")?]> = [
  // Europe
  ["AD", "376", "213", ""],
  ["AL", "355", "276"],
  ["AT", "43", "232"],
  ["BA", "387", "218"],
  ["BE", "32", "206"],
  ["BG", "359", "284"],
  ["BY", "375", "257", ""],
  ["CH", "41", "228"],
  ["CY", "357", "280", ""],
  ["CZ", "420", "230", ""],
  ["DE", "49", "262"],
  ["DK", "45", "238", ""],
  ["EE", "372", "248", ""],
  ["ES", "34", "214", ""],
  ["FI", "358", "244"],
  ["FO", "298", "288", ""],
  ["FR", "33", "208"],
  ["GB", "44", "234 235"],
  ["GI", "350", "266", ""],
  ["GR", "30", "202", ""],
  ["HR", "385", "219"],
  ["HU", "36", "216", ""],
  ["IE", "353", "272"],
  ["IS", "354", "274", ""],
  ["IT", "39", "222", ""],
  ["LI", "423", "295", ""],
  ["LT", "370", "246", ""],
  ["LU", "352", "270", ""],
  ["LV", "371", "247", ""],
  ["MC", "377", "212", ""],
  ["MD", "373", "259"],
  ["ME", "382", "297"],
  ["MK", "389", "294"],
  ["MT", "356", "278", ""],
  ["NL", "31", "204"],
  ["NO", "47", "242", ""],
  ["PL", "48", "260", ""],
  ["PT", "351", "268", ""],
  ["RO", "40", "226"],
  ["RS", "381", "220"],
  ["SE", "46", "240"],
  ["SI", "386", "293"],
  ["SK", "421", "231"],
  ["SM", "378", "292", ""],
  ["TR", "90", "286"],
  ["UA", "380", "255"],
  ["VA", "379", "225", ""],
  // North America (NANP: +1 is shared; see the deny-list for its Caribbean area codes)
  ["US", "1", "310 311 312 313 314 315 316", "1"],
  ["CA", "1", "302", "1"],
  ["MX", "52", "334", ""],
  // South America
  ["AR", "54", "722"],
  ["BR", "55", "724"],
  ["CL", "56", "730", ""],
  ["CO", "57", "732", ""],
  ["PE", "51", "716"],
  ["UY", "598", "748"],
  // Asia and Oceania
  ["AE", "971", "424 430 431"],
  ["AU", "61", "505"],
  ["CN", "86", "460"],
  ["HK", "852", "454", ""],
  ["ID", "62", "510"],
  ["IL", "972", "425"],
  ["IN", "91", "404 405 406"],
  ["JP", "81", "440 441"],
  ["KR", "82", "450"],
  ["KZ", "7", "401", ""],
  ["MY", "60", "502"],
  ["NZ", "64", "530"],
  ["PH", "63", "515"],
  ["PK", "92", "410"],
  ["RU", "7", "250", ""],
  ["SA", "966", "420"],
  ["SG", "65", "525", ""],
  ["TH", "66", "520"],
  ["TW", "886", "466"],
  ["VN", "84", "452"],
  // Africa
  ["EG", "20", "602"],
  ["KE", "254", "639"],
  ["MA", "212", "604"],
  ["NG", "234", "621"],
  ["TN", "216", "605", ""],
  ["ZA", "27", "655"],
];

export const COUNTRIES: ReadonlyMap<string, Country> = new Map(
  TABLE.map(([iso, callingCode, mccs, trunk]) => [
    iso,
    { iso, callingCode, mccs: mccs.split(" "), trunk: trunk ?? "0" },
  ]),
);

const BY_MCC: ReadonlyMap<string, Country> = new Map(
  [...COUNTRIES.values()].flatMap((c) => c.mccs.map((m) => [m, c] as const)),
);

export function countryByIso(iso: string): Country | undefined {
  return COUNTRIES.get(iso.toUpperCase());
}

/** The country of a SIM from the first three digits (MCC) of its IMSI. */
export function countryOfImsi(imsi: string): Country | undefined {
  return BY_MCC.get(imsi.slice(0, 3));
}

/**
 * A national number (as `normaliseNumber` gives it) in international form for `country`:
 * the trunk prefix dropped, the calling code put in front.
 */
export function nationalToInternational(national: string, country: Country): string {
  let n = national;
  if (country.trunk === "0" && n.startsWith("0")) n = n.slice(1);
  else if (country.trunk === "1" && n.length === 11 && n.startsWith("1")) n = n.slice(1);
  return `+${country.callingCode}${n}`;
}
