import assert from 'node:assert/strict';
import { test } from 'node:test';
import { describeOllamaHost, isLoopbackHost, ponderMachine } from '../../../src/extension/loopback';

test('addresses on this machine are loopback', () => {
  for (const host of ['http://127.0.0.1:11434', '127.0.0.1:11434', 'http://localhost:11434', 'https://LOCALHOST', 'http://[::1]:11434', 'http://127.8.9.10']) {
    assert.equal(isLoopbackHost(host), true, host);
  }
});

test('other machines, look-alikes and garbage are not', () => {
  for (const host of ['http://192.168.1.5:11434', 'http://ollama.example.com', 'http://127.0.0.1.example.com', 'http://localhost.evil.net', 'http://[::2]', 'http://', '']) {
    assert.equal(isLoopbackHost(host), false, host);
  }
});

test('a loopback host is on the machine Ponder runs on: this computer, or the remote side of the window', () => {
  assert.equal(describeOllamaHost('http://127.0.0.1:11434').machine, undefined);
  assert.equal(describeOllamaHost('http://127.0.0.1:11434', { remoteName: 'wsl', runsOnUiSide: true }).machine, undefined);
  assert.equal(describeOllamaHost('http://127.0.0.1:11434', { remoteName: 'wsl', runsOnUiSide: false }).machine, 'WSL');
  assert.equal(describeOllamaHost('http://127.0.0.1:11434', { remoteName: 'ssh-remote', runsOnUiSide: false }).remote, false);
  assert.equal(describeOllamaHost('http://gpu-box:11434', { remoteName: 'ssh-remote', runsOnUiSide: false }).machine, 'gpu-box');
  assert.equal(ponderMachine({ remoteName: 'attached-container', runsOnUiSide: false }).short, 'dev container');
});
