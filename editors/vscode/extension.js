// Starts `crosscheck lsp` for the YAML files of the open folder.
const vscode = require("vscode");
const { LanguageClient } = require("vscode-languageclient/node");

let client;

function activate() {
  const config = vscode.workspace.getConfiguration("crosscheck");
  const options = {};
  if (config.get("articles")) options.articles = config.get("articles");
  if (config.get("docsUrl")) options.docsUrl = config.get("docsUrl");
  client = new LanguageClient(
    "crosscheck",
    "crosscheck",
    { command: config.get("path") || "crosscheck", args: ["lsp"] },
    {
      documentSelector: [{ scheme: "file", language: "yaml" }],
      initializationOptions: options,
    }
  );
  return client.start();
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
