export {
  analyzeMessage,
  applySuggestions,
  type CharacterOccurrences,
  type MessageAnalysis,
  type ReplacementSuggestion,
} from "./analyze-message.js";
export {
  decodeGsm,
  encodeGsm,
  GSM_ESCAPE,
  gsmSeptetCount,
  gsmSeptetLength,
  gsmSeptetLengthAt,
  isGsmText,
} from "./gsm-alphabet.js";
export { lookAlikeReplacement } from "./look-alikes.js";
export {
  chooseEncoding,
  encodedLength,
  type MessagePlan,
  planMessage,
  smsLimits,
  splitMessage,
  type TextEncoding,
} from "./message-split.js";
export { decodeUcs2, encodeUcs2, startsSurrogatePair } from "./ucs2.js";
