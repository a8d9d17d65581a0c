// Usage: npm install yaml-language-server vscode-languageserver-textdocument; node scripts/yaml-ls-validate.js FILE.yaml
// Validates a YAML file with yaml-language-server's own language service, as an editor would.
const fs = require('fs');
const path = require('path');
const { getLanguageService } = require('yaml-language-server/lib/umd/languageservice/yamlLanguageService');
const { TextDocument } = require('vscode-languageserver-textdocument');
const file = path.resolve(process.argv[2]);
const text = fs.readFileSync(file, 'utf8');
const ls = getLanguageService({
  schemaRequestService: (uri) => Promise.resolve(fs.readFileSync(new URL(uri), 'utf8')),
  workspaceContext: { resolveRelativePath: (rel, res) => new URL(rel, res).toString() },
});
ls.configure({ validate: true, completion: true, hover: true, isKubernetes: false, yamlVersion: '1.2' });
const doc = TextDocument.create('file://' + file, 'yaml', 1, text);
ls.doValidation(doc, false).then((diags) => {
  for (const d of diags) console.log(`${d.range.start.line + 1}:${d.range.start.character + 1} ${d.message}`);
  console.log(`${diags.length} diagnostics`);
});
