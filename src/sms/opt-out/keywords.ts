/** What an inbound SMS asks of the opt-out list, if anything. */
export interface OptOutKeywords {
  stopKeywords: readonly string[];
  startKeywords: readonly string[];
}

export type KeywordAction = { action: "stop" | "start"; keyword: string };

/**
 * A message whose whole text, trimmed, is a stop or start keyword (any case): `stop`, ` Stop `.
 * "Please stop the alarm" is a sentence, not an opt-out, so nothing less than the whole text
 * counts. Stop wins when a word is in both lists (texting someone who asked not to be is the
 * worse mistake).
 */
export function keywordOf(text: string, k: OptOutKeywords): KeywordAction | undefined {
  const word = text.trim().toUpperCase();
  if (word === "") return undefined;
  if (k.stopKeywords.some((s) => s.trim().toUpperCase() === word))
    return { action: "stop", keyword: word };
  if (k.startKeywords.some((s) => s.trim().toUpperCase() === word))
    return { action: "start", keyword: word };
  return undefined;
}
