// Where this extension host runs: on the user's computer, or on the remote side of a remote window
// (Remote-SSH, WSL, Dev Containers, Codespaces). Ponder prefers the user's computer ("extensionKind":
// ["ui", "workspace"]), so that its default Ollama address is the machine in front of the user.
import * as vscode from 'vscode';
import type { Place } from './loopback';

export function ponderPlace(extension: vscode.ExtensionContext): Place {
  return { remoteName: vscode.env.remoteName, runsOnUiSide: extension.extension.extensionKind === vscode.ExtensionKind.UI };
}
