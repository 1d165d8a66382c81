// Looks a live error message up in a kbgen catalog from JavaScript, as a dashboard would:
//   node examples/consume_catalog.mjs catalog.json ko "...the error message..."
import { readFileSync } from "node:fs";

const [catalogPath, locale, message] = process.argv.slice(2);
const catalog = JSON.parse(readFileSync(catalogPath, "utf8"));

const matches = [];
for (const entry of catalog.entries) {
  for (const candidate of entry.messages) {
    // JavaScript writes named groups `(?<name>...)`; literal text is escaped, so `(?P<` only
    // ever opens a group.
    const found = new RegExp(candidate.pattern.replaceAll("(?P<", "(?<"), candidate.flags).exec(message);
    if (found) {
      matches.push({ specificity: candidate.specificity, entry, values: found.groups ?? {} });
      break;
    }
  }
}
matches.sort((a, b) => b.specificity - a.specificity); // most specific first

if (matches.length === 0) {
  console.error("no entry matches");
  process.exit(1);
}
const { entry, values } = matches[0];
console.log(entry.id, "-", entry.title[locale]);
for (const [name, value] of Object.entries(values)) console.log(`  ${name} = ${value}`);
for (const step of entry.resolution[locale]) console.log("  *", step); // CommonMark, links resolved
console.log("  ->", entry.url[locale]);
