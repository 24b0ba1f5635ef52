// Every row of the table generated from Go's regexp (tests/regex_table/generate.go) must agree with the engine:
// same compile verdict, same full-match and find answers.
import { compileRegex, Regex } from "../../common/regex";
import { FIND, FULL, INPUT, PATTERN, VALID } from "./regex_table";

function show(s: string): string {
  let out = "";
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    out += c >= 0x20 && c < 0x7f ? String.fromCharCode(c) : "\\u" + c.toString(16);
  }
  return "`" + out + "`";
}

describe("regex engine against Go's regexp (RE2)", () => {
  it("agrees on every row of tests/unit/regex_table.ts", () => {
    let disagreements = "";
    let count = 0;
    let lastPattern = "";
    let regex: Regex | null = null;
    let error = "";
    for (let i = 0; i < PATTERN.length; i++) {
      if (i == 0 || PATTERN[i] != lastPattern) {
        lastPattern = PATTERN[i];
        const compiled = compileRegex(lastPattern);
        regex = compiled.regex;
        error = compiled.error;
      }
      let problem = "";
      if ((regex !== null) != VALID[i]) {
        problem = VALID[i] ? "rejected (" + error + ") but RE2 accepts it" : "accepted but RE2 rejects it";
      } else if (regex !== null) {
        const full = regex.fullMatch(INPUT[i]);
        const find = regex.find(INPUT[i]);
        if (full != FULL[i]) problem += " fullMatch " + full.toString() + " but RE2 " + FULL[i].toString();
        if (find != FIND[i]) problem += " find " + find.toString() + " but RE2 " + FIND[i].toString();
      }
      if (problem != "") {
        count++;
        if (count <= 40) disagreements += "\n  " + show(PATTERN[i]) + " on " + show(INPUT[i]) + ": " + problem;
      }
    }
    expect(count).toBe(0, "disagreements:" + disagreements);
    expect(PATTERN.length).toBeGreaterThan(400);
  });
});
